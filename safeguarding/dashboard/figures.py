"""The dashboard's figures, read from the pre-aggregated facts through the scope gate.

Every function starts from ``<Fact>.objects.visible_to(user)`` and runs a fixed number of
GROUP BY queries, however many records there are. Figures come back as ``tables.Figure``
(counts); the pages publish them with ``tables.publish`` (suppressed above the owner).
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import urlencode

from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.scope import scope_for
from safeguarding.actions.models import Action
from safeguarding.organisations.models import Organisation, Region
from safeguarding.organisations.reference import AREA_TO_REGION_CODE
from safeguarding.reviews import quality
from safeguarding.reviews.types import REVIEW_TYPES, STAGES
from safeguarding.themes.models import Theme

from . import links
from .models import ActionFact, RecommendationFact, ReviewFact, ReviewThemeFact
from .periods import quarter_label, quarter_of, quarters_between, shift
from .tables import Figure, Label

DEFAULT_QUARTERS = 8
#: Periods longer than this many quarters are shown by year in "by quarter" figures.
MOST_QUARTERS_SHOWN = 12

SLIPPAGE = (
    ("overdue", "Overdue"),
    ("on_track", "Clock running, on time"),
    ("met_late", "Met late"),
    ("met", "Met on time"),
    ("no_clock", "No clock started"),
)
ACTION_STATUSES = [(s.value, s.label) for s in Action.Status]
COMPLETION_BUCKETS = (
    ("3m", "Within 3 months", 0, 91),
    ("6m", "3 to 6 months", 92, 182),
    ("12m", "6 to 12 months", 183, 365),
    ("more", "Over 12 months", 366, None),
)
RECOMMENDATION_STATES = (
    ("done", "All actions completed"),
    ("open", "Actions open"),
    ("closed", "Closed, some not accepted"),
    ("none", "No actions recorded"),
)


@dataclass(frozen=True)
class Filters:
    """What a dashboard shows: a period of quarters, and optionally one review type, one
    area (a region, ICB or partnership within the person's scope) and one theme."""

    quarter_from: int
    quarter_to: int
    review_type: str = ""
    area: tuple | None = None  # ("region" | "icb" | "partnership", id)
    theme: int | None = None

    @classmethod
    def default(cls, today=None):
        last = quarter_of(today or timezone.localdate())
        return cls(quarter_from=shift(last, -(DEFAULT_QUARTERS - 1)), quarter_to=last)

    @property
    def quarters(self):
        return quarters_between(self.quarter_from, self.quarter_to)

    def params(self):
        """The filters as query string parameters (for links and downloads)."""
        out = {"from": self.quarter_from, "to": self.quarter_to}
        if self.review_type:
            out["type"] = self.review_type
        if self.area:
            out["area"] = f"{self.area[0]}-{self.area[1]}"
        if self.theme:
            out["theme"] = self.theme
        return out


# --- areas: what the rows of "by area" figures are ------------------------------------------


def area_level(user, filters):
    """The level figures break down by: regions for a national view, ICBs within a region,
    partnerships within an ICB or for an organisation's own view."""
    scope = scope_for(user)
    if filters.area:
        kind = filters.area[0]
        return {"region": "icb", "icb": "partnership", "partnership": "partnership"}[kind]
    if scope.level == "national":
        return "region"
    if scope.level == "region":
        return "icb"
    return "partnership"


AREA_HEADINGS = {"region": "NHS England region", "icb": "ICB", "partnership": "Partnership"}
#: The same, inside a sentence ("Reviews by NHS England region and type").
AREA_WORDS = {"region": "NHS England region", "icb": "ICB", "partnership": "partnership"}


def area_choices(user):
    """(value, label) pairs of the areas a person may narrow the dashboard to: one query."""
    scope = scope_for(user)
    if scope.level == "national":
        # Regions only: a national view is broken down by region, and an area filter picks
        # a row of it (docs/dashboard-suppression.md, "Across filters").
        return [(f"region-{r.pk}", r.name) for r in Region.objects.order_by("name")]
    if scope.level == "region":
        icbs = Organisation.objects.filter(kind=Organisation.Kind.ICB, region_id=scope.region_id)
        return [(f"icb-{o.pk}", o.name) for o in icbs.order_by("name")]
    if scope.level == "organisation":
        ids = sorted(scope.partnership_ids)
        orgs = Organisation.objects.filter(pk__in=ids, kind=Organisation.Kind.PARTNERSHIP)
        return [(f"partnership-{o.pk}", o.name) for o in orgs.order_by("name")]
    return []


#: The key of the row (or column) of records with no area at a figure's level: reviews
#: outside NHS England's regions (Welsh DHRs), or with no ICB recorded. Every figure of a
#: page counts them, so its totals agree (issue 19); its links ask for ``region=none``.
NO_AREA = "none"
#: ONS areas in England: any other area of a partnership (Wales) is named in the row.
_ENGLISH_AREAS = frozenset(area for area, code in AREA_TO_REGION_CODE.items() if code)


def _area_key(value):
    return NO_AREA if value is None else value


def no_area_label(level, base=None):
    """The label of the ``NO_AREA`` row: "Outside NHS England (Wales)" for regions, naming
    the nations of the partnerships in ``base`` (facts) that have no region (one query)."""
    if level != "region":
        return {"icb": "No ICB recorded"}.get(level, "No partnership recorded")
    areas = set()
    if base is not None:
        areas = set(
            base.filter(region_id__isnull=True)
            .values_list("partnership__area", flat=True)
            .distinct()
        )
    nations = sorted(a for a in areas if a and a not in _ENGLISH_AREAS)
    return f"Outside NHS England ({', '.join(nations)})" if nations else "Outside NHS England"


def _area_labels(level, keys, base=None):
    """Labels of the areas ``keys`` (ids, and ``NO_AREA`` or None for no area), by name,
    the row of no area last."""
    keys = set(keys)
    ids = sorted(k for k in keys if k is not None and k != NO_AREA)
    model = Region if level == "region" else Organisation
    names = dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))
    labels = sorted([Label(k, names.get(k, "Unknown")) for k in ids], key=lambda label: label.label)
    if None in keys or NO_AREA in keys:
        labels.append(Label(NO_AREA, no_area_label(level, base)))
    return labels


