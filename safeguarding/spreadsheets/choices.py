"""A person's choices about a tracker: which sheet and row, what each column and value means.

The choices document is the JSON file the mapping step downloads and the
``import_spreadsheet`` command reads::

    {"sheet": "Reviews", "heading_row": 4,
     "columns": {"Theme 1": "primary_themes", "Old notes": ""},
     "values": {"partnership": {"Northshire SCP": "Northshire Safeguarding Children Partnership"},
                "review_type": {"Child practice review": "lcspr"}}}

Every key is optional. A value's target is a code or a name in the service; one the person
may not use (a partnership outside their scope, a retired theme) is refused.
"""

import json

from safeguarding.reviews import dates as partial_dates
from safeguarding.reviews import services as review_services
from safeguarding.reviews import types
from safeguarding.themes.models import Theme

from . import columns as C

VALUE_FIELDS = (
    "review_type",
    "partnership",
    "icb",
    "themes",
    "publication_status",
    "referral_source",
    "method",
    "inquest",
    "criminal_proceedings",
    "scrt_status",
)
DATE_FIELDS = tuple(column.key for column in C.IMPORT_COLUMNS if column.kind == C.DATE)
MAX_DOCUMENT_BYTES = 1_000_000


class ChoicesError(Exception):
    """The choices cannot be used; ``errors`` is a list of messages."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("; ".join(self.errors))


def field_label(field):
    if field == "themes":
        return "Themes"
    return C.COLUMNS[field].header if field in C.COLUMNS else field


def options(user, field, value=None):
    """{target: label} a value of ``field`` may be given, for this person."""
    if field == "review_type":
        return dict(types.REVIEW_TYPES)
    if field == "partnership":
        return {org.name: org.name for org in review_services.partnerships_for(user)}
    if field == "icb":
        return {org.code or org.name: org.name for org in review_services.icbs_for(user)}
    if field == "themes":
        return {t.code: t.label for t in Theme.objects.filter(active=True).order_by("label")}
    if field in DATE_FIELDS:
        try:
            found = partial_dates.resolve_ambiguous(str(value or ""), partial_dates.MONTH_YEAR)
        except ValueError:
            return {}
        if not found:
            return {}
        written = partial_dates.describe(*found)
        return {written: f"{written} (a month and year)"}
    if field in C.COLUMNS and C.COLUMNS[field].choices:
        return dict(C.COLUMNS[field].choices)
    return {}


def check_values(user, values):
    """Refuse targets the person may not use. Returns {field: {value: target}} cleaned."""
    if not isinstance(values, dict):
        raise ChoicesError(["'values' must be an object of fields"])
    errors, cleaned = [], {}
    cache = {}
    for field, chosen in values.items():
        if field not in VALUE_FIELDS and field not in DATE_FIELDS:
            errors.append(f"'{field}' is not a column whose values can be chosen")
            continue
        if not isinstance(chosen, dict):
            errors.append(f"The values of '{field}' must be an object of value: choice")
            continue
        for value, target in chosen.items():
            if target in ("", None):
                continue
            if not isinstance(target, str) or not isinstance(value, str):
                errors.append(f"The choice for '{value}' in {field_label(field)} must be text")
                continue
            if field in DATE_FIELDS:
                allowed = options(user, field, value)
            else:
                if field not in cache:
                    cache[field] = options(user, field)
                allowed = cache[field]
            target = _canonical(target, allowed)
            if target is None:
                errors.append(_refusal(field, value, chosen[value]))
                continue
            cleaned.setdefault(field, {})[value] = target
    if errors:
        raise ChoicesError(errors)
    return cleaned


def _canonical(target, allowed):
    folded = C.normalise(target)
    for key, label in allowed.items():
        if folded in (C.normalise(key), C.normalise(label)):
            return key
    return None


def _refusal(field, value, target):
    if field == "partnership":
        return (
            f"'{target}' (for '{value}') is not a partnership you can record reviews for: "
            "choose one of yours"
        )
    if field == "icb":
        return f"'{target}' (for '{value}') is not an ICB you can record reviews for"
    if field == "themes":
        return f"'{target}' (for '{value}') is not a theme in use"
    if field in DATE_FIELDS:
        return f"'{target}' is not a way to read the date '{value}'"
    return f"'{target}' (for '{value}') is not a {field_label(field).lower()} of the service"


def check_columns(columns):
    if not isinstance(columns, dict):
        raise ChoicesError(["'columns' must be an object of heading: field"])
    errors = []
    for heading, key in columns.items():
        if not isinstance(heading, str) or not isinstance(key, str | None):
            errors.append("Each column choice must be a heading and a field name")
        elif key and key not in C.COLUMNS:
            errors.append(f"'{key}' (for the column '{heading}') is not a field of the tracker")
    if errors:
        raise ChoicesError(errors)
    return {heading: key or "" for heading, key in columns.items()}


def parse_document(content):
    """The choices document from bytes or text. Raises ChoicesError."""
    if isinstance(content, bytes):
        if len(content) > MAX_DOCUMENT_BYTES:
            raise ChoicesError(["The choices file is too large to be a choices file"])
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ChoicesError(["The choices file must be a JSON text file"]) from None
    try:
        document = json.loads(content)
    except (ValueError, RecursionError):
        raise ChoicesError(["The choices file is not valid JSON"]) from None
    if not isinstance(document, dict):
        raise ChoicesError(["The choices file must hold one JSON object"])
    unknown = sorted(set(document) - {"sheet", "heading_row", "columns", "values"})
    if unknown:
        raise ChoicesError([f"The choices file has unknown keys: {', '.join(unknown)}"])
    sheet = document.get("sheet") or ""
    row = document.get("heading_row")
    errors = []
    if not isinstance(sheet, str):
        errors.append("'sheet' must be the name of a sheet")
    if row is not None and (not isinstance(row, int) or isinstance(row, bool) or row < 1):
        errors.append("'heading_row' must be a row number, 1 or more")
    if errors:
        raise ChoicesError(errors)
    return {
        "sheet": sheet,
        "heading_row": row,
        "columns": check_columns(document.get("columns") or {}),
        "values": document.get("values") or {},
    }


def document(sheet="", heading_row=None, columns=None, values=None):
    return {
        "sheet": sheet or "",
        "heading_row": heading_row,
        "columns": dict(columns or {}),
        "values": {field: dict(chosen) for field, chosen in (values or {}).items() if chosen},
    }
