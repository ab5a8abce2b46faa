"""Finding the table in a real tracker: title rows, several sheets, blank columns, totals."""

import csv
import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook

from safeguarding.spreadsheets import reading

HEADER = ["Title", "Type of review", "Local reference", "Date published"]
TITLE = "Safeguarding reviews tracker 2019-2024"
NOTE = "Updated by J Smith, 3 March 2024 / do not edit column F: it is worked out"


def data(n=3):
    return [[f"Child {i}", "lcspr", f"HSCP-{i:03d}", "2023-11-20"] for i in range(1, n + 1)]


def csv_of(rows):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode()


def workbook_bytes(sheets, hidden=()):
    """``sheets``: {title: rows}, in order; a row is a list of cell values."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
        if title in hidden:
            ws.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


LISTS = [
    ["Type of review", "Publication status", "Primary themes"],
    ["lcspr", "published", "neglect"],
    ["sar", "not published", "domestic-abuse"],
    ["dhr", "", "information-sharing"],
    ["cspr", "", ""],
]

ABOVE = [[TITLE], [NOTE], []]


def test_title_note_and_blank_row_above_the_headings_csv():
    sheet = reading.read(csv_of([*ABOVE, HEADER, *data()]), "tracker.csv")
    assert sheet.header == HEADER
    assert sheet.header_line == 4
    assert sheet.heading_found
    assert [line for line, _ in sheet.rows] == [5, 6, 7]
    assert sheet.rows[0][1] == ["Child 1", "lcspr", "HSCP-001", "2023-11-20"]
    assert sheet.sheet_name == "" and sheet.sheet_names == []
    assert sheet.problems == [] and sheet.skipped == [] and sheet.ignored_columns == []


def test_title_note_and_blank_row_above_the_headings_xlsx():
    content = workbook_bytes({"Tracker": [*ABOVE, HEADER, *data()]})
    sheet = reading.read(content, "tracker.xlsx")
    assert sheet.header == HEADER
    assert sheet.header_line == 4
    assert [line for line, _ in sheet.rows] == [5, 6, 7]
    assert sheet.sheet_name == "Tracker" and sheet.sheet_names == ["Tracker"]


def test_preview_shows_the_top_of_the_sheet():
    sheet = reading.read(csv_of([*ABOVE, HEADER, *data(20)]), "tracker.csv")
    assert len(sheet.preview) == 15
    assert sheet.preview[0] == (1, [TITLE, "", "", ""])
    assert sheet.preview[2] == (4, HEADER)
    assert sheet.preview[3][0] == 5


def test_a_sheet_of_lists_first_in_the_workbook_is_not_chosen():
    content = workbook_bytes({"Lists": LISTS, "Reviews 2023": [*ABOVE, HEADER, *data()]})
    sheet = reading.read(content, "tracker.xlsx")
    assert sheet.sheet_name == "Reviews 2023"
    assert sheet.sheet_names == ["Lists", "Reviews 2023"]
    assert sheet.header_line == 4


def test_a_sheet_shaped_like_lists_is_not_chosen_whatever_its_name():
    content = workbook_bytes({"Sheet1": LISTS, "Sheet2": [HEADER, *data()]})
    assert reading.read(content, "tracker.xlsx").sheet_name == "Sheet2"


def test_no_sheet_like_a_tracker_reads_the_first_sheet():
    content = workbook_bytes({"Notes": [["Read me"], ["Case", "Kind"], ["A", "b"]]})
    sheet = reading.read(content, "tracker.xlsx")
    assert sheet.sheet_name == "Notes"
    assert sheet.header == ["Case", "Kind"]
    assert not sheet.heading_found


def test_sheet_chosen_by_name_in_any_case():
    content = workbook_bytes({"Lists": LISTS, "Reviews": [HEADER, *data()]})
    sheet = reading.read(content, "tracker.xlsx", sheet="lists")
    assert sheet.sheet_name == "Lists"
    assert sheet.header == LISTS[0]


def test_unknown_sheet_name_lists_the_sheets():
    content = workbook_bytes({"Lists": LISTS, "Reviews": [HEADER, *data()]})
    with pytest.raises(reading.SpreadsheetError, match="no sheet called 'Archive'") as error:
        reading.read(content, "tracker.xlsx", sheet="Archive")
    assert "'Lists', 'Reviews'" in str(error.value)


def test_hidden_sheet_is_not_the_default():
    content = workbook_bytes(
        {"Old reviews": [HEADER, *data()], "Reviews": [HEADER, *data(2)]}, hidden=["Old reviews"]
    )
    sheet = reading.read(content, "tracker.xlsx")
    assert sheet.sheet_name == "Reviews"
    assert sheet.sheet_names == ["Reviews"]
    assert reading.sheet_names(content, "tracker.xlsx") == ["Reviews"]
    assert reading.read(content, "tracker.xlsx", sheet="old reviews").sheet_name == "Old reviews"


def test_fully_blank_columns_are_ignored():
    rows = [["", "Title", "", "Type of review", ""]] + [
        ["", f"Child {i}", "", "sar", ""] for i in (1, 2)
    ]
    content = workbook_bytes({"Tracker": rows})
    sheet = reading.read(content, "tracker.xlsx")
    assert sheet.header == ["Title", "Type of review"]
    assert sheet.rows == [(2, ["Child 1", "sar"]), (3, ["Child 2", "sar"])]
    assert sheet.ignored_columns == ["A", "C"]
    assert sheet.problems == []


def test_a_blank_heading_over_data_is_kept_as_before():
    content = b"Title,,Type of review\r\nChild A,a note,sar\r\nChild B,,dhr\r\n"
    sheet = reading.read(content, "t.csv")
    assert sheet.header == ["Title", "", "Type of review"]
    assert sheet.rows == [(2, ["Child A", "a note", "sar"]), (3, ["Child B", "", "dhr"])]
    assert sheet.ignored_columns == []


def test_values_beyond_the_last_heading_are_still_a_problem():
    content = b"Title,Type of review,\r\nChild A,sar,stray\r\nChild B,dhr,\r\n"
    sheet = reading.read(content, "t.csv")
    assert sheet.header == ["Title", "Type of review"]
    assert sheet.problems == [
        (2, "This row has values to the right of the last column heading ('Type of review')")
    ]


def test_totals_row_with_numbers_is_skipped_and_reported():
    rows = [*ABOVE, HEADER, *data(), [], ["Total", "3", "", ""]]
    sheet = reading.read(csv_of(rows), "tracker.csv")
    assert [line for line, _ in sheet.rows] == [5, 6, 7]
    assert sheet.skipped == [(9, 'Line 9 looks like a totals row ("Total") and is not a review')]


@pytest.mark.parametrize("word", ["Totals", "Grand total:", "COUNT", "Number of reviews"])
def test_other_totals_words(word):
    sheet = reading.read(csv_of([HEADER, *data(), ["", word, "12", "45%"]]), "t.csv")
    assert [line for line, _ in sheet.skipped] == [5]
    assert len(sheet.rows) == 3


def test_formula_row_is_skipped():
    rows = [HEADER, *data(), ["", "=COUNTA(B2:B4)", "=COUNTA(C2:C4)"]]
    sheet = reading.read(workbook_bytes({"Tracker": rows}), "tracker.xlsx")
    assert [line for line, _ in sheet.rows] == [2, 3, 4]
    assert sheet.skipped == [(5, "Line 5 looks like a totals row (formulas) and is not a review")]


def test_formula_row_saved_by_excel_is_skipped():
    """Excel keeps the results (here 3) and shares a formula dragged along a row."""
    rows = [HEADER, *data(), ["", "=COUNTA(B2:B4)", "=COUNTA(C2:C4)"]]
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes({"Tracker": rows})))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(
                    b'<c r="B5"><f>COUNTA(B2:B4)</f><v></v></c>',
                    b'<c r="B5"><f t="shared" ref="B5:C5" si="0">COUNTA(B2:B4)</f><v>3</v></c>',
                ).replace(
                    b'<c r="C5"><f>COUNTA(C2:C4)</f><v></v></c>',
                    b'<c r="C5"><f t="shared" si="0"/><v>3</v></c>',
                )
                assert b'si="0"/><v>3' in part
            archive.writestr(item, part)
    sheet = reading.read(buffer.getvalue(), "tracker.xlsx")
    assert [line for line, _ in sheet.rows] == [2, 3, 4]
    assert sheet.skipped == [(5, "Line 5 looks like a totals row (formulas) and is not a review")]


def test_labelled_formula_row_is_skipped():
    rows = [HEADER, *data(), ["Total", "=SUM(B2:B4)"]]
    sheet = reading.read(workbook_bytes({"Tracker": rows}), "tracker.xlsx")
    assert len(sheet.rows) == 3
    assert sheet.skipped == [
        (5, 'Line 5 looks like a totals row ("Total", formulas) and is not a review')
    ]


def test_formulas_in_reviews_do_not_make_them_totals():
    rows = [HEADER, ["Child A", "sar", "=SUM(1,2)", datetime.date(2023, 1, 2)]]
    sheet = reading.read(workbook_bytes({"Tracker": rows}), "tracker.xlsx")
    assert [line for line, _ in sheet.rows] == [2]
    assert sheet.skipped == []


@pytest.mark.parametrize(
    "row",
    [
        ["", "", "12345", ""],
        ["Child A", "", "12345", ""],
        ["Total", "sar", "12345", ""],
        ["Count", "", "", "2023-01-02"],
    ],
)
def test_a_real_row_with_a_numeric_reference_is_not_skipped(row):
    sheet = reading.read(csv_of([HEADER, *data(), row]), "t.csv")
    assert sheet.skipped == []
    assert sheet.rows[-1] == (5, row)


def test_heading_line_override():
    content = csv_of([*ABOVE, HEADER, *data()])
    sheet = reading.read(content, "t.csv", heading_line=2)
    assert sheet.header == [NOTE]
    assert sheet.header_line == 2
    assert sheet.heading_found
    assert [line for line, _ in sheet.rows] == [4, 5, 6, 7]


def test_heading_line_override_in_a_workbook():
    content = workbook_bytes({"Tracker": [*ABOVE, HEADER, *data()]})
    sheet = reading.read(content, "t.xlsx", heading_line="5")
    assert sheet.header_line == 5
    assert sheet.header[0] == "Child 1"


@pytest.mark.parametrize(
    ("line", "message"), [(3, "Line 3 is blank"), (40, "no line 40: the sheet ends at line 7")]
)
def test_heading_line_blank_or_beyond_the_file(line, message):
    content = csv_of([*ABOVE, HEADER, *data()])
    with pytest.raises(reading.SpreadsheetError, match=message):
        reading.read(content, "t.csv", heading_line=line)


def test_no_row_with_known_headings_is_a_guess():
    content = csv_of([[TITLE], [NOTE], [], ["Case", "Kind", "When"], ["A", "b", "c"]])
    sheet = reading.read(content, "t.csv")
    assert sheet.header == ["Case", "Kind", "When"]
    assert sheet.header_line == 4
    assert not sheet.heading_found


def test_headings_in_the_first_row_as_before():
    sheet = reading.read(csv_of([HEADER, *data()]), "t.csv")
    assert sheet.header == HEADER
    assert sheet.header_line == 1
    assert sheet.heading_found
    assert [line for line, _ in sheet.rows] == [2, 3, 4]
    xlsx = reading.read(workbook_bytes({"Sheet": [HEADER, *data()]}), "t.xlsx")
    assert (xlsx.header, xlsx.header_line, xlsx.rows) == (sheet.header, 1, sheet.rows)


def test_a_custom_known_heading_callable():
    content = csv_of([["Report"], ["Case", "Kind"], ["A", "b"]])
    sheet = reading.read(content, "t.csv", known_heading=lambda text: text in ("Case", "Kind"))
    assert sheet.header_line == 2 and sheet.heading_found


def test_the_best_matching_row_wins_and_ties_go_to_the_earlier():
    rows = [["Title", "Type"], ["Title", "Type of review", "Local reference"], ["a", "b", "c"]]
    assert reading.read(csv_of(rows), "t.csv").header_line == 2
    rows = [["Title", "Type"], ["Name", "Review type"], ["a", "b"]]
    assert reading.read(csv_of(rows), "t.csv").header_line == 1
