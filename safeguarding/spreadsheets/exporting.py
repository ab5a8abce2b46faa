"""Write reviews as CSV or XLSX, in the tracker layout (every field, re-importable) or
the S-CRT field layout; and their recommendations and actions, evidence and all (a sheet
of the tracker workbook, or a CSV of their own)."""

import csv
import datetime
import io

from django.db.models import Prefetch

from safeguarding.actions.models import Action, Recommendation
from safeguarding.reviews import dates as partial_dates
from safeguarding.reviews import services as review_services
from safeguarding.reviews import types
from safeguarding.reviews.models import ReviewTheme

from . import columns as C
from .importing import FORMULA_START

#: What an export holds: the reviews (in a layout), or their recommendations and actions.
EXPORT_SHEETS = {"reviews": "Reviews", "recommendations": "Recommendations and actions"}

#: The sheet of the tracker workbook (and the CSV) with one row per action.
RECOMMENDATIONS_SHEET = "Recommendations and actions"
RECOMMENDATION_HEADERS = (
    "Review reference",
    "Review title",
    "Safeguarding partnership",
    "Recommendation number",
    "Recommendation",
    "Themes",
    "Action",
    "Owning organisation",
    "Lead",
    "Due date",
    "Status",
    "RAG rating",
    "Date completed",
    "Evidence of completion",
    "Evidence of impact",
    "Reason not accepted",
)

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


def recommendations_for_export(user, reviews):
    """The recommendations of these reviews that the person may see (through the scope
    gate again), with their themes and actions, in review order then as recorded."""
    return (
        Recommendation.objects.visible_to(user)
        .filter(review__in=reviews.values("pk"))
        .select_related("review", "review__partnership")
        .prefetch_related(
            "themes",
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("owner").order_by("due_date", "id"),
            ),
        )
        .order_by("review__created_at", "review_id", "id")
    )


def recommendation_rows(recommendations):
    """One row per action; a recommendation without an action has one row of its own."""
    for recommendation in recommendations:
        review = recommendation.review
        start = [
            review.reference,
            review.title,
            review.partnership.name,
            recommendation.number,
            recommendation.text,
            "; ".join(sorted(theme.label for theme in recommendation.themes.all())),
        ]
        actions = list(recommendation.actions.all())
        if not actions:
            yield start + [""] * (len(RECOMMENDATION_HEADERS) - len(start))
        for action in actions:
            yield start + [
                action.description,
                action.owner.name,
                action.lead,
                action.due_date,
                action.get_status_display(),
                action.get_rag_display() if action.rag else "",
                action.completed_date,
                action.evidence_of_completion,
                action.evidence_of_impact,
                action.not_accepted_reason,
            ]


def render_recommendations(user, reviews, fmt):
    """(bytes, number of rows) of the recommendations and actions of these reviews."""
    header = list(RECOMMENDATION_HEADERS)
    rows = recommendation_rows(recommendations_for_export(user, reviews))
    if fmt == "xlsx":
        content, counts = _xlsx([(RECOMMENDATIONS_SHEET, header, rows)])
        return content, counts[0]
    return _csv(header, rows)


def layout_rows(reviews, layout):
    if layout == "scrt":
        return list(C.SCRT_HEADERS), (scrt_row(r) for r in reviews)
    return [c.header for c in C.TRACKER_COLUMNS], (tracker_row(r) for r in reviews)


def render(reviews, layout, fmt, user=None):
    """(bytes, number of reviews, number of recommendation and action rows). A tracker
    workbook (with ``user``) has a second sheet of the reviews' recommendations and actions;
    otherwise that number is ``None``."""
    header, rows = layout_rows(reviews, layout)
    if fmt == "xlsx":
        sheets = [("Reviews", header, rows)]
        if layout == "tracker" and user is not None:
            recommendations = recommendation_rows(recommendations_for_export(user, reviews))
            sheets.append((RECOMMENDATIONS_SHEET, list(RECOMMENDATION_HEADERS), recommendations))
        content, counts = _xlsx(sheets)
        return content, counts[0], counts[1] if len(counts) > 1 else None
    content, count = _csv(header, rows)
    return content, count, None


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


def _xlsx(sheets):
    """(bytes, [rows written per sheet]) of a workbook of (name, header, rows) sheets.
    Text is always a text cell, never a formula, whatever it starts with."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    heading_font = Font(bold=True)
    counts = []
    for name, header, rows in sheets:
        sheet = workbook.create_sheet(name)
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
                    # Control characters a workbook cannot hold are left out.
                    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                    out.append(cell)
            sheet.append(out)
            count += 1
        counts.append(count)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), counts
