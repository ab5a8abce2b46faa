"""CSV and XLSX of published figures: the same values the page shows (suppressed above
the owning organisation)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORBIDDEN = set("[]:*?/\\")


def figure_csv(published) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([published.title])
    for row in published.text_rows():
        writer.writerow(row)
    for note in published.figure.notes:
        writer.writerow([note])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def sheet_name(title, used):
    name = "".join("-" if ch in FORBIDDEN else ch for ch in title)[:31].strip() or "Figure"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def figures_xlsx(title, subtitle, published_list, notes=()) -> bytes:
    book = Workbook()
    contents = book.active
    contents.title = "Contents"
    contents.append([title])
    contents["A1"].font = Font(bold=True, size=14)
    contents.append([subtitle])
    for note in notes:
        contents.append([note])
    contents.append([])
    used = {"contents"}
    for published in published_list:
        name = sheet_name(published.title, used)
        contents.append([name, published.figure.summary])
        sheet = book.create_sheet(name)
        sheet.append([published.title])
        sheet["A1"].font = Font(bold=True)
        for index, row in enumerate(published.value_rows()):
            sheet.append(row)
            if index == 0:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        for note in published.figure.notes:
            sheet.append([note])
        sheet.column_dimensions["A"].width = 48
    contents.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
