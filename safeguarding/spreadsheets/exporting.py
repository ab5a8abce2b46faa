"""Write reviews as CSV or XLSX, in the tracker layout (every field, re-importable) or
the S-CRT field layout."""

import csv
import datetime
import io

from django.db.models import Prefetch

from safeguarding.reviews import dates as partial_dates
from safeguarding.reviews import services as review_services
from safeguarding.reviews import types
from safeguarding.reviews.models import ReviewTheme

from . import columns as C
from .importing import FORMULA_START

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def reviews_for_export(user, filters):
    """The person's visible reviews (the review list's search and filters), oldest first."""
    qs = review_services.search_reviews(
        user,
        q=filters.get("q", ""),
        review_type=filters.get("review_type", ""),
        status=filters.get("status", ""),
    )
    return (
        qs.select_related("partnership", "icb", "converted_from")
        .prefetch_related(
            Prefetch("review_themes", queryset=ReviewTheme.objects.select_related("theme"))
        )
        .order_by("created_at", "id")
    )


def _codes(themes):
    return "; ".join(theme.code for theme in themes)


def _date(review, name):
    """A review's date for export: the date itself when known to the day, else the text
    as known ("March 2021", "2021"), so a re-import keeps its precision."""
    value = getattr(review, name)
    precision = (review.date_precision or {}).get(name)
    if value is None or precision in (None, partial_dates.DAY):
        return value
    return partial_dates.describe(value, precision)


def tracker_row(review):
    values = []
    for column in C.TRACKER_COLUMNS:
        key = column.key
        if key == "partnership":
            value = review.partnership.name
        elif key == "icb":
            value = (review.icb.code or review.icb.name) if review.icb else ""
        elif key == "converted_from":
            value = review.converted_from.reference if review.converted_from else ""
        elif key == "primary_themes":
            value = _codes(review.primary_themes)
        elif key == "other_themes":
            value = _codes(review.secondary_themes)
        elif key in types.ALL_DATE_FIELDS:
            value = _date(review, key)
        else:
            value = getattr(review, key)
        values.append(value)
    return values


def scrt_type(review):
    if review.review_type == "dhr_child":
        return "DHR child"
    if review.converted_from_id:
        return "Converted"
    return types.REVIEW_TYPES.get(review.review_type, review.review_type)


def scrt_row(review):
    themes = [t.label for t in review.primary_themes] + [t.label for t in review.secondary_themes]
    themes = (themes + ["", "", ""])[:3]
    return [
        review.steis_number,
        review.reference,
        review.status_label,
        _date(review, "incident_date"),
        _date(review, "decision_date"),
        review.designated_professional,
        review.partnership.name,
        review.case_information,
        *themes,
        scrt_type(review),
        _date(review, "signed_off_date"),
        review.comments,
        _date(review, "published_date"),
        review.publication_url,
        review.stage.label,
    ]


def layout_rows(reviews, layout):
    if layout == "scrt":
        return list(C.SCRT_HEADERS), (scrt_row(r) for r in reviews)
    return [c.header for c in C.TRACKER_COLUMNS], (tracker_row(r) for r in reviews)


def render(reviews, layout, fmt):
    """(bytes, number of reviews)."""
    header, rows = layout_rows(reviews, layout)
    if fmt == "xlsx":
        return _xlsx(header, rows)
    return _csv(header, rows)


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def _csv(header, rows):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
        count += 1
    # A byte order mark, so Excel opens the file as UTF-8.
    return buffer.getvalue().encode("utf-8-sig"), count


def _xlsx(header, rows):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Reviews")
    heading_font = Font(bold=True)
    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = heading_font
        cells.append(cell)
    sheet.append(cells)
    count = 0
    for row in rows:
        out = []
        for value in row:
            if value in (None, ""):
                out.append(None)
            elif isinstance(value, datetime.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                out.append(cell)
            else:
                cell = WriteOnlyCell(sheet, value=str(value))
                cell.data_type = "s"  # never a formula, whatever the text starts with
                out.append(cell)
        sheet.append(out)
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count
