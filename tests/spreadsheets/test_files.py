"""Whatever file a person sends, they get a message, never a 500, and nothing is stored."""

import io
import os
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse

from safeguarding.spreadsheets import reading
from safeguarding.spreadsheets.models import ImportBatch

from .conftest import HARTLEPOOL_SCP, csv_bytes, good_row, upload_file, xlsx_bytes

pytestmark = pytest.mark.django_db


def zip_bomb_xlsx():
    """A real workbook plus one part that unpacks to 5 MB from a few KB."""
    buffer = io.BytesIO(xlsx_bytes([good_row(1)]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (5 * 1024 * 1024))
    return buffer.getvalue()


BAD_FILES = [
    ("empty.csv", b"", {}, "The file is empty"),
    ("blank.csv", b"\r\n , ,\r\n\r\n", {}, "no column headings and no rows"),
    ("header-only.csv", b"Title,Type of review\r\n", {}, "column headings but no rows of data"),
    ("picture.png", b"\x89PNG\r\n\x1a\n" + os.urandom(200), {}, "must be a CSV file or an Excel"),
    ("garbage.csv", b"\x00\x01\x02binary\x00junk" * 20, {}, "contains binary data"),
    ("bad-encoding.csv", b"Title,Type\r\nChild \x81\x8d,lcspr\r\n", {}, "could not be read"),
    (
        "not-a-zip.xlsx",
        b"Title,Type\r\nChild A,lcspr\r\n",
        {},
        "named as an Excel workbook but is not one",
    ),
    ("broken.xlsx", b"PK\x03\x04" + os.urandom(300), {}, "not a valid Excel workbook"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, {}, "older Excel file"),
    (
        "big.csv",
        csv_bytes([good_row(n) for n in range(1, 40)]),
        {"IMPORT_MAX_BYTES": 1000},
        "larger than",
    ),
    ("bomb.xlsx", None, {"IMPORT_MAX_BYTES": 100_000}, "unpacks to more than"),
    ("dupes.csv", b"Title,Title\r\na,b\r\n", {}, "appears more than once"),
]


def _zip_not_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "settings_", "message"), BAD_FILES)
def test_bad_file_gives_a_message_not_a_500(client, icb_user, name, content, settings_, message):
    if content is None:
        content = zip_bomb_xlsx()
    client.force_login(icb_user)
    with override_settings(**settings_):
        response = client.post(reverse("spreadsheets:upload"), {"file": upload_file(content, name)})
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body
    assert message.replace("'", "&#39;") in body
    assert 'href="#id_file"' in body
    assert ImportBatch.objects.count() == 0


def test_no_file_chosen(client, icb_user):
    client.force_login(icb_user)
    response = client.post(reverse("spreadsheets:upload"), {})
    assert response.status_code == 400
    assert "Choose a CSV file or an Excel workbook (.xlsx) to upload" in response.content.decode()


def test_zip_that_is_not_a_workbook():
    with pytest.raises(reading.SpreadsheetError, match="not an Excel workbook"):
        reading.read(_zip_not_workbook(), "tracker.xlsx")


def test_cp1252_semicolons_and_formula_guard_are_read():
    text = "Title;Type;Partnership;Comments\r\nCafé case;lcspr;" + HARTLEPOOL_SCP + ";'=1+1\r\n"
    sheet = reading.read(text.encode("cp1252"), "tracker.csv")
    assert sheet.header == ["Title", "Type", "Partnership", "Comments"]
    assert sheet.rows == [(2, ["Café case", "lcspr", HARTLEPOOL_SCP, "'=1+1"])]


def test_utf16_and_tab_delimited_are_read():
    text = "Title\tType\r\nChild A\tlcspr\r\n"
    sheet = reading.read(text.encode("utf-16"), "tracker.txt")
    assert sheet.rows == [(2, ["Child A", "lcspr"])]


def test_line_numbers_skip_blank_rows_and_flag_stray_values():
    content = b"\r\nTitle,Type\r\nA,lcspr\r\n,\r\nB,sar,oops\r\n"
    sheet = reading.read(content, "t.csv")
    assert sheet.header_line == 2
    assert [line for line, _ in sheet.rows] == [3, 5]
    assert sheet.problems == [
        (5, "This row has values to the right of the last column heading ('Type')")
    ]


def test_multiline_cells_keep_the_spreadsheet_row_number():
    content = b'Title,Comments\r\nA,"line one\r\nline two"\r\nB,x\r\n'
    sheet = reading.read(content, "t.csv")
    assert [line for line, _ in sheet.rows] == [2, 3]


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 2)
    with pytest.raises(reading.SpreadsheetError, match="more than 2 rows"):
        reading.read(b"Title\r\na\r\nb\r\nc\r\n", "t.csv")
