"""The theme engine interface. Plain Python, no Django import.

An engine suggests theme codes from the default taxonomy for a text, each with a confidence
in 0..1 and the passage that gave rise to it. A document's suggestion is its best-scoring
passage, so the evidence a reviewer sees is a paragraph or a few sentences, not the report.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass

# A paragraph longer than this is cut into overlapping sentence windows.
MAX_PASSAGE_WORDS = 120
WINDOW_SENTENCES = 3
WINDOW_STRIDE = 2

_BLANK_LINE = re.compile(r"\n\s*\n+")
# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket) and a space
# before a capital letter, digit or opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])['\"’”)]?\s+(?=[A-Z0-9'\"‘“(])")


@dataclass(frozen=True)
class Suggestion:
    code: str
    confidence: float  # 0..1
    evidence: str  # the passage that gave the best score for this code

    def __post_init__(self):
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be in 0..1, not {self.confidence!r}")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def split_passages(
    text: str,
    *,
    max_words: int = MAX_PASSAGE_WORDS,
    window: int = WINDOW_SENTENCES,
    stride: int = WINDOW_STRIDE,
) -> list[str]:
    """Cut a text into passages: paragraphs (blocks between blank lines), with any paragraph
    longer than `max_words` cut into windows of `window` sentences, each starting `stride`
    sentences after the last (by default 3 sentences overlapping by one). Whitespace inside a
    passage is collapsed. Empty text gives []."""
    passages: list[str] = []
    for block in _BLANK_LINE.split(text or ""):
        block = " ".join(block.split())
        if not block:
            continue
        if len(block.split()) <= max_words:
            passages.append(block)
            continue
        sentences = split_sentences(block)
        if len(sentences) <= window:
            passages.append(block)
            continue
        start = 0
        while True:
            chunk = sentences[start : start + window]
            passages.append(" ".join(chunk))
            if start + window >= len(sentences):
                break
            start += stride
    return passages


class ThemeEngine(ABC):
    """Suggests theme codes for a text.

    Subclasses set `name` and `default_threshold` and implement `score_passage`, which gives
    a confidence in 0..1 for every code it has any signal for. `suggest` and
    `suggest_passages` are built on it.
    """

    name: str = ""
    default_threshold: float = 0.5

    @abstractmethod
    def score_passage(self, passage: str) -> dict[str, float]:
        """Confidence (0..1) per theme code for one passage; codes with no signal may be
        left out."""

    def score_passages(self, passages: list[str]) -> list[dict[str, float]]:
        """`score_passage` for many passages at once, in order. Engines that encode texts
        override this to encode in one batch; `suggest*` always go through it."""
        return [self.score_passage(passage) for passage in passages]

    def learn(self, examples) -> None:
        """Take people's decisions into account: `examples` is an iterable of
        `(text, code, accepted)`. The base engine ignores them; engines that learn (see
        embedding.py) override this. Replaces any examples given before."""
        return None

    def _threshold(self, threshold: float | None) -> float:
        return self.default_threshold if threshold is None else threshold

    @staticmethod
    def _ranked(best: dict[str, tuple[float, str]], threshold: float) -> list[Suggestion]:
        suggestions = [
            Suggestion(code, round(min(1.0, max(0.0, confidence)), 4), evidence)
            for code, (confidence, evidence) in best.items()
            if confidence > 0 and confidence >= threshold
        ]
        suggestions.sort(key=lambda s: (-s.confidence, s.code))
        return suggestions

    def suggest(self, text: str, threshold: float | None = None) -> list[Suggestion]:
        """Suggestions for a whole text (a passage or a document), best first.

        The text is split into passages; a code's confidence is its best passage score and
        its evidence is that passage. Only suggestions at or above the threshold (the
        engine's default unless given) are returned; `threshold=0` returns every code with
        any signal.
        """
        return self.suggest_many([text], threshold)[0]

    def suggest_many(
        self, texts: list[str], threshold: float | None = None
    ) -> list[list[Suggestion]]:
        """`suggest` for many texts, scoring all their passages in one batch."""
        split = [split_passages(text) for text in texts]
        flat = [passage for passages in split for passage in passages]
        scores = iter(self.score_passages(flat) if flat else [])
        limit = self._threshold(threshold)
        results = []
        for passages in split:
            best: dict[str, tuple[float, str]] = {}
            for passage in passages:
                for code, confidence in next(scores).items():
                    if code not in best or confidence > best[code][0]:
                        best[code] = (confidence, passage)
            results.append(self._ranked(best, limit))
        return results

    def suggest_passages(
        self, passages: list[str], threshold: float | None = None
    ) -> list[list[Suggestion]]:
        """Suggestions for each passage as given (not split further), in the same order."""
        limit = self._threshold(threshold)
        cleaned = [" ".join((passage or "").split()) for passage in passages]
        present = [passage for passage in cleaned if passage]
        scores = iter(self.score_passages(present) if present else [])
        results = []
        for passage in cleaned:
            found = next(scores) if passage else {}
            results.append(self._ranked({c: (s, passage) for c, s in found.items()}, limit))
        return results
