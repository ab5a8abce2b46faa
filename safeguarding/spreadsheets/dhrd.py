"""Import the Domestic Homicide Review Dataset (DHRD) through the spreadsheet import path.

Cook, D. and Cook, E. A. (2026) The Domestic Homicide Review Dataset (DHRD) for England
and Wales, v1.0.0. doi:10.5281/zenodo.21108268. CC BY 4.0.

Each incident in ``incidents.csv`` (with its victim from ``victims.csv``, present only for
single-victim incidents) becomes one row in the tracker's canonical shape, then goes
through the same ``Importer.validate`` and ``services.commit_rows`` as an uploaded
spreadsheet, as a national-scope system user. See docs/import-export.md for the mapping.
"""

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count

from safeguarding.organisations.models import Organisation, Region
from safeguarding.organisations.reference import (
    AREA_TO_REGION_CODE,
    ReferenceDataError,
    partnership_name,
    region_for_area,
)
from safeguarding.reviews import dates as partial_dates
from safeguarding.reviews.models import Review
from safeguarding.reviews.services import NotAllowed

from . import columns, importing
from .models import ImportBatch

SOURCE = "dhrd"
SYSTEM_USERNAME = "dhrd-import"
DATASET_VERSION = "1.0.0"
CITATION = (
    "Cook, D. and Cook, E. A., The Domestic Homicide Review Dataset (DHRD) for England "
    "and Wales, v1.0.0, 2026, doi:10.5281/zenodo.21108268, CC BY 4.0"
)
INCIDENTS_FILE = "incidents.csv"
VICTIMS_FILE = "victims.csv"
INCIDENT_COLUMNS = ("incident_id", "csp", "region", "death_date")

# Incident tags (Home Office metadata) → theme codes. domestic-abuse is always given.
INCIDENT_TAG_THEMES = {
    "coercive_control": ("domestic-abuse",),
    "economic_abuse": ("domestic-abuse",),
    "stalking": ("domestic-abuse",),
    "separation": ("domestic-abuse",),
    "physical_abuse": ("domestic-abuse", "physical-abuse"),
    "emotional_abuse": ("domestic-abuse", "emotional-abuse"),
    "sexual_abuse": ("domestic-abuse", "sexual-abuse"),
    "children_present": ("think-family",),
    "forced_marriage": ("race-culture-identity",),
    "faith_based_marriage": ("race-culture-identity",),
    "honour_based_violence": ("race-culture-identity",),
}
# Victim attributes (victims.csv) → theme codes.
VICTIM_TAG_THEMES = {
    "victim_mental_health_issues": ("mental-health",),
    "victim_mh_adjustment_disorder": ("mental-health",),
    "victim_mh_anxiety": ("mental-health",),
    "victim_mh_dementia": ("mental-health",),
    "victim_mh_depression": ("mental-health",),
    "victim_mh_panic_attacks": ("mental-health",),
    "victim_mh_ptsd": ("mental-health",),
    "victim_mh_psychosis": ("mental-health",),
    "victim_mh_other": ("mental-health",),
    "victim_mh_selfharm": ("mental-health", "suicide-self-harm"),
    "victim_mh_suicidal_thoughts": ("mental-health", "suicide-self-harm"),
    "victim_mh_suicide_attempts": ("mental-health", "suicide-self-harm"),
    "victim_suicide": ("suicide-self-harm",),
    "victim_vuln_alcohol": ("substance-misuse",),
    "victim_vuln_substance_misuse": ("substance-misuse",),
    "victim_vuln_neurodiversity": ("learning-disability-autism",),
    "victim_vuln_physical_disability": ("disability-complex-health",),
    "victim_vuln_housing": ("housing-homelessness",),
}
TAG_THEMES = INCIDENT_TAG_THEMES | VICTIM_TAG_THEMES
ALWAYS_PRIMARY = "domestic-abuse"
# After domestic-abuse, the first two of these a review has are primary; the rest are
# other themes. Context comes before the forms of abuse, which nearly every DHR records.
PRIMARY_ORDER = (
    "suicide-self-harm",
    "mental-health",
    "substance-misuse",
    "think-family",
    "race-culture-identity",
    "learning-disability-autism",
    "disability-complex-health",
    "housing-homelessness",
    "sexual-abuse",
    "physical-abuse",
    "emotional-abuse",
)

