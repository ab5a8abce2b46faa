"""The tracker's canonical columns and the S-CRT field layout. No database access.

Every column a person edits on the review form has one canonical column here, with a
stable ``key`` (the name of the Review field, or ``primary_themes``/``other_themes``), the
heading an export writes, and the other headings an import recognises for it.
"""

import re
from dataclasses import dataclass, field

from safeguarding.reviews import types
from safeguarding.reviews.models import Review

# How a column's text becomes a value.
TEXT, DATE, CHOICE, REVIEW_TYPE, PARTNERSHIP, ICB, CONVERTED_FROM, URL, THEMES, STATUS = (
    "text",
    "date",
    "choice",
    "review_type",
    "partnership",
    "icb",
    "converted_from",
    "url",
    "themes",
    "status",
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = TEXT
    required: bool = False
    synonyms: tuple[str, ...] = ()
    hint: str = ""
    choices: dict[str, str] = field(default_factory=dict)
    # Several of the file's columns may feed this one (theme columns, note columns).
    many: bool = False

    @property
    def max_length(self):
        if self.kind in (THEMES, PARTNERSHIP, ICB, CONVERTED_FROM, DATE, STATUS):
            return None
        return getattr(Review._meta.get_field(self.key), "max_length", None)


def _choices(model_choices):
    return {str(code): str(label) for code, label in model_choices}


DATE_HINT = "YYYY-MM-DD or DD/MM/YYYY, an Excel date, or a month or year such as March 2021 or 2021"
CHOICE_HINT = "a code or its label"

TRACKER_COLUMNS = (
    Column(
        "title",
        "Title",
        synonyms=("short anonymised name", "name", "case name", "review name", "review title"),
        hint="Short anonymised name, for example Child T. Without one, each review is named "
        "from its type and local reference, and can be renamed later",
    ),
    Column(
        "review_type",
        "Type of review",
        REVIEW_TYPE,
        required=True,
        synonyms=("review type", "type", "review type code", "type of case review"),
        hint="A type code such as lcspr, sar or dhr, its name, or a common short form "
        "such as CSPR, RR, SAR, DHR, DHR child or LeDeR",
        choices=dict(types.REVIEW_TYPES),
    ),
    Column(
        "reference",
        "Local reference",
        synonyms=(
            "reference",
            "local ref",
            "ref",
            "case reference",
            "local reference number",
            "local ref no",
            "reference number",
            "case ref",
            "case number",
            "review reference",
            "id",
        ),
    ),
    Column(
        "steis_number",
        "StEIS number",
        synonyms=("steis", "steis ref", "steis reference", "steis no", "steis id"),
    ),
    Column(
        "partnership",
        "Safeguarding partnership",
        PARTNERSHIP,
        required=True,
        synonyms=(
            "partnership",
            "safeguarding partnership board",
            "partnership board",
            "board",
            "partnership name",
            "commissioning partnership",
            "safeguarding partnership board name",
            "safeguarding board",
            "lscp",
            "scp",
            "sab",
            "csp",
            "local safeguarding partnership",
        ),
        hint="The partnership's name in this service, or a name it is known by locally "
        "(you say which partnership it is once, and it is remembered)",
    ),
    Column(
        "icb",
        "ICB",
        ICB,
        synonyms=("integrated care board", "icb code", "icb name"),
        hint="The ICB's name or ODS code; blank means the partnership's ICB",
    ),
    Column(
        "converted_from",
        "Converted from (local reference)",
        CONVERTED_FROM,
        synonyms=("converted from", "converted from reference", "rapid review reference"),
        hint="Local reference of the rapid review this review came from",
    ),
    Column(
        "designated_professional",
        "Designated professional",
        synonyms=(
            "designated nurse",
            "designated doctor",
            "designated lead",
            "designated professional lead",
            "lead professional",
        ),
    ),
    Column(
        "case_information",
        "Case information",
        synonyms=("case info", "case summary", "summary", "case details", "brief summary"),
        many=True,
    ),
    Column(
        "incident_date",
        "Date of incident",
        DATE,
        synonyms=("incident date", "date of death", "date of incident death", "date of homicide"),
        hint=DATE_HINT,
    ),
    Column(
        "aware_date",
        "Date the partnership became aware",
        DATE,
        synonyms=("aware date", "date aware", "date became aware"),
        hint=DATE_HINT,
    ),
    Column(
        "notification_date",
        "Date of notification",
        DATE,
        synonyms=("notification date", "date notified", "sin date"),
        hint=DATE_HINT,
    ),
    Column(
        "decision_date",
        "Date of decision to review",
        DATE,
        synonyms=(
            "decision date",
            "date of decision",
            "date added",
            "date review agreed",
            "date of decision to undertake review",
            "date commissioned",
        ),
        hint=DATE_HINT,
    ),
    Column(
        "start_date",
        "Date the review started",
        DATE,
        synonyms=("start date", "date started", "review start date"),
        hint=DATE_HINT,
    ),
    Column(
        "panel_response_date",
        "Date of Panel response",
        DATE,
        synonyms=("panel response date", "panel response", "date of national panel response"),
        hint=DATE_HINT,
    ),
    Column(
        "signed_off_date",
        "Date report signed off",
        DATE,
        synonyms=(
            "report signed off date",
            "report signed off",
            "signed off date",
            "signed off",
            "sign off date",
            "date signed off",
            "date report signed off by partnership",
        ),
        hint=DATE_HINT,
    ),
    Column(
        "published_date",
        "Date published",
        DATE,
        synonyms=("publication date", "published date", "date of publication", "published"),
        hint=DATE_HINT,
    ),
    Column(
        "publication_status",
        "Publication status",
        CHOICE,
        synonyms=("publication", "publication state"),
        hint=CHOICE_HINT + "; blank means not yet published",
        choices=_choices(Review.PublicationStatus.choices),
    ),
    Column(
        "publication_url",
        "Publication link",
        URL,
        synonyms=("publication url", "link", "url", "report link", "report url"),
        hint="A full web address starting https://",
    ),
    Column(
        "scope_start",
        "Scope period from",
        DATE,
        synonyms=("scope start", "scope from", "scope period start"),
        hint=DATE_HINT,
    ),
    Column(
        "scope_end",
        "Scope period to",
        DATE,
        synonyms=("scope end", "scope to", "scope period end"),
        hint=DATE_HINT,
    ),
    Column(
        "referral_source",
        "Referral source",
        CHOICE,
        synonyms=("referred by", "source of referral", "referrer"),
        hint=CHOICE_HINT,
        choices=_choices(Review.ReferralSource.choices),
    ),
    Column(
        "method",
        "Method",
        CHOICE,
        synonyms=("methodology", "review method", "review methodology"),
        hint=CHOICE_HINT,
        choices=_choices(Review.Method.choices),
    ),
    Column(
        "independent_reviewer",
        "Independent reviewer",
        synonyms=("reviewer", "independent author", "author", "lead reviewer"),
    ),
    Column(
        "inquest",
        "Inquest",
        CHOICE,
        synonyms=("inquest status",),
        hint=CHOICE_HINT,
        choices=_choices(Review.ParallelProcess.choices),
    ),
    Column(
        "criminal_proceedings",
        "Criminal proceedings",
        CHOICE,
        synonyms=("criminal proceedings status", "criminal trial", "court proceedings"),
        hint=CHOICE_HINT,
        choices=_choices(Review.ParallelProcess.choices),
    ),
    Column(
        "learning_summary",
        "Lessons learnt and good practice",
        synonyms=(
            "learning",
            "learning summary",
            "lessons learnt",
            "lessons learned",
            "lessons",
            "good practice",
            "key learning",
        ),
        many=True,
    ),
    Column(
        "comments",
        "Comments",
        synonyms=("notes", "comment", "note", "further comments", "additional comments", "update"),
        many=True,
    ),
    Column(
        "primary_themes",
        "Primary themes",
        THEMES,
        synonyms=(
            "themes",
            "primary theme codes",
            "main themes",
            "theme codes",
            "theme",
            "primary theme",
            "main theme",
            "theme 1",
            "theme 2",
            "theme 3",
            "abuse vulnerability theme 1",
            "abuse vulnerability theme 2",
            "abuse vulnerability theme 3",
            "abuse vulnerability themes",
        ),
        hint="Up to 3 theme codes or names, separated by ; or in several columns",
        many=True,
    ),
    Column(
        "other_themes",
        "Other themes",
        THEMES,
        synonyms=("other theme codes", "secondary themes", "additional themes", "other theme"),
        hint="Theme codes or names, separated by ; or in several columns",
        many=True,
    ),
)

# Read on import only: S-CRT's own "Status" (open or closed), which an export derives.
STATUS_COLUMN = Column(
    "scrt_status",
    "Status (open or closed)",
    STATUS,
    synonyms=("status", "review status", "case status", "open closed", "s crt status"),
    hint="Open or Closed, as S-CRT records it; checked against the publication columns",
    choices={"open": "Open", "closed": "Closed"},
)
IMPORT_COLUMNS = (*TRACKER_COLUMNS, STATUS_COLUMN)
COLUMNS = {column.key: column for column in IMPORT_COLUMNS}
REQUIRED = tuple(column.key for column in IMPORT_COLUMNS if column.required)

# S-CRT (NHS England data standard DCB3124): the fields it records per review, in order.
# Export only: some (status, theme 1-3, "Converted") are derived and do not map back.
SCRT_HEADERS = (
    "StEIS number",
    "Local reference",
    "Status",
    "Date of incident",
    "Date added",
    "Designated professional",
    "Safeguarding partnership board",
    "Case information",
    "Theme 1",
    "Theme 2",
    "Theme 3",
    "Type of review",
    "Report signed off date",
    "Comments",
    "Publication date",
    "Publication link",
    "Current stage",
)

LAYOUTS = {"tracker": "Tracker (every field, importable)", "scrt": "S-CRT field layout"}


def normalise(heading):
    """Lower case, letters and digits only, single spaces: 'Date_of-Incident ' → 'date of incident'."""
    text = re.sub(r"[^0-9a-z]+", " ", str(heading or "").casefold())
    return " ".join(text.split())


def _names(column):
    return {normalise(column.key), normalise(column.header), *map(normalise, column.synonyms)}


_BY_NAME = {}
for _column in IMPORT_COLUMNS:
    for _name in _names(_column):
        _BY_NAME.setdefault(_name, _column.key)


def suggest_mapping(header, saved=None):
    """{heading: canonical key} for the headings a person need not choose.

    A heading is matched by a column's name or synonym (exact, after normalising) or by
    ``saved`` ({heading: key}, the choices an organisation made before). A column that
    takes one heading gets the first; one that takes several (themes, notes) gets all.
    """
    saved = {normalise(h): key for h, key in (saved or {}).items() if key in COLUMNS or not key}
    mapping, taken = {}, set()
    for heading in header:
        if not heading or heading in mapping:
            continue
        name = normalise(heading)
        key = saved[name] if name in saved else _BY_NAME.get(name)
        if not key:
            continue
        if key in taken and not COLUMNS[key].many:
            continue
        mapping[heading] = key
        taken.add(key)
    return mapping


def headings_for(mapping, key, header=None):
    """The file's headings chosen for one canonical column, in the file's order (``header``;
    without it, the mapping's order)."""
    return [heading for heading in (header or mapping) if mapping.get(heading) == key]


def identity_mapping():
    """The mapping of a file whose headings are the canonical keys."""
    return {column.key: column.key for column in TRACKER_COLUMNS}


def is_known_heading(heading):
    """True if the heading names a tracker column (or one of its synonyms) after normalising."""
    return normalise(heading) in _BY_NAME
