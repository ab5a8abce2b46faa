"""The embedding engine, learning from decisions, and the feedback service."""

import pytest

from safeguarding.themes import services
from safeguarding.themes.engine import DEFAULT_ENGINE, EmbeddingEngine, get_engine
from safeguarding.themes.models import ThemeFeedback

SEEN = "The lodger in the house was never spoken to by the health visitor on her visits."
SIMILAR = "The health visitor never spoke to the lodger in the house during her visits."


def confidence(engine, text, code):
    return engine.score_passages([text])[0].get(code, 0.0)


@pytest.fixture(scope="module")
def engine():
    return EmbeddingEngine(encoder_name="static", keywords=True)


def test_default_engine_is_registered_and_batches():
    engine = get_engine(DEFAULT_ENGINE)
    out = engine.suggest_passages(["The baby had a fractured arm.", "", "Nobody asked."])
    assert len(out) == 3 and out[1] == []
    assert all(0 <= s.confidence <= 1 for s in out[0])


def test_accepted_example_raises_a_similar_unseen_passage(engine):
    engine.learn([])
    before = confidence(engine, SIMILAR, "think-family")
    engine.learn([(SEEN, "think-family", True)])
    after = confidence(engine, SIMILAR, "think-family")
    engine.learn([])
    assert after > before + 0.1


def test_rejected_example_lowers_it(engine):
    text = "The baby had a bruise on her cheek that her mother could not explain."
    similar = "Her mother could not explain the bruise on the baby's cheek."
    engine.learn([])
    before = confidence(engine, similar, "physical-abuse")
    engine.learn([(text, "physical-abuse", False)])
    after = confidence(engine, similar, "physical-abuse")
    engine.learn([])
    assert after < before - 0.1


def test_unrelated_example_changes_nothing(engine):
    unrelated = "The family were living in a damp one-bedroom flat after being evicted."
    engine.learn([])
    before = confidence(engine, unrelated, "think-family")
    engine.learn([(SEEN, "think-family", True)])
    assert confidence(engine, unrelated, "think-family") == pytest.approx(before, abs=0.02)
    engine.learn([])


def test_last_decision_wins(engine):
    engine.learn([(SEEN, "think-family", True), (SEEN, "think-family", False)])
    assert confidence(engine, SEEN, "think-family") < 0.05
    engine.learn([])


@pytest.mark.django_db
def test_record_feedback_stores_rows_and_checks_input(django_user_model):
    user = django_user_model.objects.create_user(username="fb", password="x-long-password-1")
    row = services.record_feedback(
        code="neglect", text="  Hungry  children. ", accepted=True, user=user
    )
    assert (row.code, row.text, row.accepted, row.created_by) == (
        "neglect",
        "Hungry children.",
        True,
        user,
    )
    with pytest.raises(ValueError):
        services.record_feedback(code="nope", text="x", accepted=True)
    with pytest.raises(ValueError):
        services.record_feedback(code="neglect", text=" ", accepted=False)
    assert ThemeFeedback.objects.count() == 1


@pytest.mark.django_db
def test_suggest_for_passages_picks_up_new_feedback():
    services.reset_default_engine()
    document, per_passage = services.suggest_for_passages([SIMILAR])
    assert len(per_passage) == 1
    before = {s.code: s.confidence for s in per_passage[0]}.get("think-family", 0.0)
    services.record_feedback(code="think-family", text=SEEN, accepted=True)
    document, per_passage = services.suggest_for_passages([SIMILAR])
    after = {s.code: s.confidence for s in per_passage[0]}.get("think-family", 0.0)
    assert after > before
    assert any(s.code == "think-family" and s.evidence == SIMILAR for s in document)
    services.reset_default_engine()
