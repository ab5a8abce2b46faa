"""Headings and values as people write them: recognised without asking, or asked once."""

import datetime

import pytest

from safeguarding.reviews import types
from safeguarding.spreadsheets import columns, importing, values
from safeguarding.spreadsheets.reading import Sheet
from safeguarding.themes.taxonomy import DEFAULT_THEMES

from .conftest import HARTLEPOOL_SAB, HARTLEPOOL_SCP

# --- headings -------------------------------------------------------------------------


def test_scrt_headings_and_three_theme_columns_map_many_to_one():
    header = [
        "StEIS number",
        "Local Reference",
        "Status",
        "Date Added",
        "Safeguarding Partnership Board",
        "Theme 1",
        "Theme 2",
        "Theme 3",
        "Type of review",
        "Report Signed Off",
        "Notes",
        "Comments",
        "Current stage",
    ]
    mapping = columns.suggest_mapping(header)
    assert mapping == {
        "StEIS number": "steis_number",
        "Local Reference": "reference",
        "Status": "scrt_status",
        "Date Added": "decision_date",
        "Safeguarding Partnership Board": "partnership",
        "Theme 1": "primary_themes",
        "Theme 2": "primary_themes",
        "Theme 3": "primary_themes",
        "Type of review": "review_type",
        "Report Signed Off": "signed_off_date",
        "Notes": "comments",
        "Comments": "comments",
    }
    assert columns.headings_for(mapping, "primary_themes") == ["Theme 1", "Theme 2", "Theme 3"]


def test_a_column_that_takes_one_heading_gets_the_first():
    mapping = columns.suggest_mapping(["Ref", "Local reference", "Type"])
    assert mapping == {"Ref": "reference", "Type": "review_type"}
    errors = importing.mapping_errors(
        {"Ref": "reference", "Local reference": "reference", "Type": "review_type"},
        ["Ref", "Local reference", "Type"],
    )
    assert "Local reference" in errors and "takes one column" in errors["Local reference"]


def test_saved_choices_win_over_recognised_headings_and_can_leave_a_column_out():
    saved = {"Notes": "", "Board": "partnership", "Our ref": "reference"}
    mapping = columns.suggest_mapping(["Our ref", "Board", "Notes", "Type"], saved)
    assert mapping == {"Our ref": "reference", "Board": "partnership", "Type": "review_type"}


def test_title_is_not_required_but_type_and_partnership_are():
    errors = importing.mapping_errors({"Type": "review_type"}, ["Type", "Board"])
    assert set(errors) == {"partnership"}


# --- values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, code",
    [
        ("CSPR", "lcspr"),
        ("LCSPR", "lcspr"),
        ("lcspr", "lcspr"),
        ("Local child safeguarding practice review", "lcspr"),
        ("NCSPR", "ncspr"),
        ("RR", "rapid"),
        ("Rapid Review", "rapid"),
        ("SAR", "sar"),
        ("Safeguarding Adults Review", "sar"),
        ("DHR", "dhr"),
        ("DHR child", "dhr_child"),
        ("DHR child (16–17)", "dhr_child"),
        ("DHR Child (16-17)", "dhr_child"),
        ("LeDeR", "leder"),
        ("CDR", "cdr"),
        ("SCR", "scr"),
        ("Serious case review", "scr"),
        (" converted ", values.CONVERTED),
    ],
)
def test_review_types_as_people_write_them(written, code):
    assert values.review_type(written) == code


@pytest.mark.parametrize("written", ["Child practice review", "LSPR", "Review", ""])
def test_unusual_types_are_not_guessed(written):
    assert values.review_type(written) is None


@pytest.fixture
def theme_lookup():
    return values.theme_lookup(DEFAULT_THEMES)


@pytest.mark.parametrize(
    "written, code",
    [
        ("domestic-abuse", "domestic-abuse"),
        ("Domestic abuse, coercive control, stalking", "domestic-abuse"),
        ("Domestic abuse", "domestic-abuse"),
        ("  DOMESTIC   ABUSE ", "domestic-abuse"),
        ("Think family", "think-family"),
        ("Neglect", "neglect"),
        ("Disguised compliance", "disguised-compliance"),
        ("Voice and lived experience of the child or adult", "voice-of-person"),
    ],
)
def test_theme_codes_labels_and_first_clauses(theme_lookup, written, code):
    [(_, theme)] = values.split_themes(written, theme_lookup)
    assert theme.code == code


