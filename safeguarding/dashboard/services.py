"""Keeping the dashboard's facts up to date.

``refresh_figures()`` rebuilds every fact table (a task: after a bulk load, and nightly as a
safety net). ``schedule_review(pk)`` refreshes one review's facts when the transaction that
changed it commits, so the dashboard shows a save at once. Whether a clock is overdue is
worked out when the figures are read (from ``clock_due``), so the facts do not go stale
as days pass.
"""

import logging
import secrets
import threading
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from safeguarding.actions.models import Action, Recommendation
from safeguarding.reviews import quality
from safeguarding.reviews.models import Review, ReviewTheme
from safeguarding.timescales.clocks import DATE_FIELDS as CLOCK_DATE_FIELDS
from safeguarding.timescales.clocks import DUE_SOON, MET_LATE, NOT_STARTED, ON_TRACK, OVERDUE
from safeguarding.timescales.services import clocks_for_many

from .models import ActionFact, FactsVersion, RecommendationFact, ReviewFact, ReviewThemeFact
from .periods import quarter_of

logger = logging.getLogger(__name__)

BATCH = 5000
UNMET = {ON_TRACK, DUE_SOON, OVERDUE}
DONE_STATUSES = (Action.Status.COMPLETED, Action.Status.CLOSED_WITH_EVIDENCE)

_REVIEW_FIELDS = (
    "id",
    "review_type",
    "partnership_id",
    "icb_id",
    "region_id",
    "converted_from_id",
    "publication_status",
    "publication_url",
    "referral_source",
    "method",
    "designated_professional",
    "scope_start",
    "scope_end",
    *CLOCK_DATE_FIELDS,
    "created_at",
    "date_precision",
)


PERIOD_FIELDS = ("notification_date", "decision_date", "incident_date")


def period_date(review) -> date:
    """The date a review counts from in the figures: notification, decision or incident,
    or the day it was recorded."""
    for name in PERIOD_FIELDS:
        value = getattr(review, name)
        if value:
            return value
    return timezone.localdate(review.created_at)


def period_precision(review) -> str:
    """'month' or 'year' when the date the review counts from is known only that well."""
    for name in PERIOD_FIELDS:
        if getattr(review, name):
            return (review.date_precision or {}).get(name, "")
    return ""


def _review_fact(review, clocks, *, has_primary, converted):
    unmet = [c.due for c in clocks if c.status in UNMET and c.due]
    started = review.decision_date or review.start_date
    days = None
    known = review.date_precision or {}
    started_field = "decision_date" if review.decision_date else "start_date"
    # A time to complete is not worked out from a date known only to the year.
    if (
        started
        and review.signed_off_date
        and "year"
        not in (
            known.get(started_field),
            known.get("signed_off_date"),
        )
    ):
        days = max((review.signed_off_date - started).days, 0)
    return ReviewFact(
        review_id=review.id,
        region_id=review.region_id,
        icb_id=review.icb_id,
        partnership_id=review.partnership_id,
        review_type=review.review_type,
        quarter=quarter_of(period_date(review)),
        period_precision=period_precision(review),
        stage=review.stage.code,
        is_open=review.is_open,
        converted_from_rapid=review.converted_from_id is not None,
        converted=converted,
        clock_due=min(unmet) if unmet else None,
        clock_met_late=any(c.status == MET_LATE for c in clocks),
        has_clock=any(c.status != NOT_STARTED for c in clocks),
        days_to_complete=days,
        completeness=quality.completeness_code(review, has_primary_theme=has_primary),
    )


def _build_review_facts(reviews, today):
    """ReviewFact rows for a list of Review instances (loaded with _REVIEW_FIELDS)."""
    ids = [r.id for r in reviews]
    primary = set(
        ReviewTheme.objects.filter(review_id__in=ids, is_primary=True).values_list(
            "review_id", flat=True
        )
    )
    converted = set(
        Review.objects.filter(converted_from_id__in=ids).values_list("converted_from_id", flat=True)
    )
    return [
        _review_fact(r, clocks, has_primary=r.id in primary, converted=r.id in converted)
        for r, clocks in zip(reviews, clocks_for_many(reviews, today), strict=True)
    ]


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _days_between(later, earlier_timestamp):
    if connection.vendor == "postgresql":
        return f"({later} - ({earlier_timestamp} AT TIME ZONE 'Europe/London')::date)"
    return f"CAST(julianday({later}) - julianday(date({earlier_timestamp})) AS INTEGER)"


def _max0(expression):
    function = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    return f"{function}(0, {expression})"