_TRUE, _FALSE = {"true"}, {"false"}


class DhrdError(Exception):
    def __init__(self, message, errors=None):
        self.errors = list(errors or [])
        if self.errors:
            shown = self.errors[:50]
            lines = [
                f"  line {e['line']}: {e['column'] + ': ' if e['column'] else ''}{e['message']}"
                + (f" ({e['value']!r})" if e.get("value") else "")
                for e in shown
            ]
            if len(self.errors) > len(shown):
                lines.append(f"  … and {len(self.errors) - len(shown)} more")
            message = "\n".join([message, *lines])
        super().__init__(message)


@dataclass
class DhrdResult:
    created: int = 0
    skipped: int = 0
    partnerships_created: int = 0
    by_area: dict = field(default_factory=dict)
    by_nhs_region: dict = field(default_factory=dict)
    batch: ImportBatch | None = None


# --- reading ---------------------------------------------------------------------------


def _read_csv(path, required):
    if not path.is_file():
        raise DhrdError(f"{path} not found: is this the DHRD folder?")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise DhrdError(f"{path.name} has no column(s): {', '.join(missing)}")
            rows = []
            for row in reader:
                if None in row or None in row.values():
                    raise DhrdError(f"{path.name}, line {reader.line_num}: wrong number of values")
                rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
            return rows
    except UnicodeDecodeError:
        raise DhrdError(f"{path.name} is not UTF-8 text") from None
    except csv.Error as error:
        raise DhrdError(f"{path.name} could not be read: {error}") from None


def _flag(value):
    folded = value.casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    if folded == "":
        return None
    raise ValueError(value)


def incident_date(text):
    """'September 2018' → (1 September 2018, 'month'); '2015' → (1 January 2015, 'year');
    blank → (None, ''). Raises ValueError for anything else."""
    if not text.strip():
        return None, ""
    parsed = partial_dates.parse_partial(text)
    if parsed is None:
        raise ValueError(text)
    return parsed


def _attributes(row, skip, problems, line, file_name):
    """Row values: True/False for flags, None for blanks, text otherwise. A known flag
    column holding anything but True, False or blank is reported."""
    out = {}
    for key, value in row.items():
        if key in skip:
            continue
        try:
            out[key] = _flag(value)
        except ValueError:
            if key in TAG_THEMES or key in _BOOLEAN_COLUMNS:
                problems.append(
                    {
                        "line": line,
                        "column": f"{file_name} {key}",
                        "field": "",
                        "value": value,
                        "message": "must be True, False or blank",
                    }
                )
                out[key] = None
            else:
                out[key] = value
    return out


_BOOLEAN_COLUMNS = {
    "multiple_victims",
    "intimate_partner_violence",
    "familial_homicide",
    "parricide",
    "homicide_suicide",
    "prev_offence_history",
    "victim_carer_responsibilities",
    "victim_vuln_pregnancy",
    "victim_vuln_other",
}


def themes_for(tags):
    """(primary codes, other codes) for a set of true tags."""
    codes = {ALWAYS_PRIMARY}
    for tag in tags:
        codes.update(TAG_THEMES.get(tag, ()))
    ranked = [code for code in PRIMARY_ORDER if code in codes]
    primary = [ALWAYS_PRIMARY, *ranked[:2]]
    other = ranked[2:]
    return primary, other


