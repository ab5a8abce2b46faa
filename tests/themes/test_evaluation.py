"""Evaluation maths, the JSONL loader and the two management commands."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguarding.themes.engine import DEFAULT_ENGINE, ThemeEngine
from safeguarding.themes.evaluation import (
    CorpusError,
    Record,
    evaluate_recommendations,
    evaluate_themes,
    load_jsonl,
)

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


class FixedEngine(ThemeEngine):
    """Returns canned (code, confidence) pairs per text."""

    name = "fixed"
    default_threshold = 0.5

    def __init__(self, answers):
        self.answers = answers

    def score_passage(self, passage):
        return dict(self.answers.get(passage, {}))


def rec(id, text, themes=(), recommendations=()):
    return Record(id, text, tuple(themes), tuple(recommendations))


def test_theme_metrics_on_a_hand_made_set():
    records = [
        rec("a", "A", ["neglect", "housing-homelessness"]),
        rec("b", "B", ["neglect"]),
        rec("c", "C", []),
    ]
    engine = FixedEngine(
        {
            "A": {"neglect": 0.9, "housing-homelessness": 0.4},  # housing below threshold
            "B": {"neglect": 0.8, "mental-health": 0.7},
            "C": {"neglect": 0.6},
        }
    )
    result = evaluate_themes(engine, records)
    assert result["threshold"] == 0.5
    assert result["passages"] == 3
    neglect = result["per_theme"]["neglect"]
    # neglect: tp 2 (a, b), fp 1 (c), fn 0
    assert (neglect["tp"], neglect["fp"], neglect["fn"]) == (2, 1, 0)
    assert neglect["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert neglect["recall"] == 1.0
    assert neglect["f1"] == pytest.approx(0.8, abs=1e-4)
    housing = result["per_theme"]["housing-homelessness"]
    assert housing["precision"] is None and housing["recall"] == 0.0 and housing["f1"] is None
    assert housing["support"] == 1
    mental = result["per_theme"]["mental-health"]
    assert mental["recall"] is None and mental["precision"] == 0.0 and mental["predicted"] == 1
    assert result["per_theme"]["transitions"]["support"] == 0
    # micro: tp 2, fp 2, fn 1 -> P 0.5, R 2/3, F1 4/7
    assert (result["tp"], result["fp"], result["fn"]) == (2, 2, 1)
    assert result["micro_f1"] == pytest.approx(4 / 7, abs=1e-4)
    # macro over neglect (0.8), housing (0), mental-health (0)
    assert result["macro_themes"] == 3
    assert result["macro_f1"] == pytest.approx(0.8 / 3, abs=1e-4)
    assert "support" in result["macro_over"]
    assert result["exact_match"] == pytest.approx(0.0)

    lower = evaluate_themes(engine, records, threshold=0.3)
    assert lower["threshold"] == 0.3
    assert lower["per_theme"]["housing-homelessness"]["tp"] == 1


def test_perfect_engine_scores_one():
    records = [rec("a", "A", ["neglect"]), rec("b", "B", ["exploitation", "online-harm"])]
    engine = FixedEngine({"A": {"neglect": 1.0}, "B": {"exploitation": 0.9, "online-harm": 0.9}})
    result = evaluate_themes(engine, records)
    assert result["micro_f1"] == 1.0 and result["macro_f1"] == 1.0
    assert result["exact_match"] == 1.0


def test_recommendation_metrics():
    text = (
        "Findings\nThe GP did not refer.\n\n"
        "Recommendations\n"
        "Recommendation 1: The ICB should   review the bruising protocol.\n"
        "Recommendation 2: The partnership should audit strategy meetings.\n"
    )
    records = [
        rec(
            "d",
            text,
            recommendations=[
                "The ICB should review the bruising protocol.",
                "The police should share records within one day.",
            ],
        )
    ]
    result = evaluate_recommendations(records)
    assert result["found"] == 1
    assert result["extra"] == 1
    assert result["missed"] == 1
    assert result["precision"] == 0.5 and result["recall"] == 0.5
    doc = result["per_document"][0]
    assert doc["labelled"] == 2 and doc["extracted"] == 2


def test_recommendation_metrics_undefined_when_nothing_to_count():
    result = evaluate_recommendations([rec("p", "Just a passage.")])
    assert result["precision"] is None and result["recall"] is None


def write(tmp_path, lines):
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"id": "a", "text": "t", "themes": ["neglect"], "recommendations": []})


@pytest.mark.parametrize(
    "bad, message",
    [
        ("{not json", "invalid JSON"),
        (json.dumps({"id": "b", "text": "t", "themes": []}), "missing key(s): recommendations"),
        (
            json.dumps({"id": "b", "text": "t", "themes": ["nope"], "recommendations": []}),
            "unknown theme code(s): nope",
        ),
        (json.dumps({"id": "b", "text": 3, "themes": [], "recommendations": []}), '"text"'),
        (json.dumps(["a"]), "JSON object"),
        (GOOD, "repeats line 1"),
    ],
)
def test_load_jsonl_names_the_line(tmp_path, bad, message):
    path = write(tmp_path, [GOOD, "", bad])
    with pytest.raises(CorpusError) as caught:
        load_jsonl(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith("line 3:")
    assert message in str(caught.value)


def test_load_jsonl_reads_the_corpus():
    records = load_jsonl(CORPUS / "passages.jsonl")
    assert len(records) >= 150
    assert all(isinstance(r, Record) for r in records)


def test_load_jsonl_missing_or_empty_file(tmp_path):
    with pytest.raises(CorpusError, match="cannot read"):
        load_jsonl(tmp_path / "absent.jsonl")
    with pytest.raises(CorpusError, match="no records"):
        load_jsonl(write(tmp_path, ["", "  "]))


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    return lines, json.loads(lines[-1])


def in_unit_range(value):
    return isinstance(value, int | float) and 0.0 <= value <= 1.0


def test_eval_themes_command():
    lines, summary = run("eval_themes", str(CORPUS / "passages.jsonl"))
    assert len(lines) > 34  # a table row per theme, then the summary
    for key in ("engine", "threshold", "micro_f1", "macro_f1", "passages"):
        assert key in summary
    assert summary["engine"] == DEFAULT_ENGINE
    assert summary["passages"] == len(load_jsonl(CORPUS / "passages.jsonl"))
    for key in ("threshold", "micro_f1", "macro_f1", "micro_precision", "micro_recall"):
        assert in_unit_range(summary[key]), key


def test_eval_themes_command_threshold_and_documents():
    _, summary = run("eval_themes", str(CORPUS / "documents.jsonl"), "--threshold", "0.7")
    assert summary["threshold"] == 0.7
    assert in_unit_range(summary["micro_f1"]) and in_unit_range(summary["macro_f1"])


def test_eval_recommendations_command():
    lines, summary = run("eval_recommendations", str(CORPUS / "documents.jsonl"))
    assert any(line.startswith("layout ") for line in lines)  # the per-layout table
    assert any(line.startswith("numbered ") for line in lines)
    for key in ("precision", "recall", "found", "extra", "missed"):
        assert key in summary
    assert in_unit_range(summary["precision"]) and in_unit_range(summary["recall"])
    assert summary["found"] + summary["missed"] == sum(
        len(r.recommendations) for r in load_jsonl(CORPUS / "documents.jsonl")
    )


@pytest.mark.parametrize("command", ["eval_themes", "eval_recommendations"])
def test_bad_file_gives_command_error_naming_the_line(tmp_path, command):
    path = write(tmp_path, [GOOD, "{oops"])
    with pytest.raises(CommandError, match="line 2"):
        call_command(command, str(path), stdout=StringIO())


def test_bad_threshold_gives_command_error():
    with pytest.raises(CommandError, match="threshold"):
        call_command(
            "eval_themes", str(CORPUS / "passages.jsonl"), "--threshold", "2", stdout=StringIO()
        )


def test_eval_themes_feedback_folds():
    lines, summary = run(
        "eval_themes",
        str(CORPUS / "passages.jsonl"),
        "--feedback-folds",
        "3",
        "--engine",
        "static-hybrid",
    )
    assert summary["folds"] == 3 and len(lines) >= 5
    for key in ("before_micro_f1", "after_micro_f1", "before_macro_f1", "after_macro_f1"):
        assert in_unit_range(summary[key]), key
    with pytest.raises(CommandError):
        run("eval_themes", str(CORPUS / "passages.jsonl"), "--feedback-folds", "1")


def test_recorded_decisions_improve_held_out_suggestions_on_the_corpus():
    """(Pinned to static-hybrid: the trained default is fitted on development, so its "before"
    is in-sample and feedback lowers it; see docs/decisions/0006.) The issue's claim, measured: decisions on other passages raise the mean F1 on passages
    the engine has never seen decisions on (5-fold cross-validation, development corpus)."""
    from pathlib import Path

    from safeguarding.themes.engine import get_engine
    from safeguarding.themes.evaluation import evaluate_feedback, load_jsonl

    corpus = Path(__file__).resolve().parents[1] / "corpus" / "passages.jsonl"
    result = evaluate_feedback(get_engine("static-hybrid"), load_jsonl(corpus), folds=5)
    assert result["after_micro_f1"] > result["before_micro_f1"]
    assert result["after_macro_f1"] > result["before_macro_f1"]


def test_the_split_is_fixed_and_keeps_tuned_records_in_development():
    from safeguarding.themes.evaluation import DEVELOPMENT, HELD_OUT, Split, load_split

    split = load_split(CORPUS / "split.json")
    assert split.part_of("d01") == DEVELOPMENT and split.part_of("p001") == DEVELOPMENT
    again = Split(split.seed, split.share, split.tuned)
    ids = [f"x{n}" for n in range(400)]
    parts = [split.part_of(i) for i in ids]
    assert parts == [again.part_of(i) for i in ids]
    assert 0.3 < parts.count(HELD_OUT) / len(ids) < 0.6
    assert Split(split.seed + 1, split.share, split.tuned).part_of("x1") in (DEVELOPMENT, HELD_OUT)


def test_the_parts_add_up_and_the_held_out_part_shows_no_errors():
    _, everything = run("eval_recommendations", str(CORPUS / "documents.jsonl"))
    _, development = run(
        "eval_recommendations", str(CORPUS / "documents.jsonl"), "--part", "development"
    )
    lines, held_out = run(
        "eval_recommendations", str(CORPUS / "documents.jsonl"), "--part", "held-out"
    )
    assert development["part"] == "development" and held_out["part"] == "held-out"
    assert development["documents"] + held_out["documents"] == everything["documents"]
    assert development["found"] + held_out["found"] == everything["found"]
    assert not any(line.lstrip().startswith(("extra:", "missed:")) for line in lines)


def test_a_part_without_a_split_is_a_command_error(tmp_path):
    path = write(tmp_path, [GOOD])
    with pytest.raises(CommandError, match="no split file"):
        call_command("eval_themes", str(path), "--part", "held-out", stdout=StringIO())
