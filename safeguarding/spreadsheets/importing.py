"""Check spreadsheet rows against the tracker's rules without writing anything, then
(in the caller's transaction) create the reviews.

Each row becomes the same cleaned dict ``reviews.services.create_review`` takes. Every
problem in every row is reported as {line, column, field, value, message}; nothing is
guessed: a partnership, ICB, type, choice or theme code must match exactly (ignoring
case), or the row is refused with the reason.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from safeguarding.accounts.scope import scope_for
from safeguarding.reviews import services as review_services
from safeguarding.reviews import types
from safeguarding.reviews.models import Review
from safeguarding.themes.models import Theme
from safeguarding.themes.taxonomy import MAX_PRIMARY_THEMES

from . import columns as C

# An export puts an apostrophe before text starting with one of these, so a spreadsheet
# program does not run it as a formula; an import takes that apostrophe off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class InputRow:
    """One row of input: canonical key → raw value (text, or a date from an XLSX cell)."""

    line: int
    values: dict
    source_id: str = ""
    source_data: dict | None = None


@dataclass
class ValidRow:
    line: int
    data: dict
    source_id: str = ""
    source_data: dict | None = None
    converted_from_line: int | None = None  # a rapid review created from the same file


@dataclass
class Validation:
    rows: list[ValidRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    row_count: int = 0

    @property
    def ok(self):
        return not self.errors

    @property
    def bad_lines(self):
        return sorted({error["line"] for error in self.errors})


class Problem(Exception):
    pass


def unescape(value):
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def mapping_errors(mapping, header):
    """Messages by canonical key for a mapping that cannot be used with this header."""
    errors = {}
    headings = {h for h in header if h}
    used = {}
    for column in C.TRACKER_COLUMNS:
        heading = (mapping or {}).get(column.key) or ""
        if not heading:
            if column.required:
                errors[column.key] = (
                    f"Choose the column that holds the {column.header.lower()}: it is required"
                )
            continue
        if heading not in headings:
            errors[column.key] = f"The file has no column headed '{heading}'"
        elif heading in used:
            errors[column.key] = (
                f"The column '{heading}' is already chosen for "
                f"{C.COLUMNS[used[heading]].header.lower()}; choose each column once"
            )
        else:
            used[heading] = column.key
    unknown = set(mapping or {}) - set(C.COLUMNS)
    for key in sorted(unknown):
        errors[key] = f"'{key}' is not a column of the tracker"
    return errors


def rows_from_sheet(sheet, mapping):
    """InputRows for the mapped columns of a ``reading.Sheet``."""
    index = {heading: i for i, heading in enumerate(sheet.header) if heading}
    positions = {key: index[heading] for key, heading in mapping.items() if heading in index}
    return [
        InputRow(line, {key: values[i] for key, i in positions.items()})
        for line, values in sheet.rows
    ]


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$")


def parse_date(value, label):
    """A date from an XLSX date cell, YYYY-MM-DD, or DD/MM/YYYY (also DD-MM-YYYY, DD.MM.YYYY)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    match = _ISO.match(text)
    if match:
        year, month, day = match.groups()
    else:
        match = _DMY.match(text)
        if not match:
            raise Problem(f"The {label} must be a date like 2024-03-15 or 15/03/2024")
        day, month, year = match.groups()
        if len(year) != 4:
            raise Problem(f"The year of the {label} must have 4 numbers, like 15/03/2024")
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise Problem(f"The {label} must be a real date") from None


def _split_codes(text):
    return [part.strip() for part in re.split(r"[;,\n]", text) if part.strip()]