def build_rows(directory):
    """(InputRows in the canonical shape, the CSV region of each incident, problems)."""
    directory = Path(directory)
    incidents = _read_csv(directory / INCIDENTS_FILE, INCIDENT_COLUMNS)
    victims = _read_csv(directory / VICTIMS_FILE, ("victim_id", "incident_id"))
    problems = []
    victim_by_incident = {}
    for line, row in victims:
        incident_id = row["incident_id"]
        if incident_id in victim_by_incident:
            problems.append(
                {
                    "line": line,
                    "column": f"{VICTIMS_FILE} incident_id",
                    "field": "",
                    "value": incident_id,
                    "message": "a second victim for one incident (victims.csv holds single-victim incidents only)",
                }
            )
            continue
        victim_by_incident[incident_id] = (line, row)
    rows, areas, seen = [], {}, set()
    for line, row in incidents:
        incident_id = row["incident_id"]
        if not incident_id or incident_id in seen:
            problems.append(
                {
                    "line": line,
                    "column": f"{INCIDENTS_FILE} incident_id",
                    "field": "",
                    "value": incident_id,
                    "message": "missing or repeated incident id",
                }
            )
            continue
        seen.add(incident_id)
        incident = _attributes(row, {"incident_id"}, problems, line, INCIDENTS_FILE)
        victim_line, victim_row = victim_by_incident.get(incident_id, (None, None))
        victim = (
            _attributes(victim_row, {"incident_id"}, problems, victim_line, VICTIMS_FILE)
            if victim_row
            else None
        )
        # Every attribute recorded as true, mapped to a theme or not.
        tags = sorted(
            {k for k, v in incident.items() if v is True}
            | {k for k, v in (victim or {}).items() if v is True}
        )
        try:
            when, _precision = incident_date(row["death_date"])
        except ValueError:
            problems.append(
                {
                    "line": line,
                    "column": f"{INCIDENTS_FILE} death_date",
                    "field": "incident_date",
                    "value": row["death_date"],
                    "message": "expected a month and year, like September 2018, or a year",
                }
            )
            when = None
        primary, other = themes_for(tags)
        areas[incident_id] = row["region"]
        rows.append(
            importing.InputRow(
                line=line,
                values={
                    "title": f"DHR {incident_id}",
                    "review_type": "dhr",
                    "reference": f"DHRD-{incident_id}",
                    "partnership": "",  # set once partnerships are in place
                    "case_information": _case_information(incident),
                    "incident_date": when.isoformat() if when else "",
                    "publication_status": Review.PublicationStatus.PUBLISHED.value,
                    "comments": _comments(when),
                    "primary_themes": "; ".join(primary),
                    "other_themes": "; ".join(other),
                },
                source_id=incident_id,
                source_data={
                    "dataset": "DHRD",
                    "version": DATASET_VERSION,
                    "incident_id": incident_id,
                    "csp": row["csp"],
                    "area": row["region"],
                    "death_date": row["death_date"],
                    "relationship": (victim or {}).get("relationship_to_perpetrator"),
                    "sex": (victim or {}).get("sex_of_victim"),
                    "age_band": (victim or {}).get("age_at_death"),
                    "tags": tags,
                    "incident": incident,
                    "victim": victim,
                },
            )
        )
    return rows, areas, problems


def _case_information(incident):
    kinds = [
        label
        for key, label in (
            ("intimate_partner_violence", "intimate partner homicide"),
            ("familial_homicide", "familial homicide"),
            ("parricide", "parricide"),
            ("homicide_suicide", "homicide-suicide"),
        )
        if incident.get(key)
    ]
    parts = ["Published domestic homicide review, from the Domestic Homicide Review Dataset."]
    if kinds:
        parts.append(f"Recorded as: {', '.join(kinds)}.")
    if incident.get("multiple_victims"):
        parts.append("More than one victim.")
    return " ".join(parts)


def _comments(when):
    text = f"Imported from {CITATION}. The dataset gives no publication date."
    if when is None:
        text += " It gives no date of death."
    return text


# --- partnerships and the system user --------------------------------------------------


def system_user():
    User = get_user_model()
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is None:
        user = User(
            username=SYSTEM_USERNAME,
            first_name="DHRD",
            last_name="import",
            role=User.Role.ADMIN,
            scope_level=User.ScopeLevel.NATIONAL,
        )
        user.set_unusable_password()
        user.save()
    elif (
        user.role != User.Role.ADMIN
        or user.scope_level != User.ScopeLevel.NATIONAL
        or not user.is_active
    ):
        raise DhrdError(
            f"The user {SYSTEM_USERNAME!r} exists but is not an active national administrator; "
            "fix it, or name another user with --as"
        )
    return user


