"""Clocks for stored reviews: the default targets merged with a partnership's own."""

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from safeguarding.accounts.scope import scope_for
from safeguarding.audit import services as audit
from safeguarding.reviews.types import DATE_LABELS, REVIEW_TYPES
from safeguarding.versioning import FieldChange, check_version

from .clocks import (
    CALENDAR_DAYS,
    DATE_FIELDS,
    DEFAULT_TARGETS,
    DUE_SOON,
    MET,
    MET_LATE,
    MONTHS,
    NOT_STARTED,
    ON_TRACK,
    OVERDUE,
    WORKING_DAYS,
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
        precision=getattr(review, "date_precision", None) or {},
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


def clock_note(clock: Clock) -> str:
    """What a clock cannot know, in words, or "" when its dates are known to the day.

    For example "Due by 12 September 2021, counted from 1 March 2021: the date of decision
    to review is known only to the month (March 2021)".
    """
    from safeguarding.reviews import dates as partial_dates

    notes = []
    if clock.start is not None and clock.start_precision != partial_dates.DAY:
        label = DATE_LABELS.get(clock.start_field, clock.start_field)
        known = partial_dates.describe(clock.start, clock.start_precision)
        notes.append(
            f"Due by {clock.due:%-d %B %Y}, counted from {clock.start:%-d %B %Y}: the {label} "
            f"is known only to the {clock.start_precision} ({known})"
        )
    if clock.met_on is not None and clock.met_precision != partial_dates.DAY:
        label = DATE_LABELS.get(clock.met_field, "date it was done")
        known = partial_dates.describe(clock.met_on, clock.met_precision)
        notes.append(
            f"The {label} is known only to the {clock.met_precision} ({known}), so "
            f"{'met' if clock.status == MET else 'late'} is judged from {clock.met_on:%-d %B %Y}"
        )
    return ". ".join(notes)


def worst_status(clocks: Sequence[Clock]) -> str:
    """The most urgent status among ``clocks``; ``not_started`` when there are none."""
    statuses = {clock.status for clock in clocks}
    for status in STATUS_URGENCY:
        if status in statuses:
            return status
    return NOT_STARTED


# --- a partnership's own targets: reading and changing them ---------------------------------
# ``safeguarding.reviews.services`` is imported where it is used: the reviews app reads its
# clocks from this module, so a module-level import would risk an import cycle.


def _partnerships_for(user):
    from safeguarding.reviews.services import partnerships_for

    return partnerships_for(user)


#: Where a target shown on a partnership's page comes from.
SET_NATIONALLY = "national"
LOCAL_DEFAULT = "default"
SET_LOCALLY = "local"

#: The ClockTarget fields a person sets, in form order.
LOCAL_TARGET_FIELDS: tuple[str, ...] = (
    "review_type",
    "milestone",
    "label",
    "start_field",
    "met_field",
    "amount",
    "unit",
)

_FIELD_LABELS = {
    "review_type": "Type of review",
    "milestone": "Milestone code",
    "label": "What must be done",
    "start_field": "Clock starts from",
    "met_field": "Target met by",
    "amount": "Number of days or months",
    "unit": "Days or months",
}

_UNIT_WORDS = {
    WORKING_DAYS: ("working day", "working days"),
    CALENDAR_DAYS: ("calendar day", "calendar days"),
    MONTHS: ("month", "months"),
}


def describe_amount(amount: int, unit: str) -> str:
    """``20 working days``, ``1 month``."""
    singular, plural = _UNIT_WORDS.get(unit, (unit, unit))
    return f"{amount} {singular if amount == 1 else plural}"


def date_label(field: str) -> str:
    """A review date field as a person reads it, e.g. ``Date of notification``."""
    label = DATE_LABELS.get(field, field.replace("_", " "))
    return label[:1].upper() + label[1:]


@dataclass(frozen=True)
class TargetRow:
    """One effective target of a review type for one partnership."""

    target: Target
    #: SET_NATIONALLY, LOCAL_DEFAULT or SET_LOCALLY.
    source: str
    #: This partnership's row, for SET_LOCALLY targets.
    local: ClockTarget | None = None
    #: The default target a SET_LOCALLY row replaces, if any.
    replaces: Target | None = None

    @property
    def is_national(self) -> bool:
        return self.source == SET_NATIONALLY

    @property
    def starts_from(self) -> str:
        labels = [date_label(f) for f in self.target.start_fields]
        first, rest = labels[0], [label[:1].lower() + label[1:] for label in labels[1:]]
        return " or, if not recorded, ".join([first, *rest])

    @property
    def met_by(self) -> str:
        return date_label(self.target.met_field)

    @property
    def amount(self) -> str:
        return describe_amount(self.target.amount, self.target.unit)

    @property
    def replaced_amount(self) -> str:
        """The default this row replaces, e.g. ``1 month``; empty if it adds a milestone."""
        if self.replaces is None:
            return ""
        return describe_amount(self.replaces.amount, self.replaces.unit)


@dataclass(frozen=True)
class TypeTargets:
    """The effective targets of one review type for one partnership."""

    review_type: str
    label: str
    rows: tuple[TargetRow, ...]
    #: Stored rows for milestones set nationally: ignored by the clocks, shown so they can
    #: be removed.
    ignored: tuple[ClockTarget, ...] = ()


def _review_type_labels() -> dict[str, str]:
    return {code: label for code, label in REVIEW_TYPES.items() if code in DEFAULT_TARGETS}


def visible_partnership(user, partnership_pk):
    """A partnership the person may see (``partnerships_for``), or ``Http404``."""
    partnership = (
        _partnerships_for(user).select_related("icb", "region").filter(pk=partnership_pk).first()
    )
    if partnership is None:
        raise Http404("No partnership found")
    return partnership


def get_local_target(user, target_pk):
    """One of a visible partnership's own targets, or ``Http404``."""
    target = (
        ClockTarget.objects.select_related("partnership")
        .filter(pk=target_pk, partnership__in=_partnerships_for(user))
        .first()
    )
    if target is None:
        raise Http404("No local target found")
    return target


def partnership_targets(user, partnership_pk):
    """``(partnership, sections)``: one :class:`TypeTargets` per review type, in the order of
    ``reviews.types.REVIEW_TYPES``. ``Http404`` if the person may not see the partnership.
    """
    partnership = visible_partnership(user, partnership_pk)
    stored = defaultdict(list)
    for row in ClockTarget.objects.filter(partnership=partnership).order_by("id"):
        stored[row.review_type].append(row)
    sections = []
    for code, type_label in _review_type_labels().items():
        defaults = DEFAULT_TARGETS[code]
        by_milestone = {target.milestone: target for target in defaults}
        national = {t.milestone for t in defaults if t.set_nationally}
        rows = stored.get(code, [])
        usable = [row for row in rows if row.milestone not in national]
        ignored = tuple(row for row in rows if row.milestone in national)
        local_by_milestone = {row.milestone: row for row in usable}
        merged = _merge(code, [row.as_target() for row in usable])
        target_rows = []
        for target in merged:
            if target.set_nationally:
                target_rows.append(TargetRow(target, SET_NATIONALLY))
            elif target.milestone in local_by_milestone:
                target_rows.append(
                    TargetRow(
                        target,
                        SET_LOCALLY,
                        local=local_by_milestone[target.milestone],
                        replaces=by_milestone.get(target.milestone),
                    )
                )
            else:
                target_rows.append(TargetRow(target, LOCAL_DEFAULT))
        sections.append(TypeTargets(code, type_label, tuple(target_rows), ignored))
    return partnership, sections


def _assert_may_own(user, partnership):
    from safeguarding.reviews.services import NotAllowed

    if not scope_for(user).may_own(partnership):
        raise NotAllowed("You cannot change the local targets of this partnership")


def _display(name, value):
    if value in (None, ""):
        return "(blank)"
    if name == "review_type":
        return _review_type_labels().get(value, value)
    if name in ("start_field", "met_field"):
        return date_label(value)
    if name == "unit":
        return str(dict(ClockTarget.Unit.choices).get(value, value))
    return str(value)


def _field_changes(before: dict, after: dict):
    changes = []
    for name in LOCAL_TARGET_FIELDS:
        if name not in after:
            continue
        old, new = before.get(name), after[name]
        if old != new and not (old in (None, "") and new in (None, "")):
            changes.append(
                FieldChange(
                    field=name,
                    label=_FIELD_LABELS[name],
                    before=_display(name, old),
                    after=_display(name, new),
                )
            )
    return changes


def _values(target: ClockTarget) -> dict:
    return {name: getattr(target, name) for name in LOCAL_TARGET_FIELDS}


def _save(target: ClockTarget) -> None:
    """Validate and save; a clash with another row for the milestone is a field message."""
    duplicate = "This partnership already has a local target for this milestone: change that one"
    try:
        target.full_clean(exclude=["partnership"])
        clash = ClockTarget.objects.filter(
            partnership_id=target.partnership_id,
            review_type=target.review_type,
            milestone=target.milestone,
        ).exclude(pk=target.pk)
        if clash.exists():
            raise ValidationError({"milestone": duplicate})
        with transaction.atomic():
            target.save()
    except IntegrityError:
        raise ValidationError({"milestone": duplicate}) from None


def save_local_target(
    user, partnership_pk, data, expected_version=None, *, request=None, target_pk=None
):
    """Create one of a partnership's own targets, or update it when ``target_pk`` is given.

    ``data`` holds the fields in ``LOCAL_TARGET_FIELDS`` (an update may give only some).
    Runs in one transaction: ``Http404`` if the person may not see the partnership or the
    target is not the partnership's; ``NotAllowed`` if they may not change it; ``StaleEdit``
    if the target moved on since ``expected_version``; ``ValidationError`` (from
    ``full_clean``, with field messages) for a target set nationally, a second target for
    the same milestone or a bad value. Returns ``(target, changes)``; an update with no
    changes saves nothing.
    """
    values = {name: data[name] for name in LOCAL_TARGET_FIELDS if name in data}
    if isinstance(values.get("milestone"), str):
        values["milestone"] = values["milestone"].strip()
    with transaction.atomic():
        partnership = visible_partnership(user, partnership_pk)
        _assert_may_own(user, partnership)
        if target_pk is None:
            target = ClockTarget(partnership=partnership, **values)
            changes = _field_changes({}, _values(target))
            _save(target)
            audit.record(
                user,
                "create",
                target,
                request=request,
                object_type="clocktarget",
                details={
                    "version": target.version,
                    "partnership": partnership.pk,
                    "changes": [change.__dict__ for change in changes],
                },
            )
            return target, changes
        target = (
            ClockTarget.objects.select_for_update()
            .filter(pk=target_pk, partnership=partnership)
            .first()
        )
        if target is None:
            raise Http404("No local target found")
        check_version(target, expected_version)
        changes = _field_changes(_values(target), values)
        if not changes:
            return target, []
        for name, value in values.items():
            setattr(target, name, value)
        target.version += 1
        _save(target)
        audit.record(
            user,
            "change",
            target,
            request=request,
            object_type="clocktarget",
            details={
                "version": target.version,
                "partnership": partnership.pk,
                "changes": [change.__dict__ for change in changes],
            },
        )
    return target, changes


def remove_local_target(user, target_pk, *, request=None):
    """Delete one of a partnership's own targets; its default, if any, applies again.

    ``Http404`` if the person may not see it, ``NotAllowed`` if they may not change it.
    Returns the removed target (without a primary key).
    """
    with transaction.atomic():
        target = (
            ClockTarget.objects.select_for_update()
            .filter(pk=target_pk, partnership__in=_partnerships_for(user))
            .first()
        )
        if target is None:
            raise Http404("No local target found")
        _assert_may_own(user, target.partnership)
        audit.record(
            user,
            "delete",
            target,
            request=request,
            object_type="clocktarget",
            details={
                "version": target.version,
                "partnership": target.partnership_id,
                "target": {
                    name: _display(name, getattr(target, name)) for name in LOCAL_TARGET_FIELDS
                },
            },
        )
        target.delete()
    return target
