"""The theme engine interface and the keyword baseline."""

import subprocess
import sys
from pathlib import Path

import pytest

from safeguarding.themes.engine import (
    ENGINES,
    KeywordEngine,
    Suggestion,
    ThemeEngine,
    get_engine,
    split_passages,
)
from safeguarding.themes.engine.keywords import cue_pattern
from safeguarding.themes.engine.lexicon import LEXICON
from safeguarding.themes.taxonomy import THEME_CODES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def engine():
    return KeywordEngine()


def codes(suggestions):
    return {s.code for s in suggestions}


def test_lexicon_covers_every_theme_and_compiles():
    assert set(LEXICON) == THEME_CODES
    for cues in LEXICON.values():
        assert cues
        for cue, weight in cues:
            assert cue == cue.lower()
            assert 0 < weight <= 1
            cue_pattern(cue)


def test_cue_pattern_syntax():
    import re

    assert re.search(cue_pattern("multi agency"), "a multi-agency meeting")
    assert re.search(cue_pattern("bruis*"), "bruising was seen")
    assert not re.search(cue_pattern("gay"), "gaynor")
    assert re.search(cue_pattern("not ... shared"), "it was not then formally shared")


def test_a_cue_gives_its_theme_with_evidence(engine):
    text = "The health visitor accepted the explanation without question."
    suggestions = engine.suggest(text)
    curiosity = [s for s in suggestions if s.code == "professional-curiosity"]
    assert curiosity
    assert curiosity[0].evidence == text
    assert curiosity[0].confidence >= engine.default_threshold


def test_document_evidence_is_the_best_passage(engine):
    document = (
        "Summary\nThe review was commissioned by the partnership.\n\n"
        "Appointments were missed three times and the child was not brought to clinic.\n\n"
        "The panel met four times."
    )
    suggestions = engine.suggest(document)
    match = next(s for s in suggestions if s.code == "disguised-compliance")
    assert "was not brought" in match.evidence
    assert "panel met" not in match.evidence


def test_negation_discounts_a_cue(engine):
    plain = engine.score_passage("Ms D was subject to financial abuse by her son.")
    negated = engine.score_passage("There was no evidence of financial abuse by her son.")
    assert plain["financial-abuse"] >= engine.default_threshold
    assert negated.get("financial-abuse", 0) < engine.default_threshold
    assert negated.get("financial-abuse", 0) < plain["financial-abuse"]
    ruled_out = engine.score_passage("Sexual abuse was ruled out after a medical.")
    assert ruled_out.get("sexual-abuse", 0) < engine.default_threshold


def test_negative_cues_are_not_themselves_negated(engine):
    scores = engine.score_passage("There was no chronology and the visit was not recorded.")
    assert scores["record-keeping"] >= engine.default_threshold


def test_empty_text_gives_nothing(engine):
    assert engine.suggest("") == []
    assert engine.suggest("   \n\n  ") == []
    assert engine.suggest_passages(["", "  "]) == [[], []]


def test_confidences_in_range_and_sorted(engine):
    text = (
        "Baby C, aged eight weeks, had a bruise on his ear. His father was not seen and "
        "nobody asked about the domestic abuse the police knew of. The mother drank heavily "
        "and had been in temporary accommodation since an eviction."
    )
    everything = engine.suggest(text, threshold=0)
    assert everything
    for s in everything:
        assert isinstance(s, Suggestion)
        assert 0.0 <= s.confidence <= 1.0
        assert s.code in THEME_CODES
    confidences = [s.confidence for s in everything]
    assert confidences == sorted(confidences, reverse=True)
    default = engine.suggest(text)
    assert all(s.confidence >= engine.default_threshold for s in default)
    assert codes(default) <= codes(everything)
    assert len(everything) >= len(default)


def test_more_cues_give_more_confidence(engine):
    one = engine.score_passage("There was a bruise.")["physical-abuse"]
    two = engine.score_passage("There was a bruise and a fracture.")["physical-abuse"]
    assert 0 < one < two <= 1


def test_suggest_passages_keeps_order(engine):
    results = engine.suggest_passages(
        ["He was sleeping rough after an eviction.", "", "She self-harmed by cutting."]
    )
    assert len(results) == 3
    assert "housing-homelessness" in codes(results[0])
    assert results[1] == []
    assert "suicide-self-harm" in codes(results[2])


def test_split_passages():
    assert split_passages("") == []
    assert split_passages("One.\n\n\nTwo.\n  \nThree.") == ["One.", "Two.", "Three."]
    long = " ".join(
        f"Sentence number {i} has several words in it to make it long." for i in range(20)
    )
    windows = split_passages(long)
    assert len(windows) > 1
    assert all(len(w.split("Sentence number")) - 1 <= 3 for w in windows)
    assert windows[0].startswith("Sentence number 0") and "number 19" in windows[-1]


def test_registry():
    assert isinstance(get_engine("keywords"), ThemeEngine)
    assert "keywords" in ENGINES
    with pytest.raises(KeyError, match="choose from"):
        get_engine("nope")


def test_suggestion_rejects_bad_confidence():
    with pytest.raises(ValueError):
        Suggestion("neglect", 1.5, "x")


def test_engine_runs_without_django():
    code = (
        "import sys; sys.modules['django'] = None\n"
        "from safeguarding.themes.engine import KeywordEngine\n"
        "from safeguarding.themes import evaluation\n"
        "print(KeywordEngine().suggest('The baby was bruised.'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_self_neglect_is_not_neglect():
    engine = KeywordEngine()
    scores = engine.score_passage("Information about the risk of self-neglect was not shared.")
    assert "neglect" not in scores and scores["self-neglect"] >= 0.5
    assert engine.score_passage("The children were neglected at home.")["neglect"] >= 0.5
