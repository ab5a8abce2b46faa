"""Shape of the labelled development corpus (tests/corpus). Plain pytest, no database:
the files parse, ids are unique, every label is a known theme code, the corpus is big
enough for per-theme figures, every labelled recommendation is in its document, and every
search query (queries.jsonl) points at passages that exist."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from safeguarding.themes.taxonomy import THEME_CODES

HERE = Path(__file__).parent
KEYS = {"id", "text", "themes", "recommendations"}
DOCUMENT_KEYS = KEYS | {"layout", "negatives"}
NEGATIVES = {
    "questions",
    "actions-taken",
    "good-practice",
    "findings",
    "terms-of-reference",
    "single-agency-done",
    "accepted-preamble",
    "learning-points",
}


def _load(name):
    rows = []
    with open(HERE / name, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            assert line.strip(), f"{name}:{number} is blank"
            rows.append(json.loads(line))
    return rows


def _normalise(text):
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def passages():
    return _load("passages.jsonl")


@pytest.fixture(scope="module")
def documents():
    return _load("documents.jsonl")


@pytest.mark.parametrize("name", ["passages.jsonl", "documents.jsonl"])
def test_every_line_is_a_labelled_record(name):
    for row in _load(name):
        if name == "documents.jsonl":
            assert KEYS | {"layout"} <= set(row) <= DOCUMENT_KEYS, row.get("id")
            assert isinstance(row["layout"], str) and row["layout"], row["id"]
            assert set(row.get("negatives", [])) <= NEGATIVES, row["id"]
        else:
            assert set(row) == KEYS, row.get("id")
        assert isinstance(row["id"], str) and row["id"]
        assert isinstance(row["text"], str) and row["text"].strip()
        assert isinstance(row["themes"], list)
        assert isinstance(row["recommendations"], list)
        assert all(isinstance(item, str) and item.strip() for item in row["recommendations"])


def test_ids_are_unique_across_the_corpus(passages, documents):
    ids = [row["id"] for row in passages + documents]
    duplicates = [key for key, count in Counter(ids).items() if count > 1]
    assert not duplicates


def test_every_label_is_a_taxonomy_code(passages, documents):
    for row in passages + documents:
        unknown = set(row["themes"]) - THEME_CODES
        assert not unknown, (row["id"], unknown)
        assert len(row["themes"]) == len(set(row["themes"])), row["id"]


def test_passages_are_enough_and_cover_every_theme(passages):
    assert len(passages) >= 600
    counts = Counter(code for row in passages for code in row["themes"])
    thin = {code: counts[code] for code in THEME_CODES if counts[code] < 12}
    assert not thin, thin


def test_passages_carry_at_most_four_themes_and_no_recommendations(passages):
    for row in passages:
        assert len(row["themes"]) <= 4, row["id"]
        assert row["recommendations"] == [], row["id"]
    assert any(not row["themes"] for row in passages), "no passage without a theme"


def test_documents_are_enough_with_recommendations(documents):
    assert len(documents) >= 80
    assert len({row["layout"] for row in documents}) >= 16
    for row in documents:
        assert len(row["recommendations"]) >= 2, row["id"]
    negatives = Counter(family for row in documents for family in row.get("negatives", []))
    assert set(negatives) == NEGATIVES, NEGATIVES - set(negatives)


def _without_page_furniture(text):
    """The text with the line before each page break (a footer) and the first line after
    it (a running header) taken out, as a reader of the report sees it."""
    pages = text.split("\f")
    for i in range(len(pages) - 1):
        before = pages[i].rstrip("\n").split("\n")
        pages[i] = "\n".join(before[:-1])
        after = pages[i + 1].lstrip("\n").split("\n")
        pages[i + 1] = "\n".join(after[1:])
    return "\n".join(pages)


def test_labelled_recommendations_occur_in_their_document(documents):
    for row in documents:
        text = _normalise(_without_page_furniture(row["text"]))
        for recommendation in row["recommendations"]:
            assert _normalise(recommendation) in text, (row["id"], recommendation[:60])
        assert len(set(row["recommendations"])) == len(row["recommendations"]), row["id"]


def test_the_split_holds_out_at_least_a_quarter_of_each_corpus(passages, documents):
    from safeguarding.themes.evaluation import HELD_OUT, load_split

    split = load_split(HERE / "split.json")
    for rows in (passages, documents):
        held_out = [row for row in rows if split.part_of(row["id"]) == HELD_OUT]
        assert len(held_out) >= len(rows) / 4
        assert not {row["id"] for row in held_out} & split.tuned
    layouts = {row["layout"] for row in documents}
    held_out_layouts = {r["layout"] for r in documents if split.part_of(r["id"]) == HELD_OUT}
    assert held_out_layouts == layouts - {"recommendation-label"}  # written before the split


def test_search_queries_point_at_existing_passages(passages):
    known = {row["id"] for row in passages}
    queries = []
    with open(HERE / "queries.jsonl", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            assert line.strip(), f"queries.jsonl:{number} is blank"
            queries.append(json.loads(line))
    assert len(queries) >= 30
    ids = [row["id"] for row in queries]
    assert len(ids) == len(set(ids)), [key for key, n in Counter(ids).items() if n > 1]
    for row in queries:
        assert set(row) == {"id", "query", "relevant"}, row.get("id")
        assert isinstance(row["query"], str) and row["query"].strip(), row["id"]
        assert isinstance(row["relevant"], list) and row["relevant"], row["id"]
        assert len(row["relevant"]) == len(set(row["relevant"])), row["id"]
        unknown = set(row["relevant"]) - known
        assert not unknown, (row["id"], unknown)
