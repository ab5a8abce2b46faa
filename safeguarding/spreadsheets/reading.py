"""Read an uploaded CSV or XLSX file into a header and numbered rows.

Anything wrong with the file itself (too big, empty, not a spreadsheet, unreadable text,
a damaged or oversized workbook) raises ``SpreadsheetError`` with a message a person can
act on. Nothing here touches the database.
"""

import codecs
import csv
import datetime
import io
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings

logger = logging.getLogger(__name__)

CSV, XLSX = "csv", "xlsx"
MAX_ROWS = 10_000
MAX_COLUMNS = 200
# A workbook may expand to this many times the upload limit when unzipped, and no more.
XLSX_EXPANSION_LIMIT = 20
MAX_ZIP_ENTRIES = 500
DELIMITERS = ",;\t|"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted workbook


class SpreadsheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says why."""


@dataclass
class Sheet:
    """A header and the data rows beneath it.

    ``rows`` holds (line, values): ``line`` is the row number a spreadsheet program shows
    (the header is usually line 1); ``values`` has one entry per heading, each a stripped
    string or, from XLSX date cells, a ``datetime.date``. ``problems`` lists rows with
    values beyond the last heading.
    """

    format: str
    header: list[str]
    header_line: int
    rows: list[tuple[int, list]]
    problems: list[tuple[int, str]] = field(default_factory=list)


def max_bytes():
    return int(settings.IMPORT_MAX_BYTES)


def describe_size(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def check_size(size):
    if size is not None and size > max_bytes():
        raise SpreadsheetError(
            f"The file is larger than {describe_size(max_bytes())}. "
            "Split it into smaller files and import each one."
        )


def detect_format(content, file_name):
    """'csv' or 'xlsx', from the file's first bytes and then its name."""
    suffix = PurePath(file_name or "").suffix.lower()
    if content.startswith(_OLE2_MAGIC) or suffix == ".xls":
        raise SpreadsheetError(
            "This is an older Excel file (.xls) or a password-protected workbook. "
            "Save it as an Excel workbook (.xlsx) or as CSV UTF-8, without a password, "
            "and upload it again."
        )
    if content.startswith(_ZIP_MAGIC):
        if suffix in ("", ".xlsx", ".xlsm", ".csv", ".txt"):
            return XLSX
        raise SpreadsheetError("The file must be a CSV file or an Excel workbook (.xlsx)")
    if suffix in (".xlsx", ".xlsm"):
        raise SpreadsheetError(
            "The file is named as an Excel workbook but is not one. "
            "Open it in Excel, save it as an Excel workbook (.xlsx) and upload it again."
        )
    if suffix in ("", ".csv", ".txt", ".tsv"):
        return CSV
    raise SpreadsheetError("The file must be a CSV file or an Excel workbook (.xlsx)")


def read(content, file_name=""):
    """Read the bytes of an upload. Raises ``SpreadsheetError``."""
    if content is None or len(content) == 0:
        raise SpreadsheetError("The file is empty")
    check_size(len(content))
    fmt = detect_format(content, file_name)
    raw_rows = _xlsx_rows(content) if fmt == XLSX else _csv_rows(content)
    return _to_sheet(fmt, raw_rows)


# --- CSV -------------------------------------------------------------------------------


def decode(content):
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise SpreadsheetError(
        "The file's text could not be read: it is not in a text encoding we recognise. "
        "In Excel, save it as 'CSV UTF-8 (comma delimited)' and upload it again."
    )


