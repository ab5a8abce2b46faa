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


def split_passages(text: str) -> list[str]:
    """Cut a text into passages: paragraphs (blocks between blank lines), with any paragraph
    longer than MAX_PASSAGE_WORDS cut into windows of WINDOW_SENTENCES sentences that overlap
    by one sentence. Whitespace inside a passage is collapsed. Empty text gives []."""
    passages: list[str] = []
    for block in _BLANK_LINE.split(text or ""):
        block = " ".join(block.split())
        if not block:
            continue
        if len(block.split()) <= MAX_PASSAGE_WORDS:
            passages.append(block)
            continue
        sentences = split_sentences(block)
        if len(sentences) <= WINDOW_SENTENCES:
            passages.append(block)
            continue
        start = 0
        while True:
            window = sentences[start : start + WINDOW_SENTENCES]
            passages.append(" ".join(window))
            if start + WINDOW_SENTENCES >= len(sentences):
                break
            start += WINDOW_STRIDE
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

    def _threshold(self, threshold: float | None) -> float:
        return self.default_threshold if threshold is None else threshold

    @staticmethod
    def _ranked(best: dict[str, tuple[float, str]], threshold: float) -> list[Suggestion]:
        suggestions = [
            Suggestion(code, round(confidence, 4), evidence)
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
        best: dict[str, tuple[float, str]] = {}
        for passage in split_passages(text):
            for code, confidence in self.score_passage(passage).items():
                if code not in best or confidence > best[code][0]:
                    best[code] = (confidence, passage)
        return self._ranked(best, self._threshold(threshold))

    def suggest_passages(
        self, passages: list[str], threshold: float | None = None
    ) -> list[list[Suggestion]]:
        """Suggestions for each passage as given (not split further), in the same order."""
        limit = self._threshold(threshold)
        results = []
        for passage in passages:
            passage = " ".join((passage or "").split())
            scores = self.score_passage(passage) if passage else {}
            results.append(self._ranked({c: (s, passage) for c, s in scores.items()}, limit))
        return results
