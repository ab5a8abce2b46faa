"""The statutory clocks on a review: what is due when, and whether it is on time.

Plain Python with no Django import. A :class:`Target` says when a milestone falls due (so many
working days, calendar days or months after a start date); :func:`evaluate` turns a review's
dates into one :class:`Clock` per target. Sources of the default targets are in
``docs/timescales.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .calendar import WorkingDayCalendar, add_months, england_and_wales

__all__ = [
    "DATE_FIELDS",
    "DEFAULT_TARGETS",
    "REVIEW_TYPES",
    "STATUSES",
    "UNITS",
    "Clock",
    "Target",
    "due_date",
    "evaluate",
    "merge_targets",
]

#: The date fields of a review that a clock may start from or be met by.
DATE_FIELDS: tuple[str, ...] = (
    "incident_date",
    "aware_date",
    "notification_date",
    "decision_date",
    "start_date",
    "panel_response_date",
    "signed_off_date",
    "published_date",
)

WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"
MONTHS = "months"
UNITS: tuple[str, ...] = (WORKING_DAYS, CALENDAR_DAYS, MONTHS)

NOT_STARTED = "not_started"
ON_TRACK = "on_track"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
MET = "met"
MET_LATE = "met_late"
STATUSES: tuple[str, ...] = (NOT_STARTED, ON_TRACK, DUE_SOON, OVERDUE, MET, MET_LATE)


@dataclass(frozen=True)
class Target:
    """A milestone that falls due ``amount`` ``unit`` after the first date in ``start_fields``.

    ``set_nationally`` targets come from statutory guidance or national policy and cannot be
    changed by a partnership; the others are local practice and can be overridden.
    """

    milestone: str
    label: str
    start_fields: tuple[str, ...]
    met_field: str
    amount: int
    unit: str
    set_nationally: bool

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {self.unit!r}")
        if self.amount < 0:
            raise ValueError("amount must be zero or more")
        if isinstance(self.start_fields, str):
            raise TypeError("start_fields must be a tuple of field names, not a string")
        if not self.start_fields:
            raise ValueError("start_fields must name at least one date field")


@dataclass(frozen=True)
class Clock:
    """One target applied to one review on one day."""

    milestone: str
    label: str
    start: date | None
    due: date | None
    met_on: date | None
    status: str
    #: Working days from today to the due date; negative once overdue. None when the clock
    #: has not started or the milestone is met.
    working_days_left: int | None
    set_nationally: bool
    #: The date field the clock started from ("" when not started).
    start_field: str = ""
    #: "day", or "month" or "year" when the start date is known only that well: the due
    #: date is then counted from the first day the start could be.
    start_precision: str = "day"
    #: The date field that meets the clock.
    met_field: str = ""
    #: How well ``met_on`` is known, as ``start_precision``: met or late is judged from the
    #: first day it could be.
    met_precision: str = "day"

    @property
    def is_uncertain(self) -> bool:
        """Whether the start or the met date is known only to the month or year."""
        return self.start_precision != "day" or (
            self.met_on is not None and self.met_precision != "day"
        )


def _national(milestone, label, start_fields, met_field, amount, unit):
    return Target(milestone, label, start_fields, met_field, amount, unit, set_nationally=True)


def _local(milestone, label, start_fields, met_field, amount, unit):
    return Target(milestone, label, start_fields, met_field, amount, unit, set_nationally=False)


_DHR_TARGETS = (
    _local(
        "decision",
        "Decide whether to hold a review",
        ("notification_date",),
        "decision_date",
        1,
        MONTHS,
    ),
    _local(
        "completion",
        "Complete the review",
        ("decision_date",),
        "signed_off_date",
        6,
        MONTHS,
    ),
)

#: Default targets by review type code.
DEFAULT_TARGETS: dict[str, tuple[Target, ...]] = {
    "sin": (
        _national(
            "notification",
            "Notify the national Panel",
            ("aware_date", "incident_date"),
            "notification_date",
            5,
            WORKING_DAYS,
        ),
    ),
    "rapid": (
        _national(
            "rapid_review",
            "Complete the rapid review",
            ("notification_date",),
            "signed_off_date",
            15,
            WORKING_DAYS,
        ),
    ),
    "lcspr": (
        _national(
            "publication",
            "Publish the review",
            ("start_date", "decision_date"),
            "published_date",
            6,
            MONTHS,
        ),
    ),
    "ncspr": (),
    "scr": (),
    "sar": (
        _local(
            "completion",
            "Complete the review",
            ("decision_date",),
            "signed_off_date",
            6,
            MONTHS,
        ),
    ),
    "dhr": _DHR_TARGETS,
    "dhr_child": _DHR_TARGETS,
    "leder": (
        _national(
            "completion",
            "Complete the review",
            ("notification_date",),
            "signed_off_date",
            6,
            MONTHS,
        ),
    ),
    "cdr": (),
}

#: Every review type code the clocks know.
REVIEW_TYPES: tuple[str, ...] = tuple(DEFAULT_TARGETS)


def _check_review_type(review_type: str) -> None:
    if review_type not in DEFAULT_TARGETS:
        raise ValueError(f"Unknown review type: {review_type!r}")


def due_date(
    start: date, amount: int, unit: str, calendar: WorkingDayCalendar | None = None
) -> date:
    """The date ``amount`` ``unit`` after ``start``.

    Working days use ``calendar`` (England and Wales by default) and count from the day after
    ``start``; months are calendar months clamped to the month end. The result is not moved
    off a weekend or bank holiday for calendar days or months.
    """
    if unit == WORKING_DAYS:
        return (calendar or england_and_wales()).add_working_days(start, amount)
    if unit == CALENDAR_DAYS:
        return start + timedelta(days=amount)
    if unit == MONTHS:
        return add_months(start, amount)
    raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")


def _as_date(value) -> date | None:
    if not value:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")


def evaluate(
    review_type: str,
    dates: Mapping[str, date | None],
    today: date,
    targets: Iterable[Target] | None = None,
    calendar: WorkingDayCalendar | None = None,
    due_soon_working_days: int = 5,
    precision: Mapping[str, str] | None = None,
) -> list[Clock]:
    """One :class:`Clock` per target for a review with the given ``dates``.

    ``precision`` ({field: "month" | "year"}, as ``Review.date_precision``) names dates
    known only to the month or year. Each such date is given as its first possible day and
    is used as that day: the due date is counted from it and met or late judged by it. The
    clock records the precision so that pages can say the result is uncertain.

    ``targets`` default to ``DEFAULT_TARGETS[review_type]``. A clock's status is:

    * ``not_started`` when none of its start fields has a date;
    * ``met`` when the met field has a date on or before the due date, ``met_late`` after it;
    * ``overdue`` when today is after the due date;
    * ``due_soon`` when ``due_soon_working_days`` or fewer working days are left;
    * ``on_track`` otherwise.
    """
    _check_review_type(review_type)
    if targets is None:
        targets = DEFAULT_TARGETS[review_type]
    calendar = calendar or england_and_wales()
    today = _as_date(today)

    precision = precision or {}
    clocks = []
    for target in targets:
        start_field, start = next(
            ((f, d) for f, d in ((f, _as_date(dates.get(f))) for f in target.start_fields) if d),
            ("", None),
        )
        met_on = _as_date(dates.get(target.met_field))
        due = None
        left = None
        if start is None:
            status = NOT_STARTED
        else:
            due = due_date(start, target.amount, target.unit, calendar)
            if met_on is not None:
                status = MET if met_on <= due else MET_LATE
            else:
                left = calendar.working_days_between(today, due)
                if today > due:
                    status = OVERDUE
                elif left <= due_soon_working_days:
                    status = DUE_SOON
                else:
                    status = ON_TRACK
        clocks.append(
            Clock(
                milestone=target.milestone,
                label=target.label,
                start=start,
                due=due,
                met_on=met_on,
                status=status,
                working_days_left=left,
                set_nationally=target.set_nationally,
                start_field=start_field,
                start_precision=precision.get(start_field, "day") if start_field else "day",
                met_field=target.met_field,
                met_precision=precision.get(target.met_field, "day") if met_on else "day",
            )
        )
    return clocks


def merge_targets(defaults: Iterable[Target], overrides: Iterable[Target]) -> tuple[Target, ...]:
    """The default targets with a partnership's own targets applied.

    An override replaces the default with the same milestone, in its place, when that default
    is not set nationally; an override of a nationally set milestone raises ``ValueError``.
    Overrides for new milestones are added at the end, in the order given.
    """
    merged = list(defaults)
    position = {target.milestone: i for i, target in enumerate(merged)}
    seen = set()
    for override in overrides:
        if override.milestone in seen:
            raise ValueError(f"More than one override for milestone {override.milestone!r}")
        seen.add(override.milestone)
        i = position.get(override.milestone)
        if i is None:
            position[override.milestone] = len(merged)
            merged.append(override)
        elif merged[i].set_nationally:
            raise ValueError(
                f"The {override.milestone!r} target is set nationally and cannot be changed"
            )
        else:
            merged[i] = override
    return tuple(merged)