# --- the base querysets ----------------------------------------------------------------------


def _filtered(queryset, filters, *, with_theme=True):
    queryset = queryset.filter(quarter__gte=filters.quarter_from, quarter__lte=filters.quarter_to)
    if filters.review_type:
        queryset = queryset.filter(review_type=filters.review_type)
    if filters.area:
        kind, pk = filters.area
        queryset = queryset.filter(**{f"{kind}_id": pk})
    if filters.theme and with_theme:
        queryset = queryset.filter(
            review_id__in=ReviewThemeFact.objects.filter(theme_id=filters.theme).values("review_id")
        )
    return queryset


def reviews(user, filters):
    return _filtered(ReviewFact.objects.visible_to(user), filters)


def actions(user, filters):
    return _filtered(ActionFact.objects.visible_to(user), filters)


def recommendations(user, filters):
    return _filtered(RecommendationFact.objects.visible_to(user), filters)


def review_themes(user, filters):
    return _filtered(ReviewThemeFact.objects.visible_to(user), filters, with_theme=False)


def slippage_expression(today):
    return Case(
        When(clock_due__lt=today, then=Value("overdue")),
        When(clock_due__isnull=False, then=Value("on_track")),
        When(clock_met_late=True, then=Value("met_late")),
        When(has_clock=True, then=Value("met")),
        default=Value("no_clock"),
    )


# --- links to the records behind a figure ----------------------------------------------------


@lru_cache(maxsize=8)
def _reverse(name):
    return reverse(name)


def _records_href(name, filters, **cell):
    params = {**filters.params(), **{k: v for k, v in cell.items() if v not in (None, "")}}
    return f"{_reverse(name)}?{urlencode(params)}"