def _insert_derived_facts(review_filter_sql="", params=()):
    """Theme, recommendation and action facts, by SQL from the review facts.

    Only quoted table names and constant status codes are put into the SQL text; the
    review ids go in as parameters."""
    dims = "rf.region_id, rf.icb_id, rf.partnership_id, rf.review_type, rf.quarter"
    dim_columns = "region_id, icb_id, partnership_id, review_type, quarter"
    where = f"WHERE {review_filter_sql}" if review_filter_sql else ""
    done = ", ".join(f"'{s}'" for s in DONE_STATUSES)
    open_ = ", ".join(f"'{s}'" for s in Action.OPEN_STATUSES)
    review_facts = _table(ReviewFact)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(ReviewThemeFact)} (review_id, theme_id, is_primary, {dim_columns}) "  # noqa: S608
            f"SELECT rt.review_id, rt.theme_id, rt.is_primary, {dims} "
            f"FROM {_table(ReviewTheme)} rt JOIN {review_facts} rf ON rf.review_id = rt.review_id "
            f"{where}",
            params,
        )
        cursor.execute(
            f"INSERT INTO {_table(RecommendationFact)} (recommendation_id, review_id, actions, "  # noqa: S608
            f"actions_done, actions_open, {dim_columns}) "
            f"SELECT rec.id, rf.review_id, COUNT(a.id), "
            f"SUM(CASE WHEN a.status IN ({done}) THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN a.status IN ({open_}) THEN 1 ELSE 0 END), {dims} "
            f"FROM {_table(Recommendation)} rec "
            f"JOIN {review_facts} rf ON rf.review_id = rec.review_id "
            f"LEFT JOIN {_table(Action)} a ON a.recommendation_id = rec.id {where} "
            f"GROUP BY rec.id, rf.review_id, {dims}",
            params,
        )
        days = _max0(_days_between("a.completed_date", "a.created_at"))
        cursor.execute(
            f"INSERT INTO {_table(ActionFact)} (action_id, review_id, recommendation_id, "  # noqa: S608
            f"owner_id, status, is_open, due_date, completed_date, days_to_complete, "
            f"{dim_columns}) "
            f"SELECT a.id, rf.review_id, rec.id, a.owner_id, a.status, "
            f"a.status IN ({open_}), a.due_date, a.completed_date, "
            f"CASE WHEN a.completed_date IS NULL THEN NULL ELSE {days} END, {dims} "
            f"FROM {_table(Action)} a "
            f"JOIN {_table(Recommendation)} rec ON rec.id = a.recommendation_id "
            f"JOIN {review_facts} rf ON rf.review_id = rec.review_id {where}",
            params,
        )


def bump_facts_version():
    """A new facts version: call it in the transaction that changes a fact table, so the
    cached figures keyed by the old one are not used once it commits (``cache.py``)."""
    version = secrets.token_hex(8)
    if not FactsVersion.objects.filter(pk=1).update(version=version):
        FactsVersion.objects.update_or_create(pk=1, defaults={"version": version})


def facts_version():
    """The current facts version (one query)."""
    return FactsVersion.objects.filter(pk=1).values_list("version", flat=True).first() or ""


def refresh_figures(today=None):
    """Rebuild every fact table in one transaction (readers see the old figures until it
    commits). Returns the number of reviews counted."""
    today = today or timezone.localdate()
    count = 0
    with transaction.atomic():
        for model in (ActionFact, RecommendationFact, ReviewThemeFact, ReviewFact):
            model.objects.all().delete()
        queryset = Review.objects.only(*_REVIEW_FIELDS).order_by("id")
        last = 0
        while True:
            reviews = list(queryset.filter(id__gt=last)[:BATCH])
            if not reviews:
                break
            ReviewFact.objects.bulk_create(_build_review_facts(reviews, today), batch_size=BATCH)
            count += len(reviews)
            last = reviews[-1].id
        _insert_derived_facts()
        bump_facts_version()
    _tidy_tables()
    logger.info("Dashboard figures refreshed: %d reviews", count)
    return count


def _tidy_tables():
    """After a rebuild, let PostgreSQL count the new rows (the planner's estimates) and,
    outside a transaction, reclaim the old ones (so the scans stay short)."""
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in (ReviewFact, ReviewThemeFact, RecommendationFact, ActionFact):
            cursor.execute(f"{command} {_table(model)}")


def refresh_reviews(review_ids, today=None):
    """Rebuild the facts of these reviews (and of what hangs off them)."""
    review_ids = sorted(set(review_ids))
    if not review_ids:
        return
    today = today or timezone.localdate()
    with transaction.atomic():
        for start in range(0, len(review_ids), 500):
            chunk = review_ids[start : start + 500]
            for model in (ActionFact, RecommendationFact, ReviewThemeFact, ReviewFact):
                model.objects.filter(review_id__in=chunk).delete()
            reviews = list(Review.objects.only(*_REVIEW_FIELDS).filter(id__in=chunk))
            ReviewFact.objects.bulk_create(_build_review_facts(reviews, today))
            placeholders = ", ".join(["%s"] * len(chunk))
            _insert_derived_facts(f"rf.review_id IN ({placeholders})", chunk)
        # Last, so the version's row lock is held only until the commit just after.
        bump_facts_version()


_pending = threading.local()


def schedule_review(review_id):
    """Refresh a review's facts once the current transaction commits."""
    items = getattr(_pending, "items", None)
    if items is None:
        items = _pending.items = set()
    items.add(review_id)
    transaction.on_commit(_flush, robust=True)


def _flush():
    items = getattr(_pending, "items", None) or set()
    _pending.items = set()
    if not items:
        return
    try:
        refresh_reviews(items)
    except Exception:  # the record is saved; the nightly refresh catches up
        logger.exception("Dashboard refresh failed for %d reviews", len(items))


