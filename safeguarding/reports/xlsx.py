"""Write a ``Report`` as an XLSX workbook: a Contents sheet, then one sheet per section.

Numbers are stored as numbers; suppression markers ("<5", "*") and all other text are
stored as text (never as formulas, whatever they start with).
"""

import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from .document import Report, is_figure, is_number

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
# Names Excel keeps for itself (compared without regard to case).
_RESERVED = {"history"}

TITLE_FONT = Font(bold=True, size=14)
CAPTION_FONT = Font(bold=True, size=12)
HEADER_FONT = Font(bold=True)
LABEL_FONT = Font(bold=True)
NOTE_FONT = Font(italic=True, color="4C6272")
LINK_FONT = Font(color="005EB8", underline="single")
HEADER_FILL = PatternFill("solid", fgColor="F0F4F5")
HEADER_BORDER = Border(bottom=Side(style="medium", color="212B32"))
RIGHT = Alignment(horizontal="right")
WRAP = Alignment(wrap_text=True, vertical="top")

MIN_WIDTH, MAX_WIDTH = 8, 60


def sheet_names(titles, reserved=("Contents",)):
    """A valid, unique sheet name for each title: at most 31 characters, none of
    ``[ ] : * ? / \\``, not starting or ending with an apostrophe, unique in any letter case."""
    taken = {name.casefold() for name in reserved} | _RESERVED
    names = []
    for number, title in enumerate(titles, start=1):
        base = _FORBIDDEN.sub(" ", str(title or ""))
        base = re.sub(r"\s+", " ", base).strip().strip("'").strip()
        base = base or f"Section {number}"
        name = base[:MAX_SHEET_NAME].rstrip().rstrip("'").rstrip()
        suffix = 1
        while name.casefold() in taken:
            suffix += 1
            tail = f" ({suffix})"
            name = base[: MAX_SHEET_NAME - len(tail)].rstrip().rstrip("'").rstrip() + tail
        taken.add(name.casefold())
        names.append(name)
    return names


def _text(value):
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _put(sheet, row, column, value, *, font=None, alignment=None):
    """Write one cell: numbers as numbers, anything else as text (never a formula)."""
    cell = sheet.cell(row=row, column=column)
    if value is None or value == "":
        return cell
    if is_number(value):
        if isinstance(value, float) and value != value:  # NaN: leave the cell empty
            return cell
        cell.value = value
        cell.number_format = "#,##0" if isinstance(value, int) else "#,##0.0#"
    else:
        if isinstance(value, bool):
            value = "Yes" if value else "No"
        cell.value = _text(value)
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _display_length(value):
    if value is None:
        return 0
    if is_number(value):
        return len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _set_widths(sheet, widths):
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(
            MIN_WIDTH, min(MAX_WIDTH, width + 2)
        )


def _quoted(name):
    return "'" + name.replace("'", "''") + "'"


def _contents(sheet, report, names):
    _put(sheet, 1, 1, report.title, font=TITLE_FONT)
    row = 2
    if report.subtitle:
        _put(sheet, row, 1, report.subtitle)
        row += 1
    row += 1
    for label, value in (
        ("Scope", report.scope_label),
        ("Period", report.period_label),
        ("Generated", report.generated_on.strftime("%-d %B %Y")),
    ):
        _put(sheet, row, 1, label, font=LABEL_FONT)
        _put(sheet, row, 2, value)
        row += 1
    row += 1
    if report.notes:
        _put(sheet, row, 1, "Notes", font=CAPTION_FONT)
        row += 1
        for note in report.notes:
            _put(sheet, row, 1, note)
            row += 1
        row += 1
    _put(sheet, row, 1, "Sheets", font=CAPTION_FONT)
    row += 1
    for number, (section, name) in enumerate(zip(report.sections, names, strict=True), 1):
        _put(sheet, row, 1, number)
        cell = _put(sheet, row, 2, section.title, font=LINK_FONT)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{_quoted(name)}!A1")
        if name != section.title:
            _put(sheet, row, 3, f"sheet '{name}'", font=NOTE_FONT)
        row += 1
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 36


def _section(sheet, section):
    _put(sheet, 1, 1, section.title, font=TITLE_FONT)
    row = 3
    for text in [*section.paragraphs, *section.items, *section.closing]:
        _put(sheet, row, 1, text)
        row += 1
    if section.paragraphs or section.items or section.closing:
        row += 1
    widths = {}
    for table in section.tables:
        numeric = set(table.numeric_columns())
        _put(sheet, row, 1, table.caption, font=CAPTION_FONT)
        row += 1
        for column, header in enumerate(table.headers, start=1):
            cell = _put(
                sheet,
                row,
                column,
                header,
                font=HEADER_FONT,
                alignment=RIGHT if column - 1 in numeric else None,
            )
            cell.fill = HEADER_FILL
            cell.border = HEADER_BORDER
            widths[column] = max(widths.get(column, 0), _display_length(header))
        row += 1
        for values in table.rows:
            for column, value in enumerate(values, start=1):
                figure = column - 1 in numeric or is_figure(value)
                _put(sheet, row, column, value, alignment=RIGHT if figure else None)
                widths[column] = max(widths.get(column, 0), _display_length(value))
            row += 1
        for note in table.notes:
            _put(sheet, row, 1, note, font=NOTE_FONT)
            row += 1
        row += 1
    _set_widths(sheet, widths)


def render_xlsx(report: Report) -> bytes:
    """The report as XLSX bytes."""
    workbook = Workbook()
    contents = workbook.active
    contents.title = "Contents"
    names = sheet_names([section.title for section in report.sections])
    _contents(contents, report, names)
    for section, name in zip(report.sections, names, strict=True):
        _section(workbook.create_sheet(name), section)
    workbook.properties.title = _text(report.title)
    workbook.properties.creator = "Safeguarding"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
