"""The links behind a figure's cells come from a template made once per figure, and are the
links ``urlencode`` would give: same parameters, same order, same quoting."""

import itertools
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.urls import reverse

from safeguarding.dashboard import figures
from safeguarding.dashboard.links import cell_query

PARAMS = [
    {"from": 20241, "to": 20254},
    {"from": 20241, "to": 20254, "type": "rapid", "area": "icb-7", "theme": 12},
    {},
]
FIXED = [
    {"theme": "row", "partnership": "column"},
    {"review_type": "row", "year": "column"},
    {"stage": "row", "slippage": "overdue"},
    {"owner": "row", "overdue": 1},
    {"theme": "column", "missing": "row", "blank": "", "nothing": None},
]
KEYS = [3, 0, "sab", "a b&c=d/é+", "", None]


def _expected(params, fixed, row, column):
    cell = {
        key: row if where == "row" else column if where == "column" else where
        for key, where in fixed.items()
    }
    return urlencode({**params, **{k: v for k, v in cell.items() if v not in (None, "")}})


@pytest.mark.parametrize(("params", "fixed"), list(itertools.product(PARAMS, FIXED)))
def test_the_template_gives_what_urlencode_gives(params, fixed):
    query = cell_query(params, fixed)
    for row, column in itertools.product(KEYS, KEYS):
        assert query(row, column) == _expected(params, fixed, row, column), (row, column)


def test_a_cells_link_parses_back_to_the_filters_and_the_cell():
    filters = figures.Filters(quarter_from=20171, quarter_to=20264, review_type="rapid")
    href = figures._cell_href(
        "dashboard:reviews", filters, {"theme": "row", "partnership": "column"}
    )
    link = urlsplit(href(28, 105))
    assert link.path == reverse("dashboard:reviews")
    assert parse_qsl(link.query) == [
        ("from", "20171"),
        ("to", "20264"),
        ("type", "rapid"),
        ("theme", "28"),
        ("partnership", "105"),
    ]
    # a cell key that needs quoting comes back as it was
    assert dict(parse_qsl(urlsplit(href(28, "a b&c")).query))["partnership"] == "a b&c"
    # and every link is the one the reference (urlencode on every cell) gives
    assert href(28, 105) == figures._records_href(
        "dashboard:reviews", filters, theme=28, partnership=105
    )
