"""Turn records and form fields into what the NHS.UK macros and templates show."""

from django.utils import timezone

from safeguarding.reviews import dates as partial_dates

STATUS_TAGS = {
    "overdue": ("Overdue", "nhsuk-tag--red"),
    "due_soon": ("Due soon", "nhsuk-tag--orange"),
    "on_track": ("On track", "nhsuk-tag--green"),
    "met": ("Met", "nhsuk-tag--grey"),
    "met_late": ("Met late", "nhsuk-tag--yellow"),
    "not_started": ("Clock not started", "nhsuk-tag--white"),
    "none": ("No target", "nhsuk-tag--white"),
}

ACTION_STATUS_TAGS = {
    "not_started": "nhsuk-tag--grey",
    "in_progress": "nhsuk-tag--blue",
    "ongoing": "nhsuk-tag--aqua-green",
    "completed": "nhsuk-tag--green",
    "closed_with_evidence": "nhsuk-tag--green",
    "not_accepted": "nhsuk-tag--white",
}

RAG_TAGS = {"red": "nhsuk-tag--red", "amber": "nhsuk-tag--orange", "green": "nhsuk-tag--green"}


def format_date(value, fmt="%-d %B %Y"):
    if not value:
        return ""
    return value.strftime(fmt)


def format_partial_date(value, precision=None, fmt="%-d %B %Y"):
    """A date as known: "15 March 2021", "March 2021" (month only) or "2021" (year only)."""
    return partial_dates.describe(value or None, precision, fmt)


def review_date(review, name, fmt="%-d %B %Y"):
    """A review's date ``name`` as known, from its ``date_precision``; "" if not set."""
    precision = (getattr(review, "date_precision", None) or {}).get(name)
    return format_partial_date(getattr(review, name, None), precision, fmt)


def format_datetime(value):
    if not value:
        return ""
    return timezone.localtime(value).strftime("%-d %B %Y at %H:%M")


def clock_tag(status):
    text, classes = STATUS_TAGS.get(status, (status, ""))
    return {"text": text, "classes": classes}


def action_tag(action):
    return {"text": action.get_status_display(), "classes": ACTION_STATUS_TAGS[action.status]}


def rag_tag(rag):
    if not rag:
        return None
    return {"text": rag.capitalize(), "classes": RAG_TAGS[rag]}


# --- form fields for the NHS.UK macros ------------------------------------------------


def _error(field):
    if field.errors:
        return {"text": " ".join(str(e) for e in field.errors)}
    return None


def _label(field, classes=""):
    return {"text": str(field.label), "classes": classes}


def _hint(field):
    return {"text": str(field.help_text)} if field.help_text else None


def input_params(field, **extra):
    value = field.value()
    params = {
        "id": field.auto_id,
        "name": field.html_name,
        "label": _label(field),
        "hint": _hint(field),
        "errorMessage": _error(field),
        "value": "" if value is None else value,
    }
    params.update(extra)
    return params


def textarea_params(field, **extra):
    params = input_params(field, **extra)
    params.setdefault("rows", 4)
    return params


def select_params(field, **extra):
    value = field.value()
    items = []
    for choice_value, choice_label in field.field.choices:
        items.append(
            {
                "value": "" if choice_value is None else str(choice_value),
                "text": str(choice_label),
                "selected": str(choice_value) == str(value if value is not None else ""),
            }
        )
    params = {
        "id": field.auto_id,
        "name": field.html_name,
        "label": _label(field),
        "hint": _hint(field),
        "errorMessage": _error(field),
        "items": items,
    }
    params.update(extra)
    return params


def checkboxes_params(field, **extra):
    values = {str(v) for v in (field.value() or [])}
    items = [
        {"value": str(v), "text": str(label), "checked": str(v) in values}
        for v, label in field.field.choices
    ]
    params = {
        "idPrefix": field.auto_id,
        "name": field.html_name,
        "fieldset": {"legend": {"text": str(field.label), "size": "s"}},
        "hint": _hint(field),
        "errorMessage": _error(field),
        "items": items,
    }
    params.update(extra)
    return params


def date_params(field, **extra):
    parts = field.value()
    if hasattr(parts, "day"):
        parts = (str(parts.day), str(parts.month), str(parts.year))
    day, month, year = parts if isinstance(parts, (list, tuple)) else ("", "", "")
    params = {
        "id": field.auto_id,
        "namePrefix": field.html_name,
        "fieldset": {"legend": {"text": str(field.label), "size": "s"}},
        "hint": _hint(field) or {"text": "For example, 15 3 2024"},
        "errorMessage": _error(field),
        "items": [
            {"name": "day", "value": day or ""},
            {"name": "month", "value": month or ""},
            {"name": "year", "value": year or "", "width": 4},
        ],
    }
    params.update(extra)
    return params


def error_summary(*forms):
    """Items for the NHS.UK error summary: one link per field error, in form order."""
    items = []
    for form in forms:
        if form is None:
            continue
        for error in form.non_field_errors():
            items.append({"text": str(error), "href": "#main-content-errors"})
        for field in form:
            for error in field.errors:
                anchor = field.auto_id
                if getattr(field.field, "is_date", False):
                    anchor = f"{field.auto_id}-day"
                items.append({"text": str(error), "href": f"#{anchor}"})
    return items


def page_url(request, number, param="page"):
    """The current URL with its query string, moved to another page."""
    query = request.GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


def pagination_params(request, page, param="page"):
    return {
        "previous": {"href": page_url(request, page.previous_page_number(), param)}
        if page.has_previous()
        else None,
        "next": {"href": page_url(request, page.next_page_number(), param)}
        if page.has_next()
        else None,
    }
