"""Mark the matching words or sentence of a passage with <mark>, escaping everything else.
Plain Python (markupsafe only), no Django import."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

WORD = re.compile(r"\w+", re.UNICODE)
# Words too common to search for or to highlight (PostgreSQL's English configuration drops
# these too, so both databases answer the same query the same way).
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with you your yours yourself yourselves""".split()
)
MAX_TERMS = 10
_SUFFIXES = ("ingly", "edly", "ings", "ing", "ied", "ies", "ed", "es", "ly", "s")


def stem(word: str) -> str:
    """A light English stemmer, enough to see that 'assessed' matches 'assessment' loosely."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def terms(query: str) -> list[str]:
    """The words of a keyword query, lower case, without stop words, at most MAX_TERMS."""
    seen: list[str] = []
    for match in WORD.finditer(query or ""):
        word = match.group().lower()
        if word in STOP_WORDS or word in seen or len(word) < 2:
            continue
        seen.append(word)
    return seen[:MAX_TERMS]


def _matches(word: str, stems: set[str]) -> bool:
    lowered = word.lower()
    if stem(lowered) in stems:
        return True
    return any(len(s) >= 4 and lowered.startswith(s) for s in stems)


def mark_words(text: str, query_terms: list[str]) -> Markup:
    """The text, escaped, with every word matching a query term wrapped in <mark>."""
    stems = {stem(t) for t in query_terms}
    out: list[str] = []
    last = 0
    for match in WORD.finditer(text):
        if _matches(match.group(), stems):
            out.append(str(escape(text[last : match.start()])))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))  # noqa: S704 - every piece was escaped above


def mark_span(text: str, start: int, end: int) -> Markup:
    """The text, escaped, with text[start:end] wrapped in <mark>."""
    if start < 0 or end <= start:
        return escape(text)
    return Markup(  # noqa: S704 - the three pieces are escaped
        f"{escape(text[:start])}<mark>{escape(text[start:end])}</mark>{escape(text[end:])}"
    )


def mark_sentence(text: str, sentence: str) -> Markup:
    start = text.find(sentence)
    return mark_span(text, start, start + len(sentence)) if start >= 0 else escape(text)
