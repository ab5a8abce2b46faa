"""Review types, their stages and the order their dates must follow. Plain Python."""

from dataclasses import dataclass

from . import dates as partial_dates

REVIEW_TYPES = {
    "sin": "Serious incident notification (child)",
    "rapid": "Rapid review",
    "lcspr": "Local child safeguarding practice review",
    "ncspr": "National child safeguarding practice review",
    "scr": "Serious case review (before September 2019)",
    "sar": "Safeguarding adults review",
    "dhr": "Domestic homicide review",
    "dhr_child": "Domestic homicide review (victim aged 16 or 17)",
    "leder": "LeDeR review",
    "cdr": "Child death review",
}

# The partnership type that commissions each review type.
COMMISSIONED_BY = {
    "sin": "scp",
    "rapid": "scp",
    "lcspr": "scp",
    "ncspr": "scp",
    "scr": "scp",
    "sar": "sab",
    "dhr": "csp",
    "dhr_child": "csp",
    "leder": "",
    "cdr": "scp",
}

# A rapid review may become one of these; the new review keeps the link.
CONVERTS_TO = {"rapid": ("lcspr", "sar", "dhr", "dhr_child")}

# Dates in the order they happen. Each must be on or after every earlier one that is set.
DATE_FIELDS = (
    ("incident_date", "date of incident"),
    ("aware_date", "date the partnership became aware"),
    ("notification_date", "date of notification"),
    ("decision_date", "date of decision to review"),
    ("start_date", "date the review started"),
    ("signed_off_date", "date the report was signed off"),
    ("published_date", "date published"),
)
DATE_LABELS = dict(DATE_FIELDS) | {"panel_response_date": "date of the national Panel's response"}
# Every date of a review, in form order; any may be known only to the month or year.
ALL_DATE_FIELDS = (*DATE_LABELS, "scope_start", "scope_end")
# The Panel responds to a notification or rapid review: after notification, not before.
PANEL_RESPONSE_AFTER = "notification_date"


@dataclass(frozen=True)
class Stage:
    code: str
    label: str
    date_field: str


STAGES = {
    "incident": Stage("incident", "Incident", "incident_date"),
    "notified": Stage("notified", "Notified", "notification_date"),
    "decision": Stage("decision", "Decision to review", "decision_date"),
    "in_progress": Stage("in_progress", "Review in progress", "start_date"),
    "signed_off": Stage("signed_off", "Report signed off", "signed_off_date"),
    "panel_response": Stage("panel_response", "Panel response received", "panel_response_date"),
    "published": Stage("published", "Published", "published_date"),
}

STAGE_PATHS = {
    "sin": ("incident", "notified", "panel_response"),
    "rapid": ("notified", "in_progress", "signed_off", "panel_response"),
    "lcspr": ("decision", "in_progress", "signed_off", "published"),
    "ncspr": ("decision", "in_progress", "signed_off", "published"),
    "scr": ("decision", "in_progress", "signed_off", "published"),
    "sar": ("notified", "decision", "in_progress", "signed_off", "published"),
    "dhr": ("notified", "decision", "in_progress", "signed_off", "published"),
    "dhr_child": ("notified", "decision", "in_progress", "signed_off", "published"),
    "leder": ("notified", "in_progress", "signed_off"),
    "cdr": ("notified", "in_progress", "signed_off"),
}
NOT_STARTED = Stage("not_started", "Not started", "")


def stages_for(review_type):
    return [STAGES[code] for code in STAGE_PATHS[review_type]]


def current_stage(review_type, dates):
    """The furthest stage on the type's path whose date is recorded."""
    reached = NOT_STARTED
    for stage in stages_for(review_type):
        if dates.get(stage.date_field):
            reached = stage
    return reached


def date_order_errors(dates, today=None, precision=None):
    """Field-level messages for dates that cannot be: out of order or in the future.

    ``precision`` ({field: 'month' | 'year'}, as ``Review.date_precision``) says which
    dates are known only to the month or year. Such a date is compared by its span: a
    later date is refused only if its last possible day is before the earlier date's
    first possible day, so "March 2021" and "10 March 2021" may come in either order.
    A date is in the future only if its first possible day is after ``today``.
    """
    precision = precision or {}

    def span(name, value):
        return partial_dates.span(value, precision.get(name))

    def described(name, value):
        return partial_dates.describe(value, precision.get(name))

    errors = {}
    earlier = []
    for name, label in DATE_FIELDS:
        value = dates.get(name)
        if value is None:
            continue
        first, last = span(name, value)
        for earlier_name, earlier_label, earlier_value in earlier:
            if last < span(earlier_name, earlier_value)[0]:
                errors[name] = (
                    f"The {label} must be the same as or after the {earlier_label} "
                    f"({described(earlier_name, earlier_value)})"
                )
                break
        earlier.append((name, label, value))
    panel, after = dates.get("panel_response_date"), dates.get(PANEL_RESPONSE_AFTER)
    if (
        panel
        and after
        and span("panel_response_date", panel)[1] < span(PANEL_RESPONSE_AFTER, after)[0]
    ):
        errors["panel_response_date"] = (
            f"The {DATE_LABELS['panel_response_date']} must be the same as or after the "
            f"{DATE_LABELS[PANEL_RESPONSE_AFTER]} ({described(PANEL_RESPONSE_AFTER, after)})"
        )
    if today is not None:
        for name, label in DATE_LABELS.items():
            value = dates.get(name)
            if value and span(name, value)[0] > today and name not in errors:
                errors[name] = f"The {label} must be today or in the past"
    return errors