def test_a_cell_of_several_theme_names(theme_lookup):
    found = values.split_themes(
        "Domestic abuse, coercive control, stalking; Neglect, Mental health\nPoverty",
        theme_lookup,
    )
    assert [(w, t.code if t else None) for w, t in found] == [
        ("Domestic abuse, coercive control, stalking", "domestic-abuse"),
        ("Neglect", "neglect"),
        ("Mental health", "mental-health"),
        ("Poverty", None),
    ]


def test_suggestions_are_close_names_only():
    options = {"Hartlepool Safeguarding Children Partnership": 1, "Camden Safeguarding": 2}
    assert values.suggestions("Hartlepool SCP", options)[0] == (
        "Hartlepool Safeguarding Children Partnership"
    )
    assert values.suggestions("zzz", options) == []


def test_made_up_title():
    assert values.made_up_title("lcspr", "NSCP-014", 7) == "LCSPR NSCP-014"
    assert values.made_up_title("sar", "", 9) == "SAR (line 9)"


# --- the importer ------------------------------------------------------------------------


def sheet(header, rows, first_line=2):
    return Sheet(
        format="csv",
        header=header,
        header_line=first_line - 1,
        rows=[(first_line + i, row) for i, row in enumerate(rows)],
    )


def check(user, header, rows, mapping=None, choices=None):
    mapping = mapping or columns.suggest_mapping(header)
    found = importing.rows_from_sheet(sheet(header, rows), mapping)
    return importing.Importer(user, choices=choices).validate(found, mapping)


HEADER = ["Local reference", "Type of review", "Partnership", "Theme 1", "Theme 2", "Date Added"]


@pytest.mark.django_db
def test_theme_names_in_three_columns_title_made_up_and_types_recognised(icb_user):
    result = check(
        icb_user,
        HEADER,
        [
            ["HSCP-1", "CSPR", HARTLEPOOL_SCP, "Domestic abuse", "Neglect", "15/03/2021"],
            ["HSCP-2", "RR", HARTLEPOOL_SCP, "Think family", "", "2021-04-01"],
        ],
    )
    assert result.ok, result.errors
    first, second = result.rows
    assert first.data["title"] == "LCSPR HSCP-1" and first.title_made_up
    assert first.data["review_type"] == "lcspr"
    assert [t.code for t in first.data["primary_themes"]] == ["domestic-abuse", "neglect"]
    assert second.data["review_type"] == "rapid"
    assert second.data["title"] == "Rapid review HSCP-2"


@pytest.mark.django_db
def test_unknown_values_are_collected_once_with_their_lines_and_a_choice_settles_them(icb_user):
    rows = [
        ["HSCP-1", "Child practice review", "Hartlepool SCP", "Poverty", "", ""],
        ["HSCP-2", "Child practice review", "Hartlepool SCP", "", "", ""],
        ["HSCP-3", "SAR", HARTLEPOOL_SAB, "", "", ""],
    ]
    result = check(icb_user, HEADER, rows)
    assert result.unmatched == {
        "review_type": {"Child practice review": [2, 3]},
        "partnership": {"Hartlepool SCP": [2, 3]},
        "themes": {"Poverty": [2]},
    }
    assert [e["line"] for e in result.errors] == [2, 2, 2, 3, 3]
    result = check(
        icb_user,
        HEADER,
        rows,
        choices={
            "review_type": {"child practice review": "lcspr"},
            "partnership": {"Hartlepool SCP": HARTLEPOOL_SCP},
            "themes": {"Poverty": "housing-homelessness"},
        },
    )
    assert result.ok, result.errors
    assert result.rows[0].data["partnership"].name == HARTLEPOOL_SCP
    assert [t.code for t in result.rows[0].data["primary_themes"]] == ["housing-homelessness"]


@pytest.mark.django_db
def test_an_error_names_the_theme_column_it_is_in(icb_user):
    result = check(icb_user, HEADER, [["HSCP-1", "SAR", HARTLEPOOL_SAB, "Neglect", "Nonsense", ""]])
    [error] = result.errors
    assert error["column"] == "Theme 2" and error["value"] == "Neglect; Nonsense"


