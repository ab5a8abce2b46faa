"""A Report as XLSX: Contents sheet, one sheet per section, numbers as numbers."""

import io
import re

import openpyxl
import pytest

from safeguarding.reports.document import Section, Table
from safeguarding.reports.xlsx import render_xlsx, sheet_names


def load(report):
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))


def rows_of(sheet):
    rows = ([c for c in row if c.value is not None] for row in sheet.iter_rows())
    return [row for row in rows if row]


def test_contents_sheet_then_one_sheet_per_section(report):
    book = load(report)
    assert book.sheetnames == [
        "Contents",
        "Reviews started",
        "Recommendations by partnership",
        "Themes",
    ]
    values = [c.value for row in rows_of(book["Contents"]) for c in row]
    for text in (
        "Safeguarding case reviews: quarterly report",
        "North West region",
        "1 April 2024 to 31 March 2025",
        "7 April 2025",
        "Counts from 1 to 4 are shown as <5.",
        "Recommendations by partnership",
    ):
        assert text in values
    link = next(c for row in rows_of(book["Contents"]) for c in row if c.value == "Themes")
    assert link.hyperlink.location == "'Themes'!A1"


def test_numbers_are_numbers_and_suppressed_markers_are_text(report):
    sheet = load(report)["Reviews started"]
    rows = {row[0].value: row for row in rows_of(sheet) if len(row) == 2}
    assert rows["North East"][1].value == 41 and rows["North East"][1].data_type == "n"
    assert rows["North West"][1].value == "<5" and rows["North West"][1].data_type == "s"
    assert rows["London"][1].value == 1234
    assert rows["Region"][1].font.b  # the header row is bold
    texts = [c.value for row in rows_of(sheet) for c in row]
    assert "Reviews started by region" in texts  # the caption
    assert "Source: the tracker." in texts  # the table's note, below it
    caption = next(
        c for row in rows_of(sheet) for c in row if c.value == "Reviews started by region"
    )
    assert caption.font.b

    partnerships = load(report)["Recommendations by partnership"]
    first = next(row for row in rows_of(partnerships) if row[0].value == "Partnership 01")
    assert [c.value for c in first] == ["Partnership 01", 3, 1, 13.25, "*"]
    assert isinstance(first[3].value, float)


def test_text_that_looks_like_a_formula_stays_text(report):
    report.sections[2].tables[0].rows.append(['=HYPERLINK("http://x")', "+1", "@A1"])
    sheet = load(report)["Themes"]
    row = next(row for row in rows_of(sheet) if str(row[0].value).startswith("="))
    assert [c.data_type for c in row] == ["s", "s", "s"]


def test_column_widths_fit_the_content(report):
    sheet = load(report)["Recommendations by partnership"]
    width = {k: v.width for k, v in sheet.column_dimensions.items()}
    assert width["A"] >= len("Partnership 01")
    assert width["B"] >= len("Recommendations")
    assert all(8 <= w <= 62 for w in width.values())


@pytest.mark.parametrize(
    "titles",
    [
        ["A very long section title that goes on well past thirty-one characters"] * 3,
        ["Contents", "contents", "CONTENTS (2)", "History"],
        ["Rates: a/b [draft]?", "Rates: a\\b *draft*", "'quoted'", "", "   "],
        ["Themes", "themes", "Themes"],
    ],
)
def test_sheet_names_are_valid_and_unique(titles):
    names = sheet_names(titles)
    assert len(names) == len(titles)
    folded = [n.casefold() for n in ["Contents", *names]]
    assert len(set(folded)) == len(folded)
    for name in names:
        assert 0 < len(name) <= 31
        assert not re.search(r"[\[\]:*?/\\]", name)
        assert not name.startswith("'") and not name.endswith("'")
        assert name.casefold() != "history"


def test_long_and_duplicate_section_titles_make_a_workbook_excel_opens(report):
    long = "Recommendations and actions by partnership and by quarter"
    report.sections = [
        Section(long, [], None, [Table("T", ["A", "B"], [["x", 1]])]),
        Section(long, [], None, [Table("T", ["A", "B"], [["y", 2]])]),
        Section("Contents", [], None, []),
        Section("Rates: a/b?", [], None, []),
    ]
    book = load(report)
    assert book.sheetnames[0] == "Contents"
    assert len(book.sheetnames) == 5
    assert len({n.casefold() for n in book.sheetnames}) == 5
    assert all(len(n) <= 31 for n in book.sheetnames)
    assert book[book.sheetnames[2]]["A1"].value == long  # the full title is on the sheet
