"""What the dashboard templates show: a figure's chart, the sentence that says what the
page counts, and the description of the records behind a cell."""

from dataclasses import dataclass
from urllib.parse import urlencode

from markupsafe import Markup

from safeguarding import charts
from safeguarding.accounts.scope import scope_for
from safeguarding.reviews.types import REVIEW_TYPES

from . import figures
from .periods import quarter_label
from .tables import Published


@dataclass
class Block:
    id: str
    published: Published
    chart: Markup | None
    trend: Markup | None = None


def query(filters):
    return urlencode(filters.params())


def _texts(cells):
    return [c.text for c in cells]


def chart_for(published: Published, id: str, *, line_rows=None) -> Markup | None:
    """The chart of a published figure: the same numbers as its table (suppressed values
    are drawn as gaps with their marker)."""
    figure = published.figure
    if not figure.rows or not figure.columns:
        return None
    table_id = f"{id}-table"
    title = figure.title
    caption = f"{title}: the numbers"
    rows = [r.label for r in figure.rows]
    columns = [c.label for c in figure.columns]
    if figure.chart == "bar":
        cells = [row[0] for row in published.cells]
        return charts.bar_chart(
            rows,
            [c.value for c in cells],
            _texts(cells),
            title=title,
            id=id,
            unit=figure.unit,
            hrefs=[h[0] for h in published.hrefs],
            table_id=table_id,
            table_caption=caption,
        )
    if figure.chart == "stacked":
        series = [
            (
                column,
                [published.cells[i][j].value for i in range(len(rows))],
                [published.cells[i][j].text for i in range(len(rows))],
                [published.hrefs[i][j] for i in range(len(rows))],
            )
            for j, column in enumerate(columns)
        ]
        return charts.stacked_bar_chart(
            rows,
            series,
            title=title,
            id=id,
            unit=figure.unit,
            totals=([c.value for c in published.row_totals], _texts(published.row_totals)),
            table_id=table_id,
            table_caption=caption,
        )
    if figure.chart == "line":
        chosen = line_rows if line_rows is not None else range(len(rows))
        series = [
            (rows[i], [c.value for c in published.cells[i]], _texts(published.cells[i]))
            for i in chosen
        ]
        return charts.line_chart(
            columns,
            series,
            title=title,
            id=id,
            unit=figure.unit,
            table_id=table_id,
            table_caption=caption,
        )
    return charts.heatmap(
        rows,
        columns,
        [[c.value for c in row] for row in published.cells],
        [_texts(row) for row in published.cells],
        title=title,
        id=id,
        hrefs=published.hrefs,
        unit=figure.unit,
        table_id=table_id,
        table_caption=caption,
    )


def trend_chart(published, id, rows, *, table_id=None):
    """Lines for some rows of a published table (the most frequent themes), drawn from
    the same published cells; their numbers are in that table."""
    if not rows:
        return None
    return charts.line_chart(
        [c.label for c in published.figure.columns],
        [
            (
                published.figure.rows[i].label,
                [c.value for c in published.cells[i]],
                _texts(published.cells[i]),
            )
            for i in rows
        ],
        title="Trend of the most frequent themes",
        id=id,
        unit="reviews",
        table_id=table_id,
    )


def blocks(published_list, page):
    out = []
    for published in published_list:
        id = f"figure-{published.key}"
        block = Block(id, published, chart_for(published, id))
        if published.key == "themes-by-quarter" and published.figure.rows:
            top = figures.top_rows(published)
            block.trend = trend_chart(published, f"{id}-trend", top, table_id=f"{id}-table")
        out.append(block)
    return out


def _area_label(user, filters):
    if not filters.area:
        scope = scope_for(user)
        if scope.level == "national":
            return "England (and Wales for imported DHRs)"
        if scope.level == "region":
            return str(user.region) if user.region_id else "your region"
        return f"{user.organisation} and its partnerships" if user.organisation_id else ""
    value = f"{filters.area[0]}-{filters.area[1]}"
    return dict(figures.area_choices(user)).get(value, "the chosen area")


def describe(user, filters, form=None):
    """A sentence saying what the page counts."""
    parts = [
        f"Reviews that started from {quarter_label(filters.quarter_from)} "
        f"to {quarter_label(filters.quarter_to)}",
        REVIEW_TYPES.get(filters.review_type, "all types").lower()
        if filters.review_type
        else "all types",
        _area_label(user, filters),
    ]
    if filters.theme:
        labels = dict(figures.theme_choices())
        parts.append(f"with the theme {labels.get(filters.theme, 'chosen')}")
    return ", ".join(p for p in parts if p) + "."


CELL_LABELS = {
    "review_type": ("Type of review", lambda v: REVIEW_TYPES.get(v, v)),
    "quarter": ("Quarter", lambda v: quarter_label(int(v)) if str(v).isdigit() else v),
    "year": ("Year", lambda v: v),
    "stage": ("Stage", lambda v: v.replace("_", " ")),
    "slippage": ("Clock", lambda v: dict(figures.SLIPPAGE).get(v, v)),
    "converted": ("Converted", lambda v: "yes" if v == "converted" else "no"),
    "missing": ("Missing", lambda v: v.replace("_", " ")),
    "status": ("Status", lambda v: dict(figures.ACTION_STATUSES).get(v, v)),
    "overdue": ("Overdue", lambda v: "yes"),
}


def cell_description(params):
    out = []
    for key, (label, show) in CELL_LABELS.items():
        value = params.get(key)
        if value:
            out.append(f"{label}: {show(value)}")
    return "; ".join(out)


def notes(suppressed):
    from safeguarding.reports.document import suppression_statement

    if not suppressed:
        return [suppression_statement(False)]
    return [
        suppression_statement(True),
        "Periods are whole calendar years: each year is suppressed on its own, and a longer "
        "period shows the sum of its years, as a range (such as 9–24) where a year's number "
        "is hidden, so that one period cannot be subtracted from another.",
        "A type of review, area or theme filter shows only the rows or columns of each "
        "figure for that type, area or theme. A figure that is not broken down by the filter "
        "is not shown, so that it cannot be compared with the figure for everywhere you can "
        "see.",
    ]


def share_heatmap(view, id):
    """The DHR shares as a heatmap; its numbers are in the table of shares."""
    published = view.counts
    figure = published.figure
    if not figure.rows or not figure.columns:
        return None
    return charts.heatmap(
        [r.label for r in figure.rows],
        [c.label for c in figure.columns],
        [[s.value for s in row] for row in view.shares],
        [[s.text for s in row] for row in view.shares],
        title=f"{view.title}: share",
        id=id,
        unit="per cent of DHRs",
        table_id=f"{id}-shares",
    )