def csp_partnership(csp, area, *, cache):
    """The '<csp> Community Safety Partnership' in this area: the reference one if its
    name and area match, else one made for the dataset. Returns (organisation, created)."""
    key = (csp, area)
    if key in cache:
        return cache[key], False
    csp_type = Organisation.PartnershipType.COMMUNITY_SAFETY
    name = partnership_name(csp, csp_type)
    found = Organisation.objects.filter(
        kind=Organisation.Kind.PARTNERSHIP, partnership_type=csp_type, name=name, area=area
    ).first()
    created = False
    if found is None:
        taken = Organisation.objects.filter(
            kind=Organisation.Kind.PARTNERSHIP, partnership_type=csp_type, name=name
        ).exists()
        if taken:  # same name in another area: keep both, told apart by the area
            name = f"{name} ({area})"
            found = Organisation.objects.filter(
                kind=Organisation.Kind.PARTNERSHIP, partnership_type=csp_type, name=name
            ).first()
        if found is None:
            region = region_for_area(area)
            found = Organisation.objects.create(
                kind=Organisation.Kind.PARTNERSHIP,
                partnership_type=csp_type,
                name=name,
                area=area,
                region=region,
            )
            created = True
    cache[key] = found
    return found, created


# --- the import ------------------------------------------------------------------------


def import_dhrd(directory, *, user=None):
    """Import every DHR not yet imported. All or nothing; returns a DhrdResult."""
    if not Region.objects.exists():
        raise DhrdError(
            "The NHS regions and partnerships are not loaded: run `python manage.py "
            "load_organisations` first"
        )
    rows, areas, problems = build_rows(directory)
    unknown_areas = sorted({a for a in areas.values() if a not in AREA_TO_REGION_CODE})
    for row in rows:
        area = areas[row.source_id]
        if area in unknown_areas:
            problems.append(
                {
                    "line": row.line,
                    "column": f"{INCIDENTS_FILE} region",
                    "field": "partnership",
                    "value": area,
                    "message": "unknown region; expected one of: " + ", ".join(AREA_TO_REGION_CODE),
                }
            )
    if problems:
        raise DhrdError("The DHRD files have problems; nothing was imported.", problems)

    result = DhrdResult()
    with transaction.atomic():
        user = user or system_user()
        done = set(Review.objects.filter(source=SOURCE).values_list("source_id", flat=True))
        todo = [row for row in rows if row.source_id not in done]
        result.skipped = len(rows) - len(todo)
        cache = {}
        for row in todo:
            csp = row.source_data["csp"]
            area = areas[row.source_id]
            try:
                org, created = csp_partnership(csp, area, cache=cache)
            except ReferenceDataError as error:
                raise DhrdError(str(error)) from None
            result.partnerships_created += created
            row.values["partnership"] = org.name
        if todo:
            try:
                validation = importing.Importer(user, published_needs_date=False).validate(
                    todo, columns.identity_mapping()
                )
            except NotAllowed as error:
                raise DhrdError(f"{user.username} cannot import reviews: {error}") from None
            if not validation.ok:
                raise DhrdError(
                    "Some DHRs could not be imported; nothing was imported.", validation.errors
                )
            _keep_precision(validation)
            batch = ImportBatch.objects.create(
                created_by=user,
                file_name=str(Path(directory) / INCIDENTS_FILE)[-255:],
                file_format=ImportBatch.Format.DHRD,
                header=[c.key for c in columns.TRACKER_COLUMNS],
                mapping=columns.identity_mapping(),
                row_count=len(todo),
            )
            from . import services

            created = services.commit_rows(user, batch, validation, source=SOURCE)
            result.created = len(created)
            result.batch = batch
    result.by_area, result.by_nhs_region = counts()
    return result


def _keep_precision(validation):
    """The dataset gives the month and year of death, or the year alone: each review keeps
    its date of incident with that precision (shown as "September 2018" or "2015")."""
    for valid in validation.rows:
        when, precision = incident_date((valid.source_data or {}).get("death_date") or "")
        if when is not None and precision != partial_dates.DAY:
            valid.data["date_precision"] = {"incident_date": precision}


def counts():
    """Imported DHRs by the dataset's region (partnership area) and by NHS England region."""
    qs = Review.objects.filter(source=SOURCE)
    by_area = {
        row["partnership__area"]: row["n"]
        for row in qs.values("partnership__area")
        .annotate(n=Count("id"))
        .order_by("partnership__area")
    }
    by_region = Counter()
    for row in qs.values("region__name").annotate(n=Count("id")):
        by_region[row["region__name"] or "Outside NHS England (Wales)"] += row["n"]
    return by_area, dict(sorted(by_region.items()))
