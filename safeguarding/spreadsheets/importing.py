"""Check spreadsheet rows against the tracker's rules without writing anything, then
(in the caller's transaction) create the reviews.

Each row becomes the same cleaned dict ``reviews.services.create_review`` takes. Every
problem in every row is reported as {line, column, field, value, message}; nothing is
guessed: a partnership (or one of its aliases), ICB, type, choice or theme must match
exactly after ignoring case and spacing (see ``values``), or be one of the person's own
choices, or the row is refused with the reason. A value nobody has decided is also kept in
``Validation.unmatched``, so the values step can ask about it once for every line.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from safeguarding.accounts.scope import scope_for
from safeguarding.organisations.models import OrganisationAlias
from safeguarding.reviews import dates as partial_dates
from safeguarding.reviews import services as review_services
from safeguarding.reviews import types
from safeguarding.reviews.models import Review
from safeguarding.themes.models import Theme
from safeguarding.themes.taxonomy import MAX_PRIMARY_THEMES

from . import columns as C
from . import values as V

# The end of the message refusing a row whose reference is already recorded: the check
# page offers to update those reviews instead.
ALREADY_RECORDED = "To change it from this file, choose to update the reviews already recorded"

# An export puts an apostrophe before text starting with one of these, so a spreadsheet
# program does not run it as a formula; an import takes that apostrophe off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class InputRow:
    """One row of input: canonical key → raw value (text, or a date from an XLSX cell).

    A column fed by several of the file's columns holds [(heading, raw value), ...].
    """

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
    title_made_up: bool = False
    # When the batch updates reviews already recorded (see ``updating``): the review this
    # row updates, the version it was compared with, the data to save and what changes.
    existing_id: int | None = None
    existing_version: int | None = None
    update: dict | None = None
    changes: list = field(default_factory=list)
    blank: frozenset = frozenset()  # the columns left empty on this line
    existing_title: str = ""


@dataclass
class Validation:
    rows: list[ValidRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    row_count: int = 0
    # {field: {value as written: [lines]}}: values no rule or choice recognises.
    unmatched: dict = field(default_factory=dict)
    # Every row's cleaned data, good or not, for the check's preview.
    preview: list[ValidRow] = field(default_factory=list)

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
    """Messages by canonical key (or heading) for a mapping {heading: key} that cannot be
    used with this header."""
    errors = {}
    headings = {h for h in header if h}
    chosen = {}
    position = {h: i for i, h in enumerate(header)}
    ordered = sorted((mapping or {}).items(), key=lambda item: position.get(item[0], len(header)))
    for heading, key in ordered:
        if not key:
            continue
        if key not in C.COLUMNS:
            errors[heading] = f"'{key}' is not a column of the tracker"
        elif heading not in headings:
            errors[key] = f"The file has no column headed '{heading}'"
        else:
            chosen.setdefault(key, []).append(heading)
    for key, chosen_headings in chosen.items():
        if len(chosen_headings) > 1 and not C.COLUMNS[key].many:
            errors[chosen_headings[1]] = (
                f"The column '{chosen_headings[0]}' is already chosen for "
                f"{C.COLUMNS[key].header.lower()}; it takes one column"
            )
    for column in C.IMPORT_COLUMNS:
        if column.required and column.key not in chosen and column.key not in errors:
            errors[column.key] = (
                f"Choose the column that holds the {column.header.lower()}: it is required"
            )
    return errors


def rows_from_sheet(sheet, mapping):
    """InputRows for the mapped columns of a ``reading.Sheet``; ``mapping`` is {heading: key}."""
    index = {heading: i for i, heading in enumerate(sheet.header) if heading}
    single, many = {}, {}
    # In the file's order, whatever order the mapping was stored in (PostgreSQL's jsonb
    # keeps its own): notes are joined and themes read left to right.
    for heading in sheet.header:
        key = mapping.get(heading) if heading in index else None
        if key not in C.COLUMNS:
            continue
        if C.COLUMNS[key].many:
            many.setdefault(key, []).append((heading, index[heading]))
        else:
            single.setdefault(key, index[heading])
    rows = []
    for line, values in sheet.rows:
        row = {key: values[i] for key, i in single.items()}
        for key, positions in many.items():
            row[key] = [(heading, values[i]) for heading, i in positions]
        rows.append(InputRow(line, row))
    return rows


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$")


def parse_date(value, label):
    """A date from an XLSX date cell, YYYY-MM-DD, or DD/MM/YYYY (also DD-MM-YYYY, DD.MM.YYYY)."""
    return parse_written_date(value, label)[0]


def parse_written_date(value, label, choices=None):
    """(date, precision) from a cell: a full date, or a month or a year as people write
    them ('March 2021', '03/2021', '2021'). ``choices`` ({written: meaning}) settles the
    forms that could be read two ways ('Mar-21'). Raises ``Problem``; an undecided
    two-way form raises ``Undecided``."""
    if isinstance(value, datetime.datetime):
        return value.date(), partial_dates.DAY
    if isinstance(value, datetime.date):
        return value, partial_dates.DAY
    text = " ".join(str(value).split())
    chosen = (choices or {}).get(_key(text))
    if chosen:
        text = chosen
    match = _ISO.match(text)
    if match:
        year, month, day = match.groups()
    else:
        match = _DMY.match(text)
        if not match:
            return _partial(text, label)
        day, month, year = match.groups()
        if len(year) != 4:
            if partial_dates.is_ambiguous(text):
                raise Undecided(f"The {label} '{text}' could be read two ways")
            raise Problem(f"The year of the {label} must have 4 numbers, like 15/03/2024")
    try:
        return datetime.date(int(year), int(month), int(day)), partial_dates.DAY
    except ValueError:
        raise Problem(f"The {label} must be a real date") from None


def _partial(text, label):
    if partial_dates.is_ambiguous(text):
        raise Undecided(f"The {label} '{text}' could be a day and month or a month and year")
    try:
        found = partial_dates.parse_partial(text)
    except ValueError as error:
        raise Problem(f"The {label}: {error}") from None
    if found is None:
        raise Problem(
            f"The {label} must be a date like 2024-03-15 or 15/03/2024, "
            "or a month or year like March 2024 or 2024"
        )
    return found


class Undecided(Problem):
    """A value the person has not yet said the meaning of."""


def _is_blank(raw):
    if isinstance(raw, list):
        return all(_is_blank(value) for _, value in raw)
    return raw in ("", None)


def _key(value):
    return C.normalise(value) if not isinstance(value, datetime.date) else value.isoformat()


class Importer:
    """Validates rows for one person. ``validate`` writes nothing.

    ``choices`` holds the person's decisions about values no rule recognises:
    {field: {value as written: code or name in the service}}, where the field is a
    canonical key, or "themes" for both theme columns.
    """

    def __init__(
        self, user, *, today=None, published_needs_date=True, choices=None, update_existing=False
    ):
        self.user = user
        self.update_existing = update_existing
        self.today = today or timezone.localdate()
        self.published_needs_date = published_needs_date
        self.choices = {
            field: {_key(value): target for value, target in (chosen or {}).items() if target}
            for field, chosen in (choices or {}).items()
        }
        self._prepared = False

    # --- lookups, loaded once ----------------------------------------------------------

    def _prepare(self):
        if self._prepared:
            return
        self.partnerships = {}
        for org in review_services.partnerships_for(self.user).only(
            "id", "name", "region_id", "icb_id", "partnership_type"
        ):
            self.partnerships[C.normalise(org.name)] = org
        by_id = {org.pk: org for org in self.partnerships.values()}
        for alias in OrganisationAlias.objects.filter(organisation_id__in=by_id):
            self.partnerships.setdefault(C.normalise(alias.name), by_id[alias.organisation_id])
        self.icbs = {}
        for org in review_services.icbs_for(self.user).only("id", "name", "code", "region_id"):
            self.icbs[C.normalise(org.name)] = org
            if org.code:
                self.icbs[C.normalise(org.code)] = org
        self.convertible = {}
        for review in review_services.convertible_reviews(self.user).exclude(reference=""):
            self.convertible.setdefault(review.reference.strip().casefold(), []).append(review)
        self.existing_references = {}
        for pk, ref, partnership_id, partnership_name in (
            review_services.visible_reviews(self.user)
            .exclude(reference="")
            .values_list("pk", "reference", "partnership_id", "partnership__name")
        ):
            self.existing_references.setdefault(ref.strip().casefold(), []).append(
                (pk, partnership_id, partnership_name)
            )
        self.all_themes = {t.code: t for t in Theme.objects.all()}
        self.themes = V.theme_lookup(self.all_themes.values())
        self._prepared = True

    # --- the check -----------------------------------------------------------------------

    def validate(self, rows, mapping=None, problems=()):
        """Check every row; return a Validation listing the good rows and every error.

        ``mapping`` ({heading: key}) names the columns in messages; ``problems`` are
        (line, message) pairs found while reading the file.
        """
        if not scope_for(self.user).can_edit:
            raise review_services.NotAllowed("Your role can export reviews but not import them")
        self._prepare()
        self.headings = {}
        for heading, key in (mapping or {}).items():
            self.headings.setdefault(key, heading)
        self.has_title = "title" in self.headings or not mapping
        self.has_publication_status = "publication_status" in self.headings or not mapping
        self.unmatched = {}
        result = Validation(row_count=len(rows))
        for line, message in problems:
            result.errors.append(
                {"line": line, "column": "", "field": "", "value": "", "message": message}
            )
        first_line_of_reference = {}
        in_file_types = {}
        existing_ids, blank = {}, {}
        parsed = []
        for row in rows:
            data, errors = self._row(row)
            blank[row.line] = data.pop("blank_columns")
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
                    existing_ids[row.line] = self._existing(row, data, reference, errors)
            parsed.append((row, data, errors))

        for row, data, errors in parsed:
            converted_line = self._resolve_converted_from(row, data, errors, in_file_types)
            result.errors.extend(errors)
            valid = ValidRow(
                line=row.line,
                data=data,
                source_id=row.source_id,
                source_data=row.source_data,
                converted_from_line=converted_line,
                title_made_up=not self.has_title,
                existing_id=existing_ids.get(row.line),
                blank=blank[row.line],
            )
            result.preview.append(valid)
            if not errors:
                result.rows.append(valid)
        result.errors.sort(key=lambda e: (e["line"], _FIELD_ORDER.get(e["field"], -1)))
        result.unmatched = {
            field: dict(sorted(found.items(), key=lambda item: item[1][0]))
            for field, found in self.unmatched.items()
        }
        if result.errors:
            result.rows = []
        return result

    def _existing(self, row, data, reference, errors):
        """The id of the review this row updates, or None with the reason in ``errors``."""
        recorded = self.existing_references[reference.casefold()]
        if not self.update_existing:
            errors.append(
                self._error(
                    row.line,
                    "reference",
                    reference,
                    f"A review with local reference '{reference}' is already recorded. "
                    + ALREADY_RECORDED,
                )
            )
            return None
        partnership = data.get("partnership")
        same = [r for r in recorded if partnership and r[1] == partnership.pk]
        if len(same) != 1:
            where = ", ".join(sorted({r[2] for r in recorded}))
            errors.append(
                self._error(
                    row.line,
                    "reference",
                    reference,
                    f"The review with local reference '{reference}' is recorded for {where}"
                    if not same
                    else f"More than one review of this partnership has local reference "
                    f"'{reference}'; change one of them on its page first",
                )
            )
            return None
        if not scope_for(self.user).may_own(partnership):
            errors.append(
                self._error(
                    row.line,
                    "reference",
                    reference,
                    f"The review with local reference '{reference}' is recorded for "
                    f"{partnership.name}, whose reviews you can see but not change",
                )
            )
            return None
        return same[0][0]

    def _heading(self, key):
        if key in self.headings:
            return self.headings[key]
        return C.COLUMNS[key].header if key in C.COLUMNS else ""

    def _error(self, line, key, value, message, heading=None):
        if isinstance(value, datetime.date):
            value = value.isoformat()
        if isinstance(value, list):
            value = "; ".join(str(v) for _, v in value if v not in ("", None))
        return {
            "line": line,
            "column": heading or self._heading(key),
            "field": key,
            "value": "" if value is None else str(value)[:200],
            "message": message,
        }

    def _unmatched(self, field, value, line):
        lines = self.unmatched.setdefault(field, {}).setdefault(str(value), [])
        if not lines or lines[-1] != line:
            lines.append(line)

    def _row(self, row):
        data, errors = {}, []
        raw_values = {}
        self.line = row.line
        self.precision = dict(row.values.get("date_precision") or {})
        for column in C.IMPORT_COLUMNS:
            raw = row.values.get(column.key, "")
            if raw is None:
                raw = ""
            if isinstance(raw, str):
                raw = unescape(raw.strip())
            elif isinstance(raw, list):
                raw = [(h, unescape(v.strip()) if isinstance(v, str) else v) for h, v in raw]
            raw_values[column.key] = raw
            try:
                data[column.key] = getattr(self, f"_parse_{column.kind}")(column, raw)
            except Problem as problem:
                heading = getattr(problem, "heading", None)
                errors.append(self._error(row.line, column.key, raw, str(problem), heading))
                data[column.key] = _INVALID
        self._check_type_and_title(row, data, raw_values, errors)
        self._check_dates(row.line, data, raw_values, errors)
        self._check_themes(row.line, data, raw_values, errors)
        self._check_status(row.line, data, raw_values, errors)
        status = data.get("publication_status")
        if (
            self.published_needs_date
            and status == Review.PublicationStatus.PUBLISHED
            and data.get("published_date") is None
        ):
            key = "published_date" if "published_date" in self.headings else "publication_status"
            if key not in self.headings and "scrt_status" in self.headings:
                key = "scrt_status"
            errors.append(
                self._error(
                    row.line,
                    key,
                    raw_values[key],
                    "The publication status is published but there is no date published: "
                    "add the date published, or change the status",
                )
            )
        data.pop("scrt_status", None)
        data["date_precision"] = {
            name: precision
            for name, precision in self.precision.items()
            if precision != partial_dates.DAY and isinstance(data.get(name), datetime.date)
        }
        data["blank_columns"] = frozenset(key for key, raw in raw_values.items() if _is_blank(raw))
        return {k: (None if v is _INVALID else v) for k, v in data.items()}, errors

    # --- one parser per kind of column ---------------------------------------------------

    def _chosen(self, field, raw):
        return self.choices.get(field, {}).get(_key(raw))

    def _parse_text(self, column, raw):
        if isinstance(raw, list):
            parts = [(h, str(v)) for h, v in raw if v not in ("", None)]
            text = parts[0][1] if len(parts) == 1 else "\n\n".join(f"{h}: {v}" for h, v in parts)
        else:
            text = str(raw) if not isinstance(raw, datetime.date) else raw.isoformat()
        if column.required and not text:
            raise Problem(f"Enter the {column.header.lower()}")
        limit = column.max_length
        if limit and len(text) > limit:
            raise Problem(f"The {column.header.lower()} must be {limit} characters or fewer")
        return text

    def _parse_review_type(self, column, raw):
        text = " ".join(str(raw).split())
        if not text:
            raise Problem("Enter the type of review")
        code = self._chosen("review_type", text) or V.review_type(text)
        if code == V.CONVERTED or code in types.REVIEW_TYPES:
            return code
        self._unmatched("review_type", text, self.line)
        raise Problem(
            f"Unknown type of review '{text}': choose what it means, or use one of "
            + ", ".join(types.REVIEW_TYPES)
        )

    def _parse_partnership(self, column, raw):
        text = " ".join(str(raw).split())
        if not text:
            raise Problem("Enter the safeguarding partnership")
        chosen = self._chosen("partnership", text)
        org = self.partnerships.get(C.normalise(chosen or text))
        if org is None:
            self._unmatched("partnership", text, self.line)
            raise Problem(
                f"Partnership '{text}' is not one you can record reviews for: "
                "choose which partnership it is"
            )
        return org

    def _parse_icb(self, column, raw):
        text = " ".join(str(raw).split())
        if not text:
            return None
        chosen = self._chosen("icb", text)
        org = self.icbs.get(C.normalise(chosen or text))
        if org is None:
            self._unmatched("icb", text, self.line)
            raise Problem(f"ICB '{text}' is not one you can record reviews for")
        return org

    def _parse_converted_from(self, column, raw):
        text = str(raw).strip()
        return text or None  # resolved once every row's reference is known

    def _parse_date(self, column, raw):
        if raw in ("", None):
            return None
        try:
            when, precision = parse_written_date(
                raw, column.header.lower(), self.choices.get(column.key)
            )
        except Undecided:
            self._unmatched(column.key, raw, self.line)
            raise
        implausible = partial_dates.implausible(
            when,
            f"The {column.header.lower()}",
            precision,
            # dates of things that happened are refused in the future by _check_dates
            today=None if column.key in types.DATE_LABELS else self.today,
        )
        if implausible:
            raise Problem(implausible)
        if precision != partial_dates.DAY:
            self.precision[column.key] = precision
        return when

    def _parse_choice(self, column, raw):
        text = " ".join(str(raw).split())
        if not text:
            return Review.PublicationStatus.NOT_YET if column.key == "publication_status" else ""
        folded = C.normalise(self._chosen(column.key, text) or text)
        for code, label in column.choices.items():
            if folded in (C.normalise(code), C.normalise(label)):
                return code
        self._unmatched(column.key, text, self.line)
        raise Problem(
            f"Unknown {column.header.lower()} '{text}': choose what it means, or use one of "
            + ", ".join(column.choices)
        )

    _parse_status = _parse_choice

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
        cells = raw if isinstance(raw, list) else [(None, raw)]
        found, unknown, retired, heading = [], [], [], None
        for cell_heading, value in cells:
            if value in ("", None):
                continue
            for written, theme in V.split_themes(str(value), self.themes):
                chosen = self._chosen("themes", written)
                if theme is None and chosen:
                    theme = self.themes.get(C.normalise(chosen))
                if theme is None:
                    self._unmatched("themes", written, self.line)
                    unknown.append(written)
                    heading = heading or cell_heading
                elif not theme.active:
                    retired.append(written)
                    heading = heading or cell_heading
                elif theme not in found:
                    found.append(theme)
        messages = []
        if unknown:
            names = ", ".join(f"'{code}'" for code in unknown)
            messages.append(
                f"Unknown theme{'s' if len(unknown) > 1 else ''} {names}: choose what "
                f"{'they mean' if len(unknown) > 1 else 'it means'}, or use the names or "
                "codes of the theme list, for example Domestic abuse or domestic-abuse"
            )
        if retired:
            names = ", ".join(f"'{code}'" for code in retired)
            messages.append(f"Theme{'s' if len(retired) > 1 else ''} {names} no longer in use")
        if messages:
            problem = Problem("; ".join(messages))
            problem.heading = heading
            raise problem
        return found

    # --- checks across columns -----------------------------------------------------------

    def _check_type_and_title(self, row, data, raw_values, errors):
        if data.get("review_type") == V.CONVERTED:
            org = data.get("partnership")
            if org is _INVALID:
                data["review_type"] = _INVALID
            elif org is not None and org.partnership_type in V.CONVERTED_TYPE:
                data["review_type"] = V.CONVERTED_TYPE[org.partnership_type]
            else:
                data["review_type"] = _INVALID
                errors.append(
                    self._error(
                        row.line,
                        "review_type",
                        raw_values["review_type"],
                        "'Converted' does not say which review the rapid review became: "
                        "write the type, for example LCSPR or SAR",
                    )
                )
        if self.has_title:
            if data.get("title") == "" and "title" in self.headings and not self._recorded(data):
                errors.append(self._error(row.line, "title", "", "Enter the title"))
                data["title"] = _INVALID
            return
        review_type = data.get("review_type")
        if review_type in types.REVIEW_TYPES:
            reference = data.get("reference") if data.get("reference") is not _INVALID else ""
            data["title"] = V.made_up_title(review_type, reference or "", row.line)
        else:
            data["title"] = ""

    def _recorded(self, data):
        """Whether this row will update a review already recorded (so may leave cells empty)."""
        reference = data.get("reference")
        return (
            self.update_existing
            and isinstance(reference, str)
            and reference.casefold() in self.existing_references
        )

    def _check_status(self, line, data, raw_values, errors):
        """S-CRT's status says open or closed; the service keeps why a review closed."""
        status = data.get("scrt_status")
        if status not in ("open", "closed"):
            return
        publication = data.get("publication_status")
        published = data.get("published_date")
        raw = raw_values["scrt_status"]
        if status == "open":
            if published or publication in (
                Review.PublicationStatus.PUBLISHED,
                Review.PublicationStatus.EMBARGOED,
            ):
                errors.append(
                    self._error(
                        line,
                        "scrt_status",
                        raw,
                        "The status is open but the review is published or embargoed: "
                        "correct the status or the publication columns",
                    )
                )
            return
        if self.has_publication_status and raw_values["publication_status"] not in ("", None):
            return  # the publication status says how it closed; the review's rules check it
        if published:
            data["publication_status"] = Review.PublicationStatus.PUBLISHED
        elif data.get("signed_off_date"):
            data["publication_status"] = Review.PublicationStatus.NOT_FOR_PUBLICATION
        else:
            errors.append(
                self._error(
                    line,
                    "scrt_status",
                    raw,
                    "The status is closed but there is no date published or date report "
                    "signed off: add the date that closed it",
                )
            )

    def _check_dates(self, line, data, raw_values, errors):
        dates = {
            name: data.get(name)
            for name in types.DATE_LABELS
            if isinstance(data.get(name), datetime.date)
        }
        precision = {name: self.precision[name] for name in dates if name in self.precision}
        for name, message in types.date_order_errors(
            dates, today=self.today, precision=precision
        ).items():
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
_FIELD_ORDER = {column.key: i for i, column in enumerate(C.IMPORT_COLUMNS)}


def create_all(user, validation, *, source, request=None):
    """Create a review for every valid row, or update the review it names (see
    ``updating``). Call inside the caller's transaction, and only with a Validation that
    has no errors. Returns the reviews created, in file order."""
    assert validation.ok, "create_all needs a validation without errors"
    created, saved = {}, {}
    # Rapid reviews named by a later row of the same file are created first.
    ordered = sorted(validation.rows, key=lambda row: row.converted_from_line is not None)
    with transaction.atomic():
        for row in ordered:
            if row.existing_id is not None:
                update = dict(row.update)
                if row.converted_from_line is not None:
                    update["converted_from"] = saved[row.converted_from_line]
                saved[row.line], _ = review_services.update_review(
                    user,
                    row.existing_id,
                    update,
                    row.existing_version,
                    request=request,
                    details={"source": source, "line": row.line},
                )
                continue
            data = dict(row.data)
            if row.converted_from_line is not None:
                data["converted_from"] = saved[row.converted_from_line]
            review = review_services.create_review(
                user,
                data,
                request=request,
                source=source,
                source_id=row.source_id or str(row.line),
                source_data=row.source_data,
            )
            created[row.line] = saved[row.line] = review
    return [created[row.line] for row in validation.rows if row.line in created]
