"""Read an uploaded CSV or XLSX file into a header and numbered rows.

Real trackers are not always a table starting in cell A1: there may be a title, a note
and blank rows above the headings, several sheets (one of them drop-down lists), blank
columns and a totals row under the data. ``read`` finds the table: the sheet that looks
like a tracker, the row whose cells best match known column headings, and it leaves out
fully blank columns and totals rows (saying so in ``Sheet.skipped``).

Anything wrong with the file itself (too big, empty, not a spreadsheet, unreadable text,
a damaged or oversized workbook) raises ``SpreadsheetError`` with a message a person can
act on. Nothing here touches the database.
"""

import codecs
import csv
import datetime
import io
import logging
import re
import zipfile
from contextlib import closing
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
# The heading row is looked for among this many non-blank rows at the top of a sheet.
HEADING_SEARCH_ROWS = 30
PREVIEW_ROWS, PREVIEW_CELLS = 15, 8
# Sheets with these names (after normalising) hold drop-down lists, not reviews.
LIST_SHEET_NAMES = {
    "list",
    "lists",
    "lookup",
    "lookups",
    "dropdown",
    "dropdowns",
    "drop down",
    "drop downs",
    "drop down list",
    "drop down lists",
    "reference",
    "reference data",
    "data validation",
    "validation",
    "option",
    "options",
    "setting",
    "settings",
}

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted workbook


class SpreadsheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says why."""


@dataclass
class Sheet:
    """A header and the data rows beneath it.

    ``rows`` holds (line, values): ``line`` is the row number a spreadsheet program shows
    (the row in Excel, the line in a CSV); ``values`` has one entry per heading, each a
    stripped string or, from XLSX date cells, a ``datetime.date``. ``problems`` lists rows
    with values beyond the last heading.

    ``heading_found`` is False when no row had at least two known column headings (and no
    ``heading_line`` was given), so ``header_line`` is a guess a person should confirm (``preview`` shows them the top of
    the sheet to choose from). ``skipped`` lists (line, message) for totals rows under the
    data, which are not reviews. ``ignored_columns`` are the letters of columns with no
    heading and no data, which are left out of ``header`` and ``rows``.
    """

    format: str
    header: list[str]
    header_line: int
    rows: list[tuple[int, list]]
    problems: list[tuple[int, str]] = field(default_factory=list)
    sheet_name: str = ""
    sheet_names: list[str] = field(default_factory=list)
    heading_found: bool = True
    skipped: list[tuple[int, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    preview: list[tuple[int, list[str]]] = field(default_factory=list)


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


def _check_content(content, file_name):
    if content is None or len(content) == 0:
        raise SpreadsheetError("The file is empty")
    check_size(len(content))
    return detect_format(content, file_name)


def read(content, file_name="", *, sheet=None, heading_line=None, known_heading=None):
    """Read the bytes of an upload. Raises ``SpreadsheetError``.

    ``sheet`` names the sheet of a workbook to read (any case); by default the first
    visible sheet that looks like a tracker. ``heading_line`` is the line (as a
    spreadsheet program numbers it) of the column headings; by default the row that best
    matches ``known_heading`` (a callable(text) -> bool, by default
    ``columns.is_known_heading``). ``sheet`` is ignored for a CSV file.
    """
    fmt = _check_content(content, file_name)
    if known_heading is None:
        from .columns import is_known_heading as known_heading
    if heading_line is not None:
        heading_line = _heading_line(heading_line)
    if fmt == XLSX:
        return _read_xlsx(content, sheet, heading_line, known_heading)
    table = _collect(_csv_rows(content), heading_line)
    return _to_sheet(CSV, table, heading_line, known_heading)


def sheet_names(content, file_name=""):
    """The visible sheets of a workbook, in order; [] for a CSV file."""
    if _check_content(content, file_name) != XLSX:
        return []
    workbook = _open_workbook(content)
    try:
        return [ws.title for ws in _visible(workbook)]
    finally:
        workbook.close()


def _heading_line(value):
    try:
        line = int(value)
    except (TypeError, ValueError):
        raise SpreadsheetError("The line of the column headings must be a number") from None
    if line < 1:
        raise SpreadsheetError("The line of the column headings must be 1 or more")
    return line


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


def _open_workbook(content):
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
    if not workbook.worksheets:
        workbook.close()
        raise SpreadsheetError("The workbook has no sheets")
    return workbook


def _visible(workbook):
    """The sheets a person sees (all of them, should every one be hidden)."""
    visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    return visible or list(workbook.worksheets)


def _worksheet_rows(ws):
    """(line, values) for every row of a read-only worksheet, blank ones included."""
    # Some programs write a wrong "used range"; read every row that is there instead.
    ws.reset_dimensions()
    for number, row in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
        yield number, [_cell(value) for value in row]


def _read_worksheet(ws, heading_line=None, limit=None):
    try:
        with closing(_worksheet_rows(ws)) as raw_rows:
            return _collect(raw_rows, heading_line, limit)
    except SpreadsheetError:
        raise
    except Exception as error:
        logger.info("Unreadable worksheet: %r", error)
        raise SpreadsheetError(
            f"The sheet '{ws.title}' of the workbook could not be read: it may be damaged. "
            "Save it again as .xlsx, or as CSV UTF-8, and upload it again."
        ) from None


def _find_sheet(workbook, name):
    visible = _visible(workbook)
    wanted = str(name).strip().casefold()
    for ws in visible + [ws for ws in workbook.worksheets if ws not in visible]:
        if ws.title.strip().casefold() == wanted:
            return ws
    names = ", ".join(f"'{ws.title}'" for ws in visible)
    raise SpreadsheetError(
        f"The workbook has no sheet called '{name}'. Its sheets are: {names}. Choose one of them."
    )


def _is_list_sheet_name(title):
    return " ".join(re.sub(r"[^0-9a-z]+", " ", title.casefold()).split()) in LIST_SHEET_NAMES


def _choose_sheet(workbook, known):
    """The first visible sheet that looks like a tracker, else the first visible sheet.

    A tracker has a row of at least two known headings with data below it. A sheet named
    like a sheet of drop-down lists, or shaped like one (independent lists of different
    lengths), is passed over while a better sheet exists.
    """
    visible = _visible(workbook)
    trackers, list_shaped = [], []
    for ws in visible:
        table = _read_worksheet(ws, limit=HEADING_SEARCH_ROWS + 1)
        index, found = _find_heading(table.rows, known)
        if not found or index + 1 >= len(table.rows):
            continue
        (list_shaped if _looks_like_lists(table.rows, index) else trackers).append(ws)
    for candidates in (trackers, list_shaped, visible):
        named_well = [ws for ws in candidates if not _is_list_sheet_name(ws.title)]
        if named_well:
            return named_well[0]
    return visible[0]


def _looks_like_lists(rows, index):
    """Columns that are independent vertical lists: each one filled from the top with no
    gaps and no repeated value, and not all of the same length."""
    heading = rows[index][1]
    columns = [j for j, value in enumerate(heading) if value not in ("", None)]
    if len(columns) < 2:
        return False
    lengths = []
    for j in columns:
        cells = [values[j] if j < len(values) else "" for _, values in rows[index + 1 :]]
        while cells and cells[-1] in ("", None):
            cells.pop()
        if any(cell in ("", None) for cell in cells) or len(set(cells)) < len(cells):
            return False
        lengths.append(len(cells))
    return len(set(lengths)) > 1


def _read_xlsx(content, sheet_name, heading_line, known):
    workbook = _open_workbook(content)
    try:
        names = [ws.title for ws in _visible(workbook)]
        if sheet_name not in (None, ""):
            ws = _find_sheet(workbook, sheet_name)
        else:
            ws = _choose_sheet(workbook, known)
        table = _read_worksheet(ws, heading_line)
        sheet = _to_sheet(
            XLSX, table, heading_line, known, formulas=lambda first: _formulas(ws, first)
        )
    finally:
        workbook.close()
    sheet.sheet_name, sheet.sheet_names = ws.title, names
    return sheet


_SHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})(\d+)$")


def _formulas(ws, first_line):
    """{line: {column index: formula}} for the rows from ``first_line`` on.

    The cached values ``read`` uses hide formulas, and openpyxl would parse the whole
    sheet again to show them; this walks the sheet's XML with lxml, looking only at rows
    and formulas, which costs a fraction of that. Anything unexpected gives {}.
    """
    from lxml import etree

    tags = [f"{{{ns}}}{tag}" for ns in _SHEET_NAMESPACES for tag in ("row", "f")]
    found, shared = {}, {}
    line = 0
    try:
        with ws.parent._archive.open(ws._worksheet_path) as source:
            for _, element in etree.iterparse(
                source, events=("end",), tag=tags, resolve_entities=False, no_network=True
            ):
                if etree.QName(element).localname == "f":
                    if element.get("t") == "shared" and element.text and element.get("si"):
                        shared.setdefault(element.get("si"), element.text)
                    continue
                line = int(element.get("r") or line + 1)
                if line >= first_line:
                    cells = _row_formulas(element, shared)
                    if cells:
                        found[line] = cells
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    except Exception as error:
        logger.info("Formulas not read: %r", error)
        return {}
    return found


def _row_formulas(row, shared):
    cells, column = {}, -1
    for cell in row:
        if _localname(cell) != "c":
            continue
        match = _CELL_REFERENCE.match(cell.get("r") or "")
        column = _column_index(match.group(1)) if match else column + 1
        for child in cell:
            if _localname(child) == "f":
                text = child.text or shared.get(child.get("si"), "")
                cells[column] = "=" + text.lstrip("=")
    return cells


def _localname(element):
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _column_index(letters):
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


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


def _too_many_rows():
    return SpreadsheetError(
        f"The file has more than {MAX_ROWS:,} rows of data. "
        "Split it into smaller files and import each one."
    )


@dataclass
class _Table:
    """The non-blank rows of a sheet, as (line, values), and the last line it has."""

    rows: list[tuple[int, list]]
    last_line: int = 0


# Put in place of the cells of a very wide row beyond the widest possible header.
_BEYOND = "…"


def _collect(raw_rows, heading_line=None, limit=None):
    """The non-blank rows, stripped and without trailing blanks; ``limit`` stops early."""
    # Room for rows above the headings and totals rows below the data.
    most = MAX_ROWS + 1000
    rows, counted, last_line = [], 0, 0
    for number, values in raw_rows:
        last_line = number
        values = [_strip(v) for v in values]
        while values and values[-1] in ("", None):
            values.pop()
        if not values:
            continue
        if len(values) > MAX_COLUMNS + 1:
            values = values[:MAX_COLUMNS] + [_BEYOND]
        rows.append((number, values))
        if limit is not None and len(rows) >= limit:
            break
        if heading_line is None or number > heading_line:
            counted += 1
            if counted > most:
                raise _too_many_rows()
    return _Table(rows, last_line)


def _is_text(value):
    return isinstance(value, str) and value != "" and not _NUMBER.match(value)


def _known_count(values, known):
    return sum(1 for value in values if isinstance(value, str) and value and known(value))


def _find_heading(rows, known):
    """(index into ``rows`` of the heading row, whether it was found by known headings).

    The row among the first non-blank ones with the most known headings (at least two;
    the earlier row on a tie). Failing that, the first row of at least two text cells
    with a row below it, else the first row: both guesses.
    """
    best, best_count = None, 1
    for index, (_, values) in enumerate(rows[:HEADING_SEARCH_ROWS]):
        count = _known_count(values, known)
        if count > best_count:
            best, best_count = index, count
    if best is not None:
        return best, True
    for index, (_, values) in enumerate(rows[: HEADING_SEARCH_ROWS - 1]):
        if index + 1 < len(rows) and sum(1 for v in values if _is_text(v)) >= 2:
            return index, False
    return 0, False


def _preview(rows):
    preview = [
        (line, ["" if v in ("", None) else str(v) for v in values[:PREVIEW_CELLS]])
        for line, values in rows[:PREVIEW_ROWS]
    ]
    width = max((len(cells) for _, cells in preview), default=0)
    return [(line, cells + [""] * (width - len(cells))) for line, cells in preview]


def _forced_heading(table, heading_line):
    for index, (line, _) in enumerate(table.rows):
        if line == heading_line:
            return index
        if line > heading_line:
            break
    if heading_line > table.last_line:
        raise SpreadsheetError(
            f"There is no line {heading_line}: the sheet ends at line {table.last_line}. "
            "Choose the line with the column headings."
        )
    raise SpreadsheetError(
        f"Line {heading_line} is blank. Choose the line with the column headings."
    )


def _to_sheet(fmt, table, heading_line, known, formulas=None):
    if not table.rows:
        raise SpreadsheetError("The file is empty: it has no column headings and no rows")
    if heading_line is not None:
        index, found = _forced_heading(table, heading_line), True
    else:
        index, found = _find_heading(table.rows, known)
    header_line, values = table.rows[index]
    header = _header(values, header_line)
    data = table.rows[index + 1 :]
    data, skipped = _without_totals(data, header_line, table.last_line, formulas)
    if not data:
        raise SpreadsheetError("The file has column headings but no rows of data")
    if len(data) > MAX_ROWS:
        raise _too_many_rows()
    header, data, ignored = _without_blank_columns(header, data)
    rows, problems = [], []
    width = len(header)
    for number, values in data:
        if len(values) > width:
            problems.append(
                (
                    number,
                    f"This row has values to the right of the last column heading ({header[-1]!r})",
                )
            )
            values = values[:width]
        elif len(values) < width:
            values = values + [""] * (width - len(values))
        rows.append((number, values))
    return Sheet(
        format=fmt,
        header=header,
        header_line=header_line,
        rows=rows,
        problems=problems,
        heading_found=found,
        skipped=skipped,
        ignored_columns=ignored,
        preview=_preview(table.rows),
    )


def _without_blank_columns(header, data):
    """Leave out columns with neither a heading nor any data; their letters."""
    blank = [j for j, heading in enumerate(header) if not heading]
    if not blank:
        return header, data, []
    for _, values in data:
        blank = [j for j in blank if j >= len(values) or values[j] in ("", None)]
        if not blank:
            return header, data, []
    drop = set(blank)
    keep = [j for j in range(len(header)) if j not in drop]
    header = [header[j] for j in keep]
    data = [
        (line, [values[j] for j in keep if j < len(values)] + values[len(drop) + len(keep) :])
        for line, values in data
    ]
    return header, data, [_column_letter(j) for j in blank]


# --- totals rows ---------------------------------------------------------------------

_NUMBER = re.compile(r"^[-+]?[£$€]?\s*(\d[\d,]*(\.\d*)?|\.\d+)\s*%?$")
_TOTALS_WORD = re.compile(
    r"^(grand |sub ?)?totals?( [a-z0-9]+){0,3}$"
    r"|^(count|sum|number of (reviews|cases)|(count|sum) of (reviews|cases))$"
)
_AGGREGATE = re.compile(
    r"^=\s*(_xlfn\.)?(SUM|SUMIFS?|SUMPRODUCT|COUNT|COUNTA|COUNTBLANK|COUNTIFS?|SUBTOTAL|"
    r"AGGREGATE|AVERAGE|AVERAGEA|AVERAGEIFS?|MAX|MIN|MEDIAN|ROWS)\s*\(",
    re.IGNORECASE,
)


def _totals_word(value):
    if not isinstance(value, str) or not value:
        return False
    return bool(_TOTALS_WORD.match(" ".join(re.sub(r"[^0-9a-z]+", " ", value.casefold()).split())))


def _content(values):
    """True if the row has a date, or text that is not a totals word: a review, or a note."""
    for value in values:
        if isinstance(value, datetime.date):
            return True
        if _is_text(value) and not _totals_word(value):
            return True
    return False


def _totals_reason(values, row_formulas):
    """Why a row is a totals row ('"Total"', 'formulas'), or "" if it may be a review.

    Only a row with no text but totals words, whose other cells are numbers, blank or
    formulas: a totals word among its first three filled cells, or a formula such as
    =SUM(...) or =COUNTA(...).
    """
    width = max(len(values), max(row_formulas, default=-1) + 1)
    words, aggregate, filled = [], False, 0
    for j in range(width):
        value = values[j] if j < len(values) else ""
        formula = row_formulas.get(j)
        if value in ("", None) and formula is None:
            continue
        filled += 1
        if _totals_word(value):
            if filled > 3 and not words:
                return ""
            words.append(value)
        elif formula is not None:
            if _AGGREGATE.match(formula):
                aggregate = True
            elif value not in ("", None) and not _NUMBER.match(str(value)):
                return ""
        elif isinstance(value, str) and _NUMBER.match(value):
            continue
        else:
            return ""
    reasons = [f'"{words[0]}"'] if words else []
    if aggregate:
        reasons.append("formulas")
    return ", ".join(reasons)


def _without_totals(data, header_line, last_line, formulas):
    """The data rows less totals rows, and (line, message) for each one left out.

    A row with a totals word may be anywhere; formulas are looked at only in a workbook,
    and only after the last row with text (other than a totals word) or a date.
    """
    last_content = header_line
    for line, values in reversed(data):
        if _content(values):
            last_content = line
            break
    by_line = {}
    if formulas is not None and last_line > last_content:
        by_line = formulas(last_content + 1)
    kept, skipped = [], []
    lines = {line for line, _ in data}
    rows = dict(data)
    for line in sorted(lines | {n for n in by_line if n > last_content}):
        values = rows.get(line, [])
        reason = _totals_reason(values, by_line.get(line, {}))
        if reason:
            skipped.append(
                (line, f"Line {line} looks like a totals row ({reason}) and is not a review")
            )
        elif line in rows:
            kept.append((line, values))
    return kept, skipped


def _header(values, line=1):
    header = [str(v).strip() if v not in (None, "") else "" for v in values]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise SpreadsheetError(
            f"The file has more than {MAX_COLUMNS} columns: is line {line} the column headings?"
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
        raise SpreadsheetError(f"Line {line} of the file has no column headings")
    return header
