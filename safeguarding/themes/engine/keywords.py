"""The keyword baseline: hand-written cue phrases (see lexicon.py), simple negation, and a
saturating score. Plain Python, no Django import.

For one passage and one theme, each distinct cue that matches adds its weight (1.0 strong,
0.6 medium, 0.35 weak); overlapping matches keep only the longest. A cue within a few words
after a negator in the same clause ("there was no evidence of financial abuse"), or just before
a "was ruled out", counts for NEGATED_FACTOR of its weight, unless the cue itself is
negative ("not recorded", "did not ask"). The confidence is 1 - exp(-K * total weight), so one
strong cue gives about 0.55 and more cues approach 1.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from .base import ThemeEngine
from .lexicon import LEXICON, NEGATORS_AFTER, NEGATORS_BEFORE

K = 0.8
GAP = "..."  # the cue token for "up to four intervening words"
NEGATED_FACTOR = 0.1
NEGATION_WINDOW_WORDS = 6
_NEGATIVE_WORDS = re.compile(r"\b(no|not|never|nobody|without|nothing|none)\b|n't\b")
_CLAUSE_BREAK = re.compile(r"[.;:!?]|\bbut\b|\bhowever\b|\balthough\b")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def cue_pattern(cue: str) -> str:
    """The regular expression for one cue (see the syntax in lexicon.py)."""
    if cue.startswith("re:"):
        return cue[3:]
    parts: list[str] = []
    tokens = cue.split()
    for i, token in enumerate(tokens):
        if token == GAP:
            parts.append(r"(?:\S+\s+){0,4}")
            continue
        if token.endswith("*"):
            piece = re.escape(token[:-1]) + r"\w*"
        else:
            piece = re.escape(token) + (r"\b" if token[-1].isalnum() else "")
        parts.append(piece)
        if i < len(tokens) - 1:
            parts.append(r"[\s\-]+")
    prefix = r"\b" if cue[0].isalnum() else ""
    return prefix + "".join(parts)


def _alternation(phrases: str) -> re.Pattern[str]:
    cues = [p.strip() for p in phrases.split(";") if p.strip()]
    return re.compile("|".join(f"(?:{cue_pattern(c)})" for c in cues))


@lru_cache(maxsize=1)
def _compiled():
    themes = {
        code: [
            (re.compile(cue_pattern(cue)), weight, bool(_NEGATIVE_WORDS.search(cue)))
            for cue, weight in cues
        ]
        for code, cues in LEXICON.items()
    }
    return themes, _alternation(NEGATORS_BEFORE), _alternation(NEGATORS_AFTER)


_LEADING_WORD = re.compile(r"\w+")
_WORDS = re.compile(r"\w+")


def _leading_word(cue: str) -> str | None:
    """The word a cue's text must contain a word starting with, or None where it cannot be
    told (a regular-expression cue, or one that opens with punctuation or a gap)."""
    if cue.startswith("re:") or not cue[0].isalnum():
        return None
    return _LEADING_WORD.match(cue).group()


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[tuple[str, int]]], dict[str, list[int]]]:
    """Which cues can match, found from a passage's words rather than by running every
    pattern: each cue is filed under the word its matches start with (a cue matches only
    where the text has a word starting with it, since its pattern opens with that literal
    after a word boundary). Cues that cannot be filed are always tried."""
    by_word: dict[str, list[tuple[str, int]]] = {}
    always: dict[str, list[int]] = {}
    for code, cues in LEXICON.items():
        for i, (cue, _weight) in enumerate(cues):
            word = _leading_word(cue)
            if word is None:
                always.setdefault(code, []).append(i)
            else:
                by_word.setdefault(word, []).append((code, i))
    return by_word, always


def _candidates(text: str) -> dict[str, list[int]]:
    """Per theme, the indexes of the cues worth running on a prepared text."""
    by_word, always = _index()
    found: dict[str, set[int]] = {code: set(ids) for code, ids in always.items()}
    prefixes = {w[:k] for w in set(_WORDS.findall(text)) for k in range(1, len(w) + 1)}
    for prefix in prefixes:
        for code, i in by_word.get(prefix, ()):
            found.setdefault(code, set()).add(i)
    return {code: sorted(ids) for code, ids in found.items()}


def prepare(text: str) -> str:
    return " ".join(text.translate(_QUOTES).lower().split())


def _negated(text: str, start: int, end: int, before: re.Pattern, after: re.Pattern) -> bool:
    # The clause before the cue, limited to a few words.
    head = _CLAUSE_BREAK.split(text[max(0, start - 200) : start])[-1]
    head = " ".join(head.split()[-(NEGATION_WINDOW_WORDS + 3) :])
    matches = list(before.finditer(head))
    last = matches[-1] if matches else None
    if last is not None and len(head[last.end() :].split()) <= NEGATION_WINDOW_WORDS:
        return True
    tail = _CLAUSE_BREAK.split(text[end : end + 80])[0]
    tail = " ".join(tail.split()[:5])
    return bool(after.search(tail))


class KeywordEngine(ThemeEngine):
    name = "keywords"
    # Set before any measurement: one strong cue (0.55), two medium cues (0.62) or a medium
    # and a weak cue (0.53) are enough; a single medium or weak cue is not.
    default_threshold = 0.5

    def matches(self, passage: str) -> dict[str, list[tuple[str, float, bool]]]:
        """Per theme, the cues matched in a passage: (matched text, weight, negated)."""
        themes, before, after = _compiled()
        text = prepare(passage)
        found: dict[str, list[tuple[str, float, bool]]] = {}
        for code, indexes in _candidates(text).items():
            cues = themes[code]
            spans = []
            for pattern, weight, is_negative in (cues[i] for i in indexes):
                for m in pattern.finditer(text):
                    if m.end() > m.start():
                        spans.append((m.start(), m.end(), weight, is_negative))
            if not spans:
                continue
            # Longest first; drop any match overlapping one already kept.
            spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
            kept: list[tuple[int, int, float, bool]] = []
            for span in spans:
                if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
                    kept.append(span)
            hits: dict[str, tuple[str, float, bool]] = {}
            for start, end, weight, is_negative in sorted(kept):
                negated = not is_negative and _negated(text, start, end, before, after)
                phrase = text[start:end]
                previous = hits.get(phrase)
                # A phrase counts once; an un-negated use beats a negated one.
                if previous is None or (previous[2] and not negated):
                    hits[phrase] = (phrase, weight, negated)
            found[code] = list(hits.values())
        return found

    def score_passage(self, passage: str) -> dict[str, float]:
        scores = {}
        for code, hits in self.matches(passage).items():
            total = sum(w * (NEGATED_FACTOR if neg else 1.0) for _, w, neg in hits)
            if total > 0:
                scores[code] = min(1.0, max(0.0, 1.0 - math.exp(-K * total)))
        return scores