def _cell_href(name, filters, fixed):
    """A cell's link: ``fixed`` maps each parameter to "row" (the row's key), "column" (the
    column's key) or a value of its own. The query string is a template made once per
    figure (``links.cell_query``): the same link ``_records_href`` gives, without encoding
    the filters again for every cell."""
    path = _reverse(name)
    query = links.cell_query(filters.params(), fixed)

    def href(row, column):
        return f"{path}?{query(row, column)}"

    return href


def _review_href(filters, **fixed):
    return _cell_href("dashboard:reviews", filters, fixed)


def _action_href(filters, **fixed):
    return _cell_href("dashboard:actions", filters, fixed)


# --- helpers -------------------------------------------------------------------------------


def period_columns(filters):
    """(columns, href parameter, key of a quarter): quarters, or years for a long period."""
    quarters = filters.quarters
    if len(quarters) <= MOST_QUARTERS_SHOWN:
        return [Label(q, quarter_label(q)) for q in quarters], "quarter", lambda q: q
    years = sorted({q // 10 for q in quarters})
    return [Label(y, str(y)) for y in years], "year", lambda q: q // 10


YEAR_ONLY_NOTE = (
    "Some of these reviews started on a date known only to the year: they are counted in "
    "January to March of that year."
)


def year_only_notes(user, filters, period_param, years_with=None):
    """A note for figures by quarter when a review in them counts from a year-only date
    (``years_with``: the years known to have one, when they were counted already)."""
    if period_param != "quarter":
        return []
    if years_with is not None:
        return [YEAR_ONLY_NOTE] if filters.quarter_from // 10 in years_with else []
    return (
        [YEAR_ONLY_NOTE] if reviews(user, filters).filter(period_precision="year").exists() else []
    )


def _by_period(counts, to_key):
    """Counts keyed (row, quarter) summed into (row, period column)."""
    out = defaultdict(int)
    for (row, quarter), n in counts.items():
        out[(row, to_key(quarter))] += n
    return out


def _grid(rows, columns, counts):
    return [[counts.get((r.key, c.key), 0) for c in columns] for r in rows]


def _types_present(keys):
    return [Label(code, label) for code, label in REVIEW_TYPES.items() if code in keys]


def _area_rows(level, counts_keys, base=None):
    return _area_labels(level, counts_keys, base)


def year_filters(filters, year):
    """``filters`` for one calendar year (a block of a period above the owner)."""
    return replace(filters, quarter_from=year * 10 + 1, quarter_to=year * 10 + 4)


class _Grouped:
    """The GROUP BY queries of a figure function, for its period, or, with ``years``, for
    each of those years from the same queries with the year as one more column: the
    figures of every year of a period (suppressed each on its own above the owner) from one
    query set, not one per year. Every aggregate is a count, so a year's rows are the rows
    its own query would give."""

    def __init__(self, years=None):
        self.years = years
        self._names = {}
        self._no_area = {}

    def rows(self, queryset, dims, **aggregates):
        """``queryset.values(*dims).annotate(**aggregates)`` as a list; with years,
        {year: list} for every year."""
        aggregates = aggregates or {"n": Count("pk")}
        if self.years is None:
            return list(queryset.values(*dims).annotate(**aggregates))
        out = {year: [] for year in self.years}
        grouped = queryset.annotate(block_year=F("quarter") / 10).values(*dims, "block_year")
        for row in grouped.annotate(**aggregates):
            year = row.pop("block_year")
            if year in out:
                out[year].append(row)
        return out

    def counts(self, queryset, dims, key):
        """{key(row): n} of a count by ``dims``; with years, {year: {key(row): n}}."""
        rows = self.rows(queryset, dims)
        if self.years is None:
            return {key(row): row["n"] for row in rows}
        return {year: {key(row): row["n"] for row in part} for year, part in rows.items()}

    def year_only(self, queryset):
        """With years: the years with a review that counts from a year-only date."""
        if self.years is None:
            return None
        rows = self.rows(queryset.filter(period_precision="year"), ())
        return {year for year, part in rows.items() if part}

    def area_rows(self, level, keys, base):
        """``_area_rows``, the names looked up once for every year."""
        if self.years is None:
            return _area_rows(level, keys, base)
        keys = set(keys)
        ids = sorted(k for k in keys if k is not None and k != NO_AREA)
        missing = [k for k in ids if (level, k) not in self._names]
        if missing:
            model = Region if level == "region" else Organisation
            names = dict(model.objects.filter(pk__in=missing).values_list("pk", "name"))
            self._names.update({(level, k): names.get(k, "Unknown") for k in missing})
        labels = sorted(
            [Label(k, self._names[(level, k)]) for k in ids], key=lambda label: label.label
        )
        if None in keys or NO_AREA in keys:
            if level not in self._no_area:
                self._no_area[level] = no_area_label(level, base)
            labels.append(Label(NO_AREA, self._no_area[level]))
        return labels

    def each(self, filters, build, *counts):
        """``build(filters, *counts)`` for the period; with years, {year: the same for the
        year's filters and counts}."""
        if self.years is None:
            return build(filters, *counts)
        return {
            year: build(year_filters(filters, year), *[c[year] for c in counts])
            for year in self.years
        }


# --- the overview ----------------------------------------------------------------------------


def overview(user, filters, today=None, years=None):
    """Reviews by area and type, by type and quarter, by stage, slippage, and rapid reviews
    converted. Five queries (plus the area names), with ``years`` for each of those years
    ({year: figures}, from the same five queries)."""
    today = today or timezone.localdate()
    base = reviews(user, filters)
    level = area_level(user, filters)
    area = f"{level}_id"
    grouped = _Grouped(years)

    by_area_type = grouped.counts(
        base, (area, "review_type"), lambda row: (_area_key(row[area]), row["review_type"])
    )
    by_type_quarter = grouped.counts(
        base, ("review_type", "quarter"), lambda row: (row["review_type"], row["quarter"])
    )
    by_type_stage = grouped.counts(
        base, ("review_type", "stage"), lambda row: (row["review_type"], row["stage"])
    )
    by_type_slippage = grouped.counts(
        base.annotate(slippage=slippage_expression(today)),
        ("review_type", "slippage"),
        lambda row: (row["review_type"], row["slippage"]),
    )
    converted = grouped.counts(
        base.filter(review_type="rapid"),
        (area, "converted"),
        lambda row: (_area_key(row[area]), "converted" if row["converted"] else "not"),
    )
    years_with = grouped.year_only(base)
    return grouped.each(
        filters,
        lambda f, *counts: _overview(user, f, level, base, grouped, years_with, *counts),
        by_area_type,
        by_type_quarter,
        by_type_stage,
        by_type_slippage,
        converted,
    )


def _overview(
    user,
    filters,
    level,
    base,
    grouped,
    years_with,
    by_area_type,
    by_type_quarter,
    by_type_stage,
    by_type_slippage,
    converted,
):
    areas = grouped.area_rows(level, [k for k, _ in by_area_type], base)
    types = _types_present({t for _, t in by_area_type})
    quarters, period_param, period_key = period_columns(filters)
    by_type_quarter = _by_period(by_type_quarter, period_key)
    stage_codes = ["not_started", *STAGES]
    present_stages = {s for _, s in by_type_stage}
    stages = [
        Label(s, "Not started" if s == "not_started" else STAGES[s].label)
        for s in stage_codes
        if s in present_stages
    ]
    slippage_types = [
        t for t in types if any(by_type_slippage.get((t.key, s)) for s, _ in SLIPPAGE[:4])
    ]
    heading = AREA_HEADINGS[level]
    figures = [
        Figure(
            key="reviews-by-area",
            title=f"Reviews by {AREA_WORDS[level]} and type",
            summary="Reviews that started in the period, by where they are and their type.",
            row_heading=heading,
            rows=areas,
            columns=types,
            counts=_grid(areas, types, by_area_type),
            chart="heatmap",
            href=_review_href(filters, **{level: "row", "review_type": "column"}),
            row_filter=level,
            column_filter="review_type",
        ),
        Figure(
            key="reviews-by-quarter",
            title=f"Reviews by type and {period_param}",
            summary=(
                f"Reviews by the {period_param} they started (notification, decision or incident)."
            ),
            row_heading="Type of review",
            rows=types,
            columns=quarters,
            counts=_grid(types, quarters, by_type_quarter),
            chart="heatmap",
            href=_review_href(filters, review_type="row", **{period_param: "column"}),
            period_columns=period_param,
            row_filter="review_type",
            notes=year_only_notes(user, filters, period_param, years_with),
        ),
        Figure(
            key="reviews-by-stage",
            title="Where reviews are now",
            summary="The furthest stage each review has reached.",
            row_heading="Type of review",
            rows=types,
            columns=stages,
            counts=_grid(types, stages, by_type_stage),
            chart="stacked",
            href=_review_href(filters, review_type="row", stage="column"),
            row_filter="review_type",
        ),
        Figure(
            key="slippage",
            title="Slippage against the statutory clocks",
            summary=(
                "Reviews whose current clock is overdue today, running on time, or met "
                "(on time or late)."
            ),
            row_heading="Type of review",
            rows=slippage_types,
            columns=[Label(k, v) for k, v in SLIPPAGE],
            counts=_grid(slippage_types, [Label(k, v) for k, v in SLIPPAGE], by_type_slippage),
            chart="stacked",
            href=_review_href(filters, review_type="row", slippage="column"),
            share_of_row=("overdue",),
            row_filter="review_type",
        ),
        Figure(
            key="rapid-converted",
            title="Rapid reviews converted into reviews",
            summary="Rapid reviews that became a practice review (or SAR or DHR).",
            row_heading=heading,
            rows=grouped.area_rows(level, [k for k, _ in converted], base),
            columns=[Label("converted", "Converted"), Label("not", "Not converted")],
            counts=[],
            chart="stacked",
            href=_review_href(
                filters, **{level: "row", "review_type": "rapid", "converted": "column"}
            ),
            share_of_row=("converted",),
            unit="rapid reviews",
            row_filter=level,
            only={"review_type": "rapid"},
        ),
    ]
    last = figures[-1]
    last.counts = _grid(last.rows, last.columns, converted)
    return figures


# --- themes ----------------------------------------------------------------------------------


def themes(user, filters, theme_labels=None, years=None):
    """Themes by area and by quarter (every theme a review has, primary or not). Two
    queries plus the names, with ``years`` for each of those years ({year: figures})."""
    base = review_themes(user, filters)
    if filters.theme:
        base = base.filter(theme_id=filters.theme)
    level = area_level(user, filters)
    area = f"{level}_id"
    grouped = _Grouped(years)
    by_area = grouped.counts(
        base, ("theme_id", area), lambda row: (row["theme_id"], _area_key(row[area]))
    )
    by_quarter = grouped.counts(
        base, ("theme_id", "quarter"), lambda row: (row["theme_id"], row["quarter"])
    )
    if years is not None and theme_labels is None:
        theme_labels = dict(Theme.objects.values_list("pk", "label"))
    years_with = grouped.year_only(reviews(user, filters))
    return grouped.each(
        filters,
        lambda f, *counts: _themes(
            user, f, level, base, grouped, years_with, theme_labels, *counts
        ),
        by_area,
        by_quarter,
    )


def _themes(user, filters, level, base, grouped, years_with, theme_labels, by_area, by_quarter):
    present = {t for t, _ in by_area}
    labels = (
        theme_labels if theme_labels is not None else dict(Theme.objects.values_list("pk", "label"))
    )
    theme_rows = sorted(
        [Label(pk, labels.get(pk, "Unknown")) for pk in present], key=lambda t: t.label
    )
    areas = grouped.area_rows(level, [a for _, a in by_area], base)
    quarters, period_param, period_key = period_columns(filters)
    by_quarter = _by_period(by_quarter, period_key)
    return [
        Figure(
            key="themes-by-area",
            title=f"Themes by {AREA_WORDS[level]}",
            summary=(
                "How many reviews that started in the period have each theme. A review "
                "can have several themes, so the totals count theme mentions."
            ),
            row_heading="Theme",
            rows=theme_rows,
            columns=areas,
            counts=_grid(theme_rows, areas, by_area),
            chart="heatmap",
            href=_review_href(filters, theme="row", **{level: "column"}),
            total_label="Theme mentions",
            row_filter="theme",
            column_filter=level,
        ),
        Figure(
            key="themes-by-quarter",
            title=f"Themes by {period_param}",
            summary=f"Reviews with each theme by the {period_param} they started: the trend.",
            row_heading="Theme",
            rows=theme_rows,
            columns=quarters,
            counts=_grid(theme_rows, quarters, by_quarter),
            chart="heatmap",
            href=_review_href(filters, theme="row", **{period_param: "column"}),
            total_label="Theme mentions",
            period_columns=period_param,
            notes=year_only_notes(user, filters, period_param, years_with),
            row_filter="theme",
        ),
    ]


def top_rows(published, n=5):
    """The n rows with the largest published totals (for a trend chart of the same cells)."""
    ranked = sorted(
        range(len(published.figure.rows)),
        key=lambda i: (-(published.row_totals[i].value or 0), published.figure.rows[i].label),
    )
    return ranked[:n]


# --- recommendations and actions --------------------------------------------------------------


def actions_figures(user, filters, today=None, top=15, years=None):
    """Actions by status, overdue by owning organisation, time to complete, and
    recommendations by how far their actions have got. Four queries plus names, with
    ``years`` for each of those years ({year: figures}, from the same queries)."""
    today = today or timezone.localdate()
    base = actions(user, filters)
    level = area_level(user, filters)
    area = f"{level}_id"
    grouped = _Grouped(years)
    overdue = grouped.counts(
        base.filter(is_open=True, due_date__lt=today), ("owner_id",), lambda row: row["owner_id"]
    )
    bucket = Case(
        When(days_to_complete__isnull=True, then=Value("")),
        *[
            When(
                Q(days_to_complete__gte=lo) & (Q(days_to_complete__lte=hi) if hi else Q()),
                then=Value(key),
            )
            for key, _, lo, hi in COMPLETION_BUCKETS
        ],
        default=Value("more"),
    )
    # One scan for actions by status and by time to complete (completed ones only).
    status_rows = grouped.rows(base.annotate(bucket=bucket), (area, "status", "bucket"))
    state = Case(
        When(actions=0, then=Value("none")),
        When(actions_done=F("actions"), then=Value("done")),
        When(actions_open__gt=0, then=Value("open")),
        default=Value("closed"),
    )
    by_state = grouped.counts(
        recommendations(user, filters).annotate(state=state),
        (area, "state"),
        lambda row: (_area_key(row[area]), row["state"]),
    )
    # Owners are organisations whatever the level (a national view's rows are regions).
    owners = set(overdue) if years is None else {k for part in overdue.values() for k in part}
    names = dict(
        Organisation.objects.filter(pk__in=sorted(owners)).values_list("pk", "name")
        if owners
        else ()
    )
    return grouped.each(
        filters,
        lambda f, *counts: _actions_figures(f, level, area, base, grouped, names, top, *counts),
        overdue,
        status_rows,
        by_state,
    )


def _actions_figures(filters, level, area, base, grouped, names, top, overdue, rows, by_state):
    by_status, by_time = defaultdict(int), defaultdict(int)
    for row in rows:
        key = _area_key(row[area])
        by_status[(key, row["status"])] += row["n"]
        if row["bucket"]:
            by_time[(key, row["bucket"])] += row["n"]
    keys = {a for a, _ in by_status} | {a for a, _ in by_state}
    areas = grouped.area_rows(level, keys, base)
    heading = AREA_HEADINGS[level]
    statuses = [Label(k, v) for k, v in ACTION_STATUSES]
    owners = sorted(overdue, key=lambda k: (-overdue[k], names.get(k, "")))
    top, rest = (owners, []) if top is None else (owners[:top], owners[top:])
    owner_rows = [Label(k, names.get(k, "Unknown")) for k in top]
    owner_counts = [[overdue[k]] for k in top]
    if rest:
        owner_rows.append(Label("other", f"All other organisations ({len(rest)})"))
        owner_counts.append([sum(overdue[k] for k in rest)])
    buckets = [Label(k, label) for k, label, _, _ in COMPLETION_BUCKETS]
    states = [Label(k, v) for k, v in RECOMMENDATION_STATES]
    time_rows = [a for a in areas if any(by_time.get((a.key, b.key)) for b in buckets)]
    state_rows = [a for a in areas if any(by_state.get((a.key, s.key)) for s in states)]

    def owner_href(row, column):
        if row == "other":
            return None
        return _records_href("dashboard:actions", filters, owner=row, overdue=1)

    return [
        Figure(
            key="actions-by-status",
            title="Actions by status",
            summary="Actions answering the recommendations of reviews that started in the period.",
            row_heading=heading,
            rows=areas,
            columns=statuses,
            counts=_grid(areas, statuses, by_status),
            chart="stacked",
            unit="actions",
            href=_action_href(filters, **{level: "row", "status": "column"}),
            share_of_row=(("Completed", ("completed", "closed_with_evidence")),),
            row_filter=level,
        ),
        Figure(
            key="overdue-by-owner",
            title="Overdue actions by owning organisation",
            summary="Open actions past their due date today, by the organisation that owns them.",
            row_heading="Owning organisation",
            rows=owner_rows,
            columns=[Label("overdue", "Overdue actions")],
            counts=owner_counts,
            chart="bar",
            unit="actions",
            href=owner_href,
            row_members={"other": rest} if rest else {},
        ),
        Figure(
            key="time-to-complete",
            title="Time to complete actions",
            summary="Completed actions by the time from being recorded to completion.",
            row_heading=heading,
            rows=time_rows,
            columns=buckets,
            counts=_grid(time_rows, buckets, by_time),
            chart="stacked",
            unit="actions",
            row_filter=level,
        ),
        Figure(
            key="recommendations",
            title="Recommendations by progress of their actions",
            summary="Whether every action of a recommendation is complete.",
            row_heading=heading,
            rows=state_rows,
            columns=states,
            counts=_grid(state_rows, states, by_state),
            chart="stacked",
            unit="recommendations",
            share_of_row=("done",),
            row_filter=level,
        ),
    ]


# --- completeness ----------------------------------------------------------------------------


def completeness(user, filters, years=None):
    """For each S-CRT data check: reviews missing it and complete, of those it applies to,
    and missing by review type. One query, with ``years`` for each of those years."""
    base = reviews(user, filters)
    annotations = {f"c{i}": Substr("completeness", i + 1, 1) for i in range(len(quality.CHECKS))}
    aggregates = {}
    for i in range(len(quality.CHECKS)):
        aggregates[f"m{i}"] = Count("pk", filter=Q(**{f"c{i}": "m"}))
        aggregates[f"p{i}"] = Count("pk", filter=Q(**{f"c{i}": "."}))
    grouped = _Grouped(years)
    rows = grouped.rows(base.annotate(**annotations), ("review_type",), **aggregates)
    return grouped.each(filters, _completeness, rows)


def _completeness(filters, rows):
    checks = [Label(c.code, c.label) for c in quality.CHECKS]
    missing, present = defaultdict(int), defaultdict(int)
    by_type = {}
    for row in rows:
        for i, check in enumerate(quality.CHECKS):
            missing[check.code] += row[f"m{i}"]
            present[check.code] += row[f"p{i}"]
            by_type[(check.code, row["review_type"])] = row[f"m{i}"]
    types = _types_present({row["review_type"] for row in rows})
    return [
        Figure(
            key="completeness",
            title="Completeness of the fields S-CRT and the national analyses need",
            summary=(
                "Reviews missing each field, of the reviews it applies to. National analyses "
                "found referral source missing in 75% of SARs."
            ),
            row_heading="Field",
            rows=checks,
            columns=[Label("missing", "Missing"), Label("present", "Recorded")],
            counts=[[missing[c.key], present[c.key]] for c in checks],
            chart="stacked",
            href=lambda row, column: (
                _records_href("dashboard:reviews", filters, missing=row)
                if column in ("missing", None)
                else None
            ),
            share_of_row=("missing",),
            total_label="Reviews it applies to",
        ),
        Figure(
            key="completeness-by-type",
            title="Missing fields by type of review",
            summary="Reviews missing each field, by type of review.",
            row_heading="Field",
            rows=checks,
            columns=types,
            counts=_grid(checks, types, by_type),
            chart="heatmap",
            href=_review_href(filters, missing="row", review_type="column"),
            total_label="Missing",
            column_filter="review_type",
        ),
    ]


def quarter_choices(today=None, years=10):
    last = quarter_of(today or timezone.localdate())
    first = shift(last, -(4 * years - 1))
    return [(q, quarter_label(q)) for q in reversed(quarters_between(first, last))]


def theme_choices():
    return list(Theme.objects.filter(active=True).order_by("label").values_list("pk", "label"))


# --- the records behind a figure -------------------------------------------------------------

REVIEW_CELL_PARAMS = ("review_type", "quarter", "stage", "slippage", "converted", "missing")
AREA_PARAMS = ("region", "icb", "partnership")


def _cell_filter(queryset, params, *, today):
    """Narrow facts to one cell of a figure. Unknown or malformed values match nothing
    rather than fail."""
    for name in AREA_PARAMS:
        value = params.get(name)
        if value == NO_AREA:
            queryset = queryset.filter(**{f"{name}_id__isnull": True})
        elif value:
            queryset = queryset.filter(**{f"{name}_id": _int_or_none(value)})
    for name in ("review_type", "stage", "status"):
        value = params.get(name)
        if value:
            queryset = queryset.filter(**{name: value})
    if params.get("quarter"):
        queryset = queryset.filter(quarter=_int_or_none(params["quarter"]))
    if params.get("year"):
        year = _int_or_none(params["year"]) or 0
        queryset = queryset.filter(quarter__gte=year * 10 + 1, quarter__lte=year * 10 + 4)
    if params.get("slippage"):
        queryset = queryset.annotate(slippage=slippage_expression(today)).filter(
            slippage=params["slippage"]
        )
    if params.get("converted"):
        queryset = queryset.filter(converted=params["converted"] == "converted")
    if params.get("missing"):
        codes = [c.code for c in quality.CHECKS]
        if params["missing"] in codes:
            index = codes.index(params["missing"])
            queryset = queryset.annotate(check=Substr("completeness", index + 1, 1)).filter(
                check="m"
            )
        else:
            queryset = queryset.none()
    if params.get("owner"):
        queryset = queryset.filter(owner_id=_int_or_none(params["owner"]))
    if params.get("overdue"):
        queryset = queryset.filter(is_open=True, due_date__lt=today)
    return queryset


def _int_or_none(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 10**18 else None


def records_reviews(user, filters, params, today=None):
    """The reviews behind a figure's cell, newest first, in the person's scope."""
    from safeguarding.reviews.models import Review

    today = today or timezone.localdate()
    facts = _cell_filter(reviews(user, filters), params, today=today)
    return (
        Review.objects.visible_to(user)
        .filter(pk__in=facts.values("review_id"))
        .select_related("partnership")
        .order_by("-notification_date", "-id")
    )


def records_actions(user, filters, params, today=None):
    """The actions behind a figure's cell, most overdue first, in the person's scope."""
    today = today or timezone.localdate()
    facts = _cell_filter(actions(user, filters), params, today=today)
    return (
        Action.objects.visible_to(user)
        .filter(pk__in=facts.values("action_id"))
        .select_related("owner", "recommendation__review")
        .order_by("due_date", "id")
    )
