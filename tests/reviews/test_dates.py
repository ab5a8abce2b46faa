import datetime

import pytest

from safeguarding.reviews import dates
from safeguarding.reviews.dates import DAY, MONTH, YEAR

D = datetime.date


@pytest.mark.parametrize(
    "text",
    [
        "March 2021",
        "march 2021",
        "MARCH 2021",
        "Mar 2021",
        "mar. 2021",
        "March, 2021",
        "March-2021",
        "  March   2021 ",
        "03/2021",
        "3/2021",
        "2021-03",
        "2021/3",
        "03-2021",
    ],
)
def test_month_and_year_forms(text):
    assert dates.parse_partial(text) == (D(2021, 3, 1), MONTH)


def test_sept_and_sep_are_september():
    assert dates.parse_partial("Sept 2021") == (D(2021, 9, 1), MONTH)
    assert dates.parse_partial("Sep 2021") == (D(2021, 9, 1), MONTH)
    assert dates.parse_partial("September 2021") == (D(2021, 9, 1), MONTH)


def test_year_alone():
    assert dates.parse_partial("2021") == (D(2021, 1, 1), YEAR)
    assert dates.parse_partial(" 1999 ") == (D(1999, 1, 1), YEAR)


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "15/03/2021",
        "2021-03-15",
        "15 March 2021",
        "Mar-21",
        "03/21",
        "Spring 2021",
        "not known",
        "21",
        "202",
        "20211",
    ],
)
def test_other_text_is_not_a_partial_date(text):
    assert dates.parse_partial(text) is None


@pytest.mark.parametrize("text", ["13/2021", "0/2021", "2021-13", "00-2021"])
def test_impossible_month_is_refused(text):
    with pytest.raises(ValueError, match="month"):
        dates.parse_partial(text)


@pytest.mark.parametrize("text", ["1899", "2101", "March 1850", "03/2200"])
def test_year_out_of_range_is_refused(text):
    with pytest.raises(ValueError, match="1900 to 2100"):
        dates.parse_partial(text)


@pytest.mark.parametrize("text", ["Mar-21", "Mar 21", "march 21", "03/21", "3-21", "Sept-21"])
def test_ambiguous_forms(text):
    assert dates.is_ambiguous(text)


@pytest.mark.parametrize(
    "text", ["March 2021", "03/2021", "2021", "15/03/2021", "13/21", "Spring 21", ""]
)
def test_not_ambiguous(text):
    assert not dates.is_ambiguous(text)


def test_resolve_ambiguous_as_month_and_year():
    assert dates.resolve_ambiguous("Mar-21", "month_year") == (D(2021, 3, 1), MONTH)
    assert dates.resolve_ambiguous("03/21", dates.MONTH_YEAR) == (D(2021, 3, 1), MONTH)
    assert dates.resolve_ambiguous("Dec 69", "month_year") == (D(2069, 12, 1), MONTH)
    assert dates.resolve_ambiguous("Dec 70", "month_year") == (D(1970, 12, 1), MONTH)
    assert dates.resolve_ambiguous("Jan 00", "month_year") == (D(2000, 1, 1), MONTH)


def test_resolve_ambiguous_as_day_and_month_has_no_year():
    assert dates.resolve_ambiguous("Mar-21", "day_month") is None


def test_resolve_refuses_plain_text_and_unknown_meanings():
    with pytest.raises(ValueError):
        dates.resolve_ambiguous("March 2021", "month_year")
    with pytest.raises(ValueError):
        dates.resolve_ambiguous("Mar-21", "year_month")


def test_describe():
    assert dates.describe(D(2021, 3, 15), DAY) == "15 March 2021"
    assert dates.describe(D(2021, 3, 15)) == "15 March 2021"
    assert dates.describe(D(2021, 3, 15), None) == "15 March 2021"
    assert dates.describe(D(2021, 3, 1), MONTH) == "March 2021"
    assert dates.describe(D(2021, 1, 1), YEAR) == "2021"
    assert dates.describe(None, MONTH) == ""
    assert dates.describe(D(2021, 3, 5), DAY, fmt="%d/%m/%Y") == "05/03/2021"
    assert dates.describe(D(2021, 3, 1), MONTH, fmt="%d/%m/%Y") == "March 2021"


def test_span():
    assert dates.span(D(2021, 3, 15), DAY) == (D(2021, 3, 15), D(2021, 3, 15))
    assert dates.span(D(2021, 3, 1), MONTH) == (D(2021, 3, 1), D(2021, 3, 31))
    assert dates.span(D(2024, 2, 1), MONTH) == (D(2024, 2, 1), D(2024, 2, 29))
    assert dates.span(D(2021, 1, 1), YEAR) == (D(2021, 1, 1), D(2021, 12, 31))
    assert dates.span(None, YEAR) == (None, None)


def test_normalise():
    assert dates.normalise(D(2021, 3, 15), MONTH) == (D(2021, 3, 1), MONTH)
    assert dates.normalise(D(2021, 3, 15), YEAR) == (D(2021, 1, 1), YEAR)
    assert dates.normalise(D(2021, 3, 15), None) == (D(2021, 3, 15), DAY)
    with pytest.raises(ValueError):
        dates.normalise(D(2021, 3, 15), "week")


def test_module_is_plain_python():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(dates))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "django" not in imported