# --- pages: the figures of a dashboard page, as published to this person ---------------------


def suppress_for(user):
    """Small numbers are suppressed on every view above the organisation that owns them."""
    from safeguarding.accounts.scope import scope_for

    return scope_for(user).level in ("region", "national")


def year_blocks(filters):
    """The period of ``filters`` widened to whole calendar years: above the owning
    organisation every period is made of these blocks (docs/dashboard-suppression.md)."""
    from dataclasses import replace

    return replace(
        filters,
        quarter_from=filters.quarter_from // 10 * 10 + 1,
        quarter_to=filters.quarter_to // 10 * 10 + 4,
    )


def page_figures(user, page, filters, today=None):
    """The published figures of one dashboard page (``figures.PAGES``).

    For the organisation that owns the records: exact counts. Above it: the period is
    widened to whole calendar years, each year's figures are suppressed on their own, and a
    longer period publishes the sums of its years' published values (``publish_blocks``),
    so no choice of periods gives away a suppressed count by subtraction."""
    from dataclasses import replace

    from . import figures as f
    from .tables import narrow, publish, publish_blocks

    build = {
        "overview": f.overview,
        "themes": f.themes,
        "progress": f.actions_figures,
        "completeness": f.completeness,
    }[page]
    kwargs = {} if page in ("themes", "completeness") else {"today": today}
    if not suppress_for(user):
        return [publish(figure, suppress=False) for figure in build(user, filters, **kwargs)]
    filters = year_blocks(filters)
    chosen = chosen_filters(filters)
    # The figures are worked out for everything the person can see; a filter then picks
    # rows or columns of them (``narrow``), so that filtered and unfiltered figures cannot
    # be compared to work out a suppressed count.
    filters = replace(filters, review_type="", area=None, theme=None)
    whole = build(user, filters, **kwargs)
    if page == "progress":
        kwargs["top"] = None  # blocks count every owner; "All other organisations" adds them
    years = list(range(filters.quarter_from // 10, filters.quarter_to // 10 + 1))
    # Every year's figures from one query set, the year a column of each GROUP BY.
    by_year = build(user, filters, years=years, **kwargs)
    blocks = [(year, by_year[year]) for year in years]
    return [
        narrow(
            publish_blocks(figure, [(year, figs[k]) for year, figs in blocks]),
            chosen,
            NOT_AVAILABLE_ABOVE_OWNER,
        )
        for k, figure in enumerate(whole)
    ]


#: Why a figure is not shown above the owning organisation for a filter it is not broken
#: down by (docs/dashboard-suppression.md, "Across filters").
_WHY = (
    "Working this figure out again for one {what} could let someone compare it with the "
    "figure for everywhere you can see and find a number smaller than 5. Remove the {filter} "
    "filter to see it."
)
NOT_AVAILABLE_ABOVE_OWNER = {
    "review_type": "This figure is not shown for one type of review at your level. "
    + _WHY.format(what="type of review", filter="type of review"),
    **dict.fromkeys(
        ("region", "icb", "partnership"),
        "This figure is not shown for one area at your level. "
        + _WHY.format(what="area", filter="area"),
    ),
    "theme": "This figure is not shown for one theme at your level. "
    + _WHY.format(what="theme", filter="theme"),
}


def chosen_filters(filters):
    """The filters other than the period, as ``tables.narrow`` takes them: the area under
    its kind ("region", "icb", "partnership"), which must be what the figure's rows are."""
    chosen = {}
    if filters.review_type:
        chosen["review_type"] = filters.review_type
    if filters.area:
        chosen[filters.area[0]] = filters.area[1]
    if filters.theme:
        chosen["theme"] = filters.theme
    return chosen


def region_choices():
    from safeguarding.organisations.models import Region

    return [(r.code, r.name) for r in Region.objects.order_by("name")]


def audit_download(user, page, filters, fmt, *, request=None):
    from safeguarding.audit import services as audit

    with transaction.atomic():
        audit.record(
            user,
            "export",
            None,
            request=request,
            object_type="dashboard",
            label=f"Dashboard {page}, {fmt.upper()}",
            details={
                "page": page,
                "format": fmt,
                "filters": filters.params() if filters is not None else {},
            },
        )


def learning_for_themes(user, filters, theme_ids, per_theme=3):
    """{theme id: [(review title, lessons)]}: the lessons recorded in the most recently
    published reviews with each theme, in the person's scope and the period. One query
    per theme."""
    from safeguarding.reviews.models import Review

    from . import figures

    out = {}
    published = (
        Review.objects.visible_to(user)
        .filter(
            published_date__isnull=False, pk__in=figures.reviews(user, filters).values("review_id")
        )
        .exclude(learning_summary="")
    )
    for theme_id in theme_ids:
        rows = (
            published.filter(review_themes__theme_id=theme_id)
            .order_by("-published_date", "-id")
            .values_list("title", "learning_summary")[:per_theme]
        )
        out[theme_id] = [(title, _shorten(text, 400)) for title, text in rows]
    return out


def _shorten(text, limit):
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
