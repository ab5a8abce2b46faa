"""Clocks for stored reviews: the default targets merged with a partnership's own."""

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from django.conf import settings
from django.utils import timezone

from .clocks import (
    DATE_FIELDS,
    DEFAULT_TARGETS,
    DUE_SOON,
    MET,
    MET_LATE,
    NOT_STARTED,
    ON_TRACK,
    OVERDUE,
    Clock,
    Target,
    evaluate,
    merge_targets,
)
from .models import ClockTarget

logger = logging.getLogger(__name__)

#: Statuses from the most to the least urgent, for list pages.
STATUS_URGENCY: tuple[str, ...] = (
    OVERDUE,
    DUE_SOON,
    MET_LATE,
    ON_TRACK,
    MET,
    NOT_STARTED,
)


def _pk(partnership):
    """The primary key of an Organisation, or the value itself if it is already a key."""
    if partnership is None:
        return None
    return getattr(partnership, "pk", partnership)


def _review_partnership_pk(review):
    # Read the key where there is one, so a list of reviews does not load each partnership.
    pk = getattr(review, "partnership_id", None)
    if pk is None:
        pk = _pk(getattr(review, "partnership", None))
    return pk


def _merge(review_type: str, overrides: Iterable[Target]) -> tuple[Target, ...]:
    defaults = DEFAULT_TARGETS[review_type]
    national = {target.milestone for target in defaults if target.set_nationally}
    usable = []
    for override in overrides:
        if override.milestone in national:
            # ClockTarget.clean() refuses these, but a row saved without it, or a milestone
            # made national after the row was saved, must not break every page: the
            # national target stands.
            logger.warning(
                "Ignoring a local %s target for %s: it is set nationally",
                override.milestone,
                review_type,
            )
            continue
        usable.append(override)
    return merge_targets(defaults, usable)


def targets_for(review_type: str, partnership=None) -> tuple[Target, ...]:
    """The targets for ``review_type``: the defaults with ``partnership``'s own applied.

    ``partnership`` is an Organisation, its primary key, or None for the defaults alone.
    Raises ``ValueError`` for an unknown review type.
    """
    if review_type not in DEFAULT_TARGETS:
        raise ValueError(f"Unknown review type: {review_type!r}")
    pk = _pk(partnership)
    if pk is None:
        return DEFAULT_TARGETS[review_type]
    rows = ClockTarget.objects.filter(partnership_id=pk, review_type=review_type).order_by("id")
    return _merge(review_type, [row.as_target() for row in rows])


def review_dates(review) -> dict[str, date | None]:
    """The dates a clock may use, read from any object with the review's date attributes."""
    return {name: getattr(review, name, None) for name in DATE_FIELDS}


def clocks_for(review, today: date | None = None, *, targets=None) -> list[Clock]:
    """The clocks of ``review`` on ``today`` (the local date by default).

    Duck-typed: reads ``review_type``, ``partnership`` (or ``partnership_id``; either may be
    None) and the date attributes named in ``clocks.DATE_FIELDS``. Pass ``targets`` to skip
    the look-up of the partnership's own targets.
    """
    if today is None:
        today = timezone.localdate()
    if targets is None:
        targets = targets_for(review.review_type, _review_partnership_pk(review))
    return evaluate(
        review.review_type,
        review_dates(review),
        today,
        targets=targets,
        due_soon_working_days=getattr(settings, "DUE_SOON_WORKING_DAYS", 5),
    )


def clocks_for_many(reviews: Iterable, today: date | None = None) -> list[list[Clock]]:
    """``clocks_for`` each review, in order, reading all partnerships' targets in one query."""
    reviews = list(reviews)
    if today is None:
        today = timezone.localdate()
    pks = {pk for pk in map(_review_partnership_pk, reviews) if pk is not None}
    overrides = defaultdict(list)
    if pks:
        for row in ClockTarget.objects.filter(partnership_id__in=pks).order_by("id"):
            overrides[(row.partnership_id, row.review_type)].append(row.as_target())
    merged: dict[tuple, tuple[Target, ...]] = {}
    results = []
    for review in reviews:
        key = (_review_partnership_pk(review), review.review_type)
        if key not in merged:
            if review.review_type not in DEFAULT_TARGETS:
                raise ValueError(f"Unknown review type: {review.review_type!r}")
            merged[key] = _merge(review.review_type, overrides.get(key, ()))
        results.append(clocks_for(review, today, targets=merged[key]))
    return results


def worst_status(clocks: Sequence[Clock]) -> str:
    """The most urgent status among ``clocks``; ``not_started`` when there are none."""
    statuses = {clock.status for clock in clocks}
    for status in STATUS_URGENCY:
        if status in statuses:
            return status
    return NOT_STARTED
