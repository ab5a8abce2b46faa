"""The keyword engine runs only the cues whose first word a passage has; that must find
exactly what running every cue finds."""

import json
from pathlib import Path

import pytest

from safeguarding.themes.engine import keywords

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _every_cue(text: str) -> dict[str, list[tuple[int, int]]]:
    themes = keywords._compiled()[0]
    found = {}
    for code, cues in themes.items():
        spans = sorted(
            (m.start(), m.end())
            for pattern, _, _ in cues
            for m in pattern.finditer(text)
            if m.end() > m.start()
        )
        if spans:
            found[code] = spans
    return found


def _indexed(text: str) -> dict[str, list[tuple[int, int]]]:
    themes = keywords._compiled()[0]
    found = {}
    for code, indexes in keywords._candidates(text).items():
        spans = sorted(
            (m.start(), m.end())
            for i in indexes
            for m in themes[code][i][0].finditer(text)
            if m.end() > m.start()
        )
        if spans:
            found[code] = spans
    return found


def _texts():
    for name in ("passages.jsonl", "documents.jsonl"):
        for line in (CORPUS / name).read_text().splitlines():
            yield json.loads(line)["text"]


def test_the_index_finds_every_match_on_the_whole_corpus():
    texts = [keywords.prepare(t) for t in _texts()]
    assert len(texts) > 700
    for text in texts:
        assert _indexed(text) == _every_cue(text)


@pytest.mark.parametrize(
    "passage, code",
    [
        ("Non-engagement was recorded.", "disguised-compliance"),
        ("The child's voice was not heard.", "voice-of-person"),
        ("She was sofa-surfing with friends.", "housing-homelessness"),
    ],
)
def test_cues_with_hyphens_and_apostrophes_still_match(passage, code):
    scores = keywords.KeywordEngine().score_passage(passage)
    assert code in scores
