"""Dashboard figures as reports (``reports.document.Report``): a page of the dashboard, and
"Themes and learning" for a partnership, ICB, region or England over a period. The tables
carry exactly the published values the pages show."""

from django.utils import timezone

from safeguarding.reports.document import Report, Section, Table

from . import figures, presenters, services
from .periods import quarter_long_label
from .tables import Published


def table_of(published: Published) -> Table:
    rows = published.value_rows()
    return Table(
        caption=f"{published.title}: the numbers",
        headers=[str(h) for h in rows[0]],
        rows=[list(row) for row in rows[1:]],
        notes=list(published.figure.notes),
    )


def _svg(chart):
    """A chart for a report, or None when there is only the "No data" paragraph (every count
    0): a report's chart must be an SVG, and its table already shows the zeros."""
    return chart if chart and str(chart).lstrip().startswith("<svg") else None


def section_of(published: Published, *, paragraphs=(), chart=True, id_prefix="report"):
    id = f"{id_prefix}-{published.key}"
    svg = _svg(presenters.chart_for(published, id)) if chart else None
    if not published.figure.rows or not published.figure.columns:
        return Section(
            title=published.title,
            paragraphs=[
                published.figure.summary,
                published.unavailable or "No records for this selection.",
            ],
        )
    return Section(
        title=published.title,
        paragraphs=[published.figure.summary, *paragraphs],
        chart_svg=svg,
        tables=[table_of(published)],
    )


def period_label(filters):
    first, last = filters.quarter_from, filters.quarter_to
    return f"{quarter_long_label(first)} to {quarter_long_label(last)}"


def scope_label(user, filters):
    return presenters._area_label(user, filters)


def page_report(user, title, filters, published_list) -> Report:
    """One dashboard page as a report."""
    return Report(
        title=f"Safeguarding dashboard: {title}",
        subtitle=presenters.describe(user, filters),
        scope_label=scope_label(user, filters),
        period_label=period_label(filters),
        generated_on=timezone.localdate(),
        sections=[section_of(p) for p in published_list],
        notes=presenters.notes(services.suppress_for(user)),
        suppressed=services.suppress_for(user),
    )


def _and_list(words):
    """ "A", "A and B", "A, B and C"."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _count_text(cell):
    return cell.text


def themes_and_learning(user, filters, today=None) -> Report:
    """The themes of the period's reviews, where and when they recur, the learning
    recorded for the most frequent ones, and how far recommendations have got."""
    themes = services.page_figures(user, "themes", filters)
    overview = services.page_figures(user, "overview", filters, today=today)
    progress = services.page_figures(user, "progress", filters, today=today)
    by_key = {p.key: p for p in [*themes, *overview, *progress]}
    by_quarter = by_key["themes-by-quarter"]
    top = figures.top_rows(by_quarter)
    top_themes = [(by_quarter.figure.rows[i], by_quarter.row_totals[i]) for i in top]

    summary_rows = [
        ["Reviews that started in the period", by_key["reviews-by-quarter"].grand_total.text],
        ["Theme mentions", by_quarter.grand_total.text],
        ["Actions recorded", by_key["actions-by-status"].grand_total.text],
        ["Recommendations", by_key["recommendations"].grand_total.text],
    ]
    summary = Section(
        title="Summary",
        paragraphs=[
            presenters.describe(user, filters),
            "The most frequent themes were: "
            + (
                "; ".join(f"{row.label} ({total.text})" for row, total in top_themes)
                if top_themes
                else "none recorded"
            )
            + ".",
        ],
        tables=[Table(caption="The period in numbers", headers=["", "Number"], rows=summary_rows)],
    )
    trend = _svg(presenters.trend_chart(by_quarter, "report-trend", top))
    trend_rows = [
        [by_quarter.figure.rows[i].label, *[c.text for c in by_quarter.cells[i]]] for i in top
    ]
    trend_section = Section(
        title="Trend of the most frequent themes",
        paragraphs=["Reviews with each of the five most frequent themes, by quarter."],
        chart_svg=trend,
        tables=[
            Table(
                caption="The most frequent themes by quarter",
                headers=["Theme", *[c.label for c in by_quarter.figure.columns]],
                rows=trend_rows,
            )
        ]
        if top
        else [],
    )
    learning = services.learning_for_themes(user, filters, [row.key for row, _ in top_themes])
    learning_sections = []
    without_lessons = []
    for row, total in top_themes:
        items = learning.get(row.key, [])
        if not items:
            without_lessons.append(row.label)
            continue
        learning_sections.append(
            Section(
                title=f"Learning: {row.label}",
                paragraphs=[
                    f"Reviews in the period with this theme: {total.text}.",
                    "Lessons recorded in published reviews with this theme:",
                ],
                items=[f"{title}: {text}" for title, text in items],
            )
        )
    if without_lessons:
        # A theme with no lessons gets one line, not a page of its own.
        line = f"No lessons are recorded yet for: {_and_list(without_lessons)}."
        if learning_sections:
            learning_sections[-1].closing.append(line)
        else:
            learning_sections.append(Section(title="Learning", paragraphs=[line]))
    sections = [
        summary,
        section_of(by_key["themes-by-area"]),
        section_of(by_key["themes-by-quarter"]),
        trend_section,
        *learning_sections,
        section_of(by_key["reviews-by-quarter"]),
        section_of(by_key["recommendations"]),
        section_of(by_key["actions-by-status"]),
    ]
    return Report(
        title="Themes and learning",
        subtitle=f"Safeguarding reviews: {scope_label(user, filters)}",
        scope_label=scope_label(user, filters),
        period_label=period_label(filters),
        generated_on=timezone.localdate(),
        sections=sections,
        notes=presenters.notes(services.suppress_for(user)),
        suppressed=services.suppress_for(user),
    )