@pytest.mark.django_db
def test_notes_columns_are_joined_with_their_headings(icb_user):
    header = ["Type", "Partnership", "Notes", "Update from partnership"]
    mapping = {
        "Type": "review_type",
        "Partnership": "partnership",
        "Notes": "comments",
        "Update from partnership": "comments",
    }
    result = check(
        icb_user,
        header,
        [
            ["SAR", HARTLEPOOL_SAB, "Chair agreed", "Report due"],
            ["SAR", HARTLEPOOL_SAB, "Only", ""],
        ],
        mapping,
    )
    assert result.ok, result.errors
    assert result.rows[0].data["comments"] == (
        "Notes: Chair agreed\n\nUpdate from partnership: Report due"
    )
    assert result.rows[1].data["comments"] == "Only"
    # A mapping stored in another order (PostgreSQL's jsonb sorts keys) reads the same.
    backwards = dict(reversed(list(mapping.items())))
    again = check(
        icb_user, header, [["SAR", HARTLEPOOL_SAB, "Chair agreed", "Report due"]], backwards
    )
    assert again.rows[0].data["comments"].startswith("Notes: Chair agreed")
    assert result.rows[1].data["title"] == "SAR (line 3)"


@pytest.mark.django_db
def test_scrt_status_and_converted(icb_user):
    header = ["Type", "Partnership", "Status", "Publication date", "Report signed off"]
    rows = [
        ["Converted", HARTLEPOOL_SCP, "Closed", "20/11/2023", "01/11/2023"],
        ["SAR", HARTLEPOOL_SAB, "Closed", "", "01/11/2023"],
        ["SAR", HARTLEPOOL_SAB, "Closed", "", ""],
        ["SAR", HARTLEPOOL_SAB, "Open", "20/11/2023", "01/11/2023"],
        ["SAR", HARTLEPOOL_SAB, "Open", "", ""],
    ]
    result = check(icb_user, header, rows)
    assert [(e["line"], e["column"]) for e in result.errors] == [(4, "Status"), (5, "Status")]
    data = {row.line: row.data for row in result.preview}
    assert data[2]["review_type"] == "lcspr"
    assert data[2]["publication_status"] == "published"
    assert data[3]["publication_status"] == "not_for_publication"
    assert data[6]["publication_status"] == "not_yet"


@pytest.mark.django_db
def test_month_and_year_dates_keep_their_precision(icb_user):
    header = ["Type", "Partnership", "Date of incident", "Date added", "Report signed off"]
    result = check(
        icb_user,
        header,
        [
            ["SAR", HARTLEPOOL_SAB, "March 2021", "03/2021", "2022"],
            ["SAR", HARTLEPOOL_SAB, "15/03/2021", "Mar 2021", ""],
        ],
    )
    assert result.ok, result.errors
    first, second = (row.data for row in result.rows)
    assert first["incident_date"] == datetime.date(2021, 3, 1)
    assert first["date_precision"] == {
        "incident_date": "month",
        "decision_date": "month",
        "signed_off_date": "year",
    }
    # A decision known only to March is not before an incident on 15 March.
    assert second["date_precision"] == {"decision_date": "month"}


@pytest.mark.django_db
def test_a_date_that_reads_two_ways_is_asked_about(icb_user):
    header = ["Type", "Partnership", "Date added"]
    rows = [["SAR", HARTLEPOOL_SAB, "Mar-21"], ["SAR", HARTLEPOOL_SAB, "Mar-21"]]
    result = check(icb_user, header, rows)
    assert result.unmatched == {"decision_date": {"Mar-21": [2, 3]}}
    result = check(icb_user, header, rows, choices={"decision_date": {"Mar-21": "March 2021"}})
    assert result.ok, result.errors
    assert result.rows[0].data["decision_date"] == datetime.date(2021, 3, 1)
    assert result.rows[0].data["date_precision"] == {"decision_date": "month"}


def test_every_type_has_a_short_name_for_titles():
    assert set(values.SHORT_TYPE) == set(types.REVIEW_TYPES)
