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


@lru_cache(maxsize=1)
def _screens() -> dict[str, re.Pattern[str]]:
    """Per theme, one pattern matching wherever any of its cues matches: one scan tells
    whether a passage has anything for the theme, so most themes cost one search, not one
    per cue."""
    return {
        code: re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _, _ in cues))
        for code, cues in _compiled()[0].items()
    }


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
        screens = _screens()
        text = prepare(passage)
        found: dict[str, list[tuple[str, float, bool]]] = {}
        for code, cues in themes.items():
            if not screens[code].search(text):
                continue
            spans = []
            for pattern, weight, is_negative in cues:
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