class Importer:
    """Validates rows for one person. ``validate`` writes nothing."""

    def __init__(self, user, *, today=None, published_needs_date=True):
        self.user = user
        self.today = today or timezone.localdate()
        self.published_needs_date = published_needs_date
        self._prepared = False

    # --- lookups, loaded once ----------------------------------------------------------

    def _prepare(self):
        if self._prepared:
            return
        self.partnerships = {}
        for org in review_services.partnerships_for(self.user).only(
            "id", "name", "region_id", "icb_id"
        ):
            self.partnerships[org.name.casefold()] = org
        self.icbs = {}
        for org in review_services.icbs_for(self.user).only("id", "name", "code", "region_id"):
            self.icbs[org.name.casefold()] = org
            if org.code:
                self.icbs[org.code.casefold()] = org
        self.convertible = {}
        for review in review_services.convertible_reviews(self.user).exclude(reference=""):
            self.convertible.setdefault(review.reference.strip().casefold(), []).append(review)
        self.existing_references = {
            ref.strip().casefold()
            for ref in review_services.visible_reviews(self.user)
            .exclude(reference="")
            .values_list("reference", flat=True)
        }
        self.themes = {t.code: t for t in Theme.objects.all()}
        self._prepared = True

    # --- the check -----------------------------------------------------------------------

    def validate(self, rows, mapping=None, problems=()):
        """Check every row; return a Validation listing the good rows and every error.

        ``mapping`` ({key: heading}) only names the columns in messages; ``problems`` are
        (line, message) pairs found while reading the file.
        """
        if not scope_for(self.user).can_edit:
            raise review_services.NotAllowed("Your role can export reviews but not import them")
        self._prepare()
        self.mapping = mapping or {}
        result = Validation(row_count=len(rows))
        for line, message in problems:
            result.errors.append(
                {"line": line, "column": "", "field": "", "value": "", "message": message}
            )
        first_line_of_reference = {}
        in_file_types = {}
        parsed = []
        for row in rows:
            data, errors = self._row(row)
            reference = data.get("reference") or ""
            if reference:
                key = reference.casefold()
                if key in first_line_of_reference:
                    errors.append(
                        self._error(
                            row.line,
                            "reference",
                            reference,
                            f"Local reference '{reference}' is also used on line "
                            f"{first_line_of_reference[key]}; each review needs its own",
                        )
                    )
                else:
                    first_line_of_reference[key] = row.line
                    in_file_types[key] = (row.line, data.get("review_type"))
                if key in self.existing_references:
                    errors.append(
                        self._error(
                            row.line,
                            "reference",
                            reference,
                            f"A review with local reference '{reference}' is already recorded",
                        )
                    )
            parsed.append((row, data, errors))

        for row, data, errors in parsed:
            converted_line = self._resolve_converted_from(row, data, errors, in_file_types)
            result.errors.extend(errors)
            if not errors:
                result.rows.append(
                    ValidRow(
                        line=row.line,
                        data=data,
                        source_id=row.source_id,
                        source_data=row.source_data,
                        converted_from_line=converted_line,
                    )
                )
        result.errors.sort(key=lambda e: (e["line"], _FIELD_ORDER.get(e["field"], -1)))
        if result.errors:
            result.rows = []
        return result

    def _heading(self, key):
        if key in self.mapping and self.mapping[key]:
            return self.mapping[key]
        return C.COLUMNS[key].header if key in C.COLUMNS else ""

    def _error(self, line, key, value, message):
        if isinstance(value, datetime.date):
            value = value.isoformat()
        return {
            "line": line,
            "column": self._heading(key),
            "field": key,
            "value": "" if value is None else str(value)[:200],
            "message": message,
        }

    def _row(self, row):
        data, errors = {}, []
        raw_values = {}
        for column in C.TRACKER_COLUMNS:
            raw = row.values.get(column.key, "")
            if raw is None:
                raw = ""
            if isinstance(raw, str):
                raw = unescape(raw.strip())
            raw_values[column.key] = raw
            try:
                data[column.key] = getattr(self, f"_parse_{column.kind}")(column, raw)
            except Problem as problem:
                errors.append(self._error(row.line, column.key, raw, str(problem)))
                data[column.key] = _INVALID
        self._check_dates(row.line, data, raw_values, errors)
        self._check_themes(row.line, data, raw_values, errors)
        status = data.get("publication_status")
        if (
            self.published_needs_date
            and status == Review.PublicationStatus.PUBLISHED
            and data.get("published_date") is None
        ):
            key = "published_date" if self.mapping.get("published_date") else "publication_status"
            errors.append(
                self._error(
                    row.line,
                    key,
                    raw_values[key],
                    "The publication status is published but there is no date published: "
                    "add the date published, or change the status",
                )
            )
        return {k: (None if v is _INVALID else v) for k, v in data.items()}, errors

    # --- one parser per kind of column ---------------------------------------------------

    def _parse_text(self, column, raw):
        text = str(raw) if not isinstance(raw, datetime.date) else raw.isoformat()
        if column.required and not text:
            raise Problem(f"Enter the {column.header.lower()}")
        limit = column.max_length
        if limit and len(text) > limit:
            raise Problem(f"The {column.header.lower()} must be {limit} characters or fewer")
        return text

    def _parse_review_type(self, column, raw):
        text = str(raw)
        if not text:
            raise Problem("Enter the type of review")
        folded = text.casefold()
        for code, label in types.REVIEW_TYPES.items():
            if folded in (code, label.casefold()):
                return code
        raise Problem(
            f"Unknown type of review '{text}': use one of " + ", ".join(types.REVIEW_TYPES)
        )

    def _parse_partnership(self, column, raw):
        text = " ".join(str(raw).split())
        if not text:
            raise Problem("Enter the safeguarding partnership")
        org = self.partnerships.get(text.casefold())
        if org is None:
            raise Problem(f"Partnership '{text}' is not one you can record reviews for")
        return org

    def _parse_icb(self, column, raw):
        text = " ".join(str(raw).split())
        if not text:
            return None
        org = self.icbs.get(text.casefold())
        if org is None:
            raise Problem(f"ICB '{text}' is not one you can record reviews for")
        return org

    def _parse_converted_from(self, column, raw):
        text = str(raw).strip()
        return text or None  # resolved once every row's reference is known

    def _parse_date(self, column, raw):
        if raw in ("", None):
            return None
        return parse_date(raw, column.header.lower())

    def _parse_choice(self, column, raw):
        text = str(raw).strip()
        if not text:
            return Review.PublicationStatus.NOT_YET if column.key == "publication_status" else ""
        folded = text.casefold()
        for code, label in column.choices.items():
            if folded in (code.casefold(), label.casefold()):
                return code
        raise Problem(
            f"Unknown {column.header.lower()} '{text}': use one of " + ", ".join(column.choices)
        )

    def _parse_url(self, column, raw):
        text = str(raw).strip()
        if not text:
            return ""
        if len(text) > (column.max_length or 500):
            raise Problem(f"The publication link must be {column.max_length} characters or fewer")
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            raise Problem(
                "Enter the publication link as a full web address starting https://"
            ) from None
        return text

    def _parse_themes(self, column, raw):
        text = str(raw)
        found, unknown, retired = [], [], []
        for code in _split_codes(text):
            theme = self.themes.get(code.casefold())
            if theme is None:
                unknown.append(code)
            elif not theme.active:
                retired.append(code)
            elif theme not in found:
                found.append(theme)
        messages = []
        if unknown:
            names = ", ".join(f"'{code}'" for code in unknown)
            messages.append(
                f"Unknown theme code{'s' if len(unknown) > 1 else ''} {names}: "
                "use the codes of the theme list, for example domestic-abuse"
            )
        if retired:
            names = ", ".join(f"'{code}'" for code in retired)
            messages.append(f"Theme code{'s' if len(retired) > 1 else ''} {names} no longer in use")
        if messages:
            raise Problem("; ".join(messages))
        return found

    # --- checks across columns -----------------------------------------------------------

    def _check_dates(self, line, data, raw_values, errors):
        dates = {
            name: data.get(name)
            for name in types.DATE_LABELS
            if isinstance(data.get(name), datetime.date)
        }
        for name, message in types.date_order_errors(dates, today=self.today).items():
            errors.append(self._error(line, name, raw_values[name], message))
        start, end = data.get("scope_start"), data.get("scope_end")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            errors.append(
                self._error(
                    line,
                    "scope_end",
                    raw_values["scope_end"],
                    "The end of the scope period must be after its start",
                )
            )

    def _check_themes(self, line, data, raw_values, errors):
        primary = data.get("primary_themes")
        other = data.get("other_themes")
        if isinstance(primary, list) and len(primary) > MAX_PRIMARY_THEMES:
            errors.append(
                self._error(
                    line,
                    "primary_themes",
                    raw_values["primary_themes"],
                    f"Give no more than {MAX_PRIMARY_THEMES} primary themes; "
                    "put the rest under other themes",
                )
            )
        if isinstance(primary, list) and isinstance(other, list):
            both = sorted({t.code for t in primary} & {t.code for t in other})
            if both:
                errors.append(
                    self._error(
                        line,
                        "other_themes",
                        raw_values["other_themes"],
                        f"A theme cannot be both primary and other: {', '.join(both)}",
                    )
                )
        if primary is _INVALID or primary is None:
            data["primary_themes"] = []
        if other is _INVALID or other is None:
            data["other_themes"] = []

    def _resolve_converted_from(self, row, data, errors, in_file_types):
        reference = data.get("converted_from")
        if not reference:
            data["converted_from"] = None
            return None
        review_type = data.get("review_type")
        key = reference.casefold()
        matches = self.convertible.get(key, [])
        if len(matches) > 1:
            errors.append(
                self._error(
                    row.line,
                    "converted_from",
                    reference,
                    f"More than one rapid review has local reference '{reference}'",
                )
            )
            data["converted_from"] = None
            return None
        if matches:
            origin_type, origin = matches[0].review_type, matches[0]
            where = None
        elif key in in_file_types and in_file_types[key][0] != row.line:
            where, origin_type = in_file_types[key]
            origin = None
        else:
            errors.append(
                self._error(
                    row.line,
                    "converted_from",
                    reference,
                    f"No rapid review with local reference '{reference}' is recorded "
                    "or in this file",
                )
            )
            data["converted_from"] = None
            return None
        allowed = types.CONVERTS_TO.get(origin_type, ())
        if not allowed:
            errors.append(
                self._error(
                    row.line,
                    "converted_from",
                    reference,
                    f"'{reference}' is not a rapid review, so nothing can be converted from it",
                )
            )
        elif review_type and review_type not in allowed:
            errors.append(
                self._error(
                    row.line,
                    "converted_from",
                    reference,
                    "A rapid review can only become one of: "
                    + ", ".join(types.REVIEW_TYPES[t].lower() for t in allowed),
                )
            )
        data["converted_from"] = origin
        return where


_INVALID = object()
_FIELD_ORDER = {column.key: i for i, column in enumerate(C.TRACKER_COLUMNS)}


def create_all(user, validation, *, source, request=None):
    """Create a review for every valid row. Call inside the caller's transaction, and
    only with a Validation that has no errors."""
    assert validation.ok, "create_all needs a validation without errors"
    created = {}
    # Rapid reviews named by a later row of the same file are created first.
    ordered = sorted(validation.rows, key=lambda row: row.converted_from_line is not None)
    with transaction.atomic():
        for row in ordered:
            data = dict(row.data)
            if row.converted_from_line is not None:
                data["converted_from"] = created[row.converted_from_line]
            review = review_services.create_review(
                user,
                data,
                request=request,
                source=source,
                source_id=row.source_id or str(row.line),
                source_data=row.source_data,
            )
            created[row.line] = review
    return [created[row.line] for row in validation.rows]