def _delimiter(text):
    lines = text[:65536].splitlines()[:20]
    sample = "\n".join(lines)
    first = lines[0] if lines else ""
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = None
    if delimiter and first.count(delimiter):
        return delimiter
    # The header rarely contains a delimiter of its own: use the commonest one in it.
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_rows(content):
    text = decode(content)
    if "\x00" in text:
        raise SpreadsheetError(
            "This does not look like a CSV file: it contains binary data. "
            "Upload a CSV file or an Excel workbook (.xlsx)."
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise SpreadsheetError(
            f"The CSV file could not be read near line {reader.line_num}: {error}"
        ) from None


# --- XLSX ------------------------------------------------------------------------------


def check_zip(content):
    """Refuse a workbook whose contents would unpack to far more than the upload limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise SpreadsheetError(
            "The file is not a valid Excel workbook: it may be damaged. "
            "Open it in Excel, save it again as .xlsx, and upload it again."
        ) from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise SpreadsheetError("The workbook has too many parts to be a tracker spreadsheet")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > max_bytes() * XLSX_EXPANSION_LIMIT:
        raise SpreadsheetError(
            f"The workbook unpacks to more than {describe_size(max_bytes() * XLSX_EXPANSION_LIMIT)}. "
            "Save the sheet you need as CSV, or split it, and upload it again."
        )
    if "xl/workbook.xml" not in {entry.filename for entry in entries}:
        raise SpreadsheetError(
            "The file is a zip archive but not an Excel workbook. "
            "Upload a CSV file or an Excel workbook (.xlsx)."
        )


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _xlsx_rows(content):
    check_zip(content)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        logger.info("Unreadable workbook: %r", error)
        raise SpreadsheetError(
            "The workbook could not be opened: it may be damaged or not an Excel file. "
            "Open it in Excel, save it again as .xlsx, and upload it again."
        ) from None
    try:
        if not workbook.worksheets:
            raise SpreadsheetError("The workbook has no sheets")
        sheet = workbook.worksheets[0]
        # Some programs write a wrong "used range"; read every row that is there instead.
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield number, [_cell(value) for value in row]
    except SpreadsheetError:
        raise
    except Exception as error:
        logger.info("Unreadable worksheet: %r", error)
        raise SpreadsheetError(
            "The first sheet of the workbook could not be read: it may be damaged. "
            "Save it again as .xlsx, or as CSV UTF-8, and upload it again."
        ) from None
    finally:
        workbook.close()


# --- both ------------------------------------------------------------------------------


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _blank(values):
    return all(value in ("", None) for value in values)


def _column_letter(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _to_sheet(fmt, raw_rows):
    header, header_line = None, 0
    rows, problems = [], []
    for number, values in raw_rows:
        values = [_strip(v) for v in values]
        if _blank(values):
            continue
        if header is None:
            header, header_line = _header(values), number
            continue
        if len(rows) >= MAX_ROWS:
            raise SpreadsheetError(
                f"The file has more than {MAX_ROWS:,} rows of data. "
                "Split it into smaller files and import each one."
            )
        extra = values[len(header) :]
        if any(v not in ("", None) for v in extra):
            problems.append(
                (
                    number,
                    f"This row has values to the right of the last column heading ({header[-1]!r})",
                )
            )
        values = values[: len(header)] + [""] * (len(header) - len(values))
        rows.append((number, values))
    if header is None:
        raise SpreadsheetError("The file is empty: it has no column headings and no rows")
    if not rows:
        raise SpreadsheetError("The file has column headings but no rows of data")
    return Sheet(format=fmt, header=header, header_line=header_line, rows=rows, problems=problems)


def _header(values):
    header = [str(v).strip() if v not in (None, "") else "" for v in values]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise SpreadsheetError(
            f"The file has more than {MAX_COLUMNS} columns: is the first row the column headings?"
        )
    seen = {}
    for index, heading in enumerate(header):
        if not heading:
            continue
        key = heading.casefold()
        if key in seen:
            raise SpreadsheetError(
                f"The column heading '{heading}' appears more than once (columns "
                f"{_column_letter(seen[key])} and {_column_letter(index)}). "
                "Give each column a different heading and upload the file again."
            )
        seen[key] = index
    if not seen:
        raise SpreadsheetError("The first row of the file has no column headings")
    return header
