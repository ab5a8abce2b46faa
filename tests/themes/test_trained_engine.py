"""The trained engine: weights, suggestions, learning, training on development only."""

import json

import numpy as np
import pytest

from safeguarding.themes.engine import TrainedEngine, WeightsMissing, get_engine
from safeguarding.themes.engine.training import train_development


@pytest.fixture(scope="module")
def engine():
    return get_engine("trained-static")


def codes(suggestions):
    return {s.code for s in suggestions}


def test_loads_weights_and_suggests_clear_themes(engine):
    text = (
        "Ms D's partner controlled her money, took her bank card and stopped her seeing "
        "friends; she described coercive control over many years."
    )
    assert "domestic-abuse" in codes(engine.suggest(text))
    assert all(0 <= s.confidence <= 1 for s in engine.suggest(text, threshold=0))


def test_procedural_passage_gets_nothing(engine):
    text = "The panel met four times between March and July. The report was anonymised."
    assert engine.suggest(text) == []


def test_learn_changes_a_decided_text(engine):
    text = "The panel met four times between March and July. The report was anonymised."
    engine.learn([(text, "record-keeping", True)] * 3)
    try:
        assert "record-keeping" in codes(engine.suggest(text))
    finally:
        engine.learn([])


def test_missing_weights_fail_clearly(tmp_path):
    with pytest.raises(WeightsMissing, match="train_themes"):
        TrainedEngine(path=tmp_path / "none.npz")


def test_training_is_deterministic_and_never_sees_held_out(tmp_path):
    lines = [
        {"id": f"t{i}", "text": text, "themes": themes, "recommendations": []}
        for i, (text, themes) in enumerate(
            [
                ("Information was not shared with the GP.", ["information-sharing"]),
                ("The school did not pass on the concern.", ["information-sharing"]),
                ("Nobody asked who the new partner was.", ["professional-curiosity"]),
                ("The explanation was accepted at face value.", ["professional-curiosity"]),
                ("The panel met four times.", []),
                ("Held out: coercive control by her partner.", ["domestic-abuse"]),
            ]
        )
    ]
    corpus = tmp_path / "passages.jsonl"
    corpus.write_text("\n".join(json.dumps(line) for line in lines))
    split = tmp_path / "split.json"
    # t0..t4 are "tuned" (development); with share 1.0 every other record is held out.
    split.write_text(
        json.dumps({"seed": 1, "held_out_share": 1.0, "tuned": [f"t{i}" for i in range(5)]})
    )
    first, report = train_development(corpus, "static", out=tmp_path / "a.npz")
    second, _ = train_development(corpus, "static", out=tmp_path / "b.npz")
    assert report["records"] == 5
    with np.load(first) as a, np.load(second) as b:
        assert "t5" not in a["trained_on"].tolist()
        assert "held" not in a["vocabulary"].tolist()
        for key in a.files:
            assert np.array_equal(a[key], b[key]), key
