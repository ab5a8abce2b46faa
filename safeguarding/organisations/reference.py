"""Reference data: England's NHS regions, ICBs, police forces, local authorities and
safeguarding partnerships, loaded from the CSV files in ``organisations/reference/``.

``load_reference_data()`` reads every file and validates every row before it writes
anything; if any row is wrong it raises ``ReferenceDataError`` listing each bad row
(file, line and reason). Otherwise it upserts everything in one transaction, so running
it twice changes nothing. See ``docs/reference-data.md``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import Organisation, Region

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

# ONS region names (as spelled in the Domestic Homicide Review Dataset), plus Wales,
# mapped to the NHS England region that covers them. Wales is outside NHS England.
AREA_TO_REGION_CODE: dict[str, str | None] = {
    "North East": "Y63",
    "North West": "Y62",
    "Yorkshire and Humber": "Y63",
    "East Midlands": "Y60",
    "West Midlands": "Y60",
    "East": "Y61",
    "Greater London": "Y56",
    "South East": "Y59",
    "South West": "Y58",
    "Wales": None,
}

NATIONAL_BODY_NAME = "NHS England"

PARTNERSHIP_SUFFIXES: dict[str, str] = {
    Organisation.PartnershipType.CHILDREN: "Safeguarding Children Partnership",
    Organisation.PartnershipType.ADULTS: "Safeguarding Adults Board",
    Organisation.PartnershipType.COMMUNITY_SAFETY: "Community Safety Partnership",
}

# Members of a generated partnership that the loader owns: on reload, a member of one
# of these kinds that is no longer the partnership's LA, ICB or police force is removed.
# Members of other kinds (providers, voluntary bodies) added by people are kept.
_REFERENCE_MEMBER_KINDS = (
    Organisation.Kind.LOCAL_AUTHORITY,
    Organisation.Kind.ICB,
    Organisation.Kind.POLICE,
)

REGIONS_FILE = "regions.csv"
ICBS_FILE = "icbs.csv"
POLICE_FILE = "police_forces.csv"
LOCAL_AUTHORITIES_FILE = "local_authorities.csv"

_COLUMNS = {
    REGIONS_FILE: ("code", "name"),
    ICBS_FILE: ("code", "name", "region_code"),
    POLICE_FILE: ("name", "area"),
    LOCAL_AUTHORITIES_FILE: (
        "code",
        "name",
        "icb_code_or_name",
        "police_force",
        "area",
    ),
}

_ODS_ICB_CODE = re.compile(r"^[A-Z0-9]{3}$")
_GSS_UPPER_TIER_CODE = re.compile(r"^E(06|08|09|10)\d{6}$")

_NAME_MAX = Organisation._meta.get_field("name").max_length
_LA_NAME_MAX = _NAME_MAX - 1 - max(len(s) for s in PARTNERSHIP_SUFFIXES.values())


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.reason}"
        return f"{self.file}, line {self.line}: {self.reason}"


class ReferenceDataError(Exception):
    """The reference data is invalid; ``problems`` lists every bad row."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        self.problems = list(problems or [])
        if self.problems:
            message = "\n".join([message, *(f"  {p}" for p in self.problems)])
        super().__init__(message)


@dataclass(frozen=True)
class _RegionRow:
    code: str
    name: str


@dataclass(frozen=True)
class _IcbRow:
    code: str
    name: str
    region_code: str


@dataclass(frozen=True)
class _PoliceRow:
    name: str
    area: str
    region_code: str | None


@dataclass(frozen=True)
class _LocalAuthorityRow:
    code: str
    name: str
    icb_name: str
    police_force: str
    area: str


@dataclass
class _ReferenceData:
    regions: list[_RegionRow]
    icbs: list[_IcbRow]
    police: list[_PoliceRow]
    local_authorities: list[_LocalAuthorityRow]


def region_for_area(area: str) -> Region | None:
    """The NHS England region covering an ONS area name; ``None`` for Wales.

    Raises ``ReferenceDataError`` for an area name not in ``AREA_TO_REGION_CODE``, or if
    the regions have not been loaded.
    """
    key = (area or "").strip()
    if key not in AREA_TO_REGION_CODE:
        known = ", ".join(AREA_TO_REGION_CODE)
        raise ReferenceDataError(f"Unknown area {area!r}; expected one of: {known}")
    code = AREA_TO_REGION_CODE[key]
    if code is None:
        return None
    try:
        return Region.objects.get(code=code)
    except Region.DoesNotExist:
        raise ReferenceDataError(
            f"Region {code} is not loaded; run `manage.py load_organisations`"
        ) from None


def partnership_name(la_name: str, partnership_type: str) -> str:
    return f"{la_name} {PARTNERSHIP_SUFFIXES[partnership_type]}"


def load_reference_data(directory: str | Path | None = None) -> dict[str, int]:
    """Validate the reference CSV files, then upsert them; return counts by kind.

    The counts are of the reference records now in place (created or already there):
    ``region``, ``national``, ``icb``, ``police``, ``local_authority`` and ``partnership``.
    """
    data = _read_and_validate(Path(directory) if directory else REFERENCE_DIR)
    with transaction.atomic():
        return _Writer().write(data)


# --- reading and validation ------------------------------------------------------------


def _read_rows(directory: Path, filename: str, problems: list[Problem]):
    """Yield (line number, row) with stripped values; record file-level problems."""
    path = directory / filename
    if not path.is_file():
        problems.append(Problem(filename, None, f"file not found in {directory}"))
        return
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _COLUMNS[filename] if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(Problem(filename, 1, f"missing column(s): {', '.join(missing)}"))
            return
        for row in reader:
            if None in row:
                problems.append(Problem(filename, reader.line_num, "too many values"))
                continue
            if None in row.values():
                expected = len(reader.fieldnames)
                problems.append(
                    Problem(
                        filename,
                        reader.line_num,
                        f"too few values (expected {expected})",
                    )
                )
                continue
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}


def _check_unique(
    seen: dict[str, int], value: str, what: str, filename: str, line: int, problems
) -> None:
    if not value:
        return
    key = value.casefold()
    if key in seen:
        problems.append(
            Problem(
                filename,
                line,
                f"duplicate {what} {value!r} (first on line {seen[key]})",
            )
        )
    else:
        seen[key] = line


def _read_and_validate(directory: Path) -> _ReferenceData:
    problems: list[Problem] = []

    regions: list[_RegionRow] = []
    codes: dict[str, int] = {}
    names: dict[str, int] = {}
    for line, row in _read_rows(directory, REGIONS_FILE, problems):
        code, name = row["code"], row["name"]
        if not code:
            problems.append(Problem(REGIONS_FILE, line, "region code is empty"))
        if not name:
            problems.append(Problem(REGIONS_FILE, line, "region name is empty"))
        _check_unique(codes, code, "region code", REGIONS_FILE, line, problems)
        _check_unique(names, name, "region name", REGIONS_FILE, line, problems)
        if code and name:
            regions.append(_RegionRow(code, name))
    region_codes = {r.code for r in regions}

    icbs: list[_IcbRow] = []
    codes, names = {}, {}
    for line, row in _read_rows(directory, ICBS_FILE, problems):
        code, name, region_code = row["code"].upper(), row["name"], row["region_code"]
        reasons = []
        if not name:
            reasons.append("ICB name is empty")
        elif len(name) > _NAME_MAX:
            reasons.append(f"ICB name is longer than {_NAME_MAX} characters")
        if code and not _ODS_ICB_CODE.match(code):
            reasons.append(f"ICB code {code!r} is not a 3-character ODS code")
        if region_code not in region_codes:
            reasons.append(f"unknown region code {region_code!r}")
        problems.extend(Problem(ICBS_FILE, line, r) for r in reasons)
        _check_unique(codes, code, "ICB code", ICBS_FILE, line, problems)
        _check_unique(names, name, "ICB name", ICBS_FILE, line, problems)
        if name:  # kept even if invalid, so rows naming it are not reported too
            icbs.append(_IcbRow(code, name, region_code))
    icb_by_key = {i.name.casefold(): i for i in icbs}
    icb_by_key.update({i.code.casefold(): i for i in icbs if i.code})

    police: list[_PoliceRow] = []
    names = {}
    for line, row in _read_rows(directory, POLICE_FILE, problems):
        name, area = row["name"], row["area"]
        reasons = []
        if not name:
            reasons.append("police force name is empty")
        elif len(name) > _NAME_MAX:
            reasons.append(f"police force name is longer than {_NAME_MAX} characters")
        reasons.extend(_area_problems(area, region_codes))
        problems.extend(Problem(POLICE_FILE, line, r) for r in reasons)
        _check_unique(names, name, "police force", POLICE_FILE, line, problems)
        if name:  # kept even if invalid, so rows naming it are not reported too
            police.append(_PoliceRow(name, area, AREA_TO_REGION_CODE.get(area)))
    police_names = {p.name.casefold(): p.name for p in police}

    local_authorities: list[_LocalAuthorityRow] = []
    codes, names = {}, {}
    for line, row in _read_rows(directory, LOCAL_AUTHORITIES_FILE, problems):
        code, name, area = row["code"].upper(), row["name"], row["area"]
        icb = icb_by_key.get(row["icb_code_or_name"].casefold())
        force = police_names.get(row["police_force"].casefold())
        reasons = []
        if not name:
            reasons.append("local authority name is empty")
        elif len(name) > _LA_NAME_MAX:
            reasons.append(f"local authority name is longer than {_LA_NAME_MAX} characters")
        if code and not _GSS_UPPER_TIER_CODE.match(code):
            reasons.append(f"code {code!r} is not an upper-tier GSS code (E06/E08/E09/E10)")
        if icb is None:
            reasons.append(f"unknown ICB {row['icb_code_or_name']!r}")
        if force is None:
            reasons.append(f"unknown police force {row['police_force']!r}")
        reasons.extend(_area_problems(area, region_codes))
        problems.extend(Problem(LOCAL_AUTHORITIES_FILE, line, r) for r in reasons)
        _check_unique(codes, code, "GSS code", LOCAL_AUTHORITIES_FILE, line, problems)
        _check_unique(names, name, "local authority", LOCAL_AUTHORITIES_FILE, line, problems)
        if not reasons:
            local_authorities.append(_LocalAuthorityRow(code, name, icb.name, force, area))

    if problems:
        raise ReferenceDataError(
            f"Reference data in {directory} has {len(problems)} problem(s); nothing was loaded.",
            problems,
        )
    return _ReferenceData(regions, icbs, police, local_authorities)


def _area_problems(area: str, region_codes: set[str]) -> list[str]:
    if area not in AREA_TO_REGION_CODE:
        return [f"unknown area {area!r} (expected one of: {', '.join(AREA_TO_REGION_CODE)})"]
    code = AREA_TO_REGION_CODE[area]
    if code is not None and code not in region_codes:
        return [f"area {area!r} maps to region {code}, which {REGIONS_FILE} does not define"]
    return []


# --- writing ---------------------------------------------------------------------------


class _Writer:
    """Upserts validated reference data. Call inside a transaction."""

    def __init__(self):
        self.by_name: dict[tuple[str, str, str], Organisation] = {}
        self.by_code: dict[tuple[str, str], Organisation] = {}
        for org in Organisation.objects.filter(
            kind__in=[
                Organisation.Kind.NATIONAL,
                Organisation.Kind.ICB,
                Organisation.Kind.POLICE,
                Organisation.Kind.LOCAL_AUTHORITY,
                Organisation.Kind.PARTNERSHIP,
            ]
        ):
            self.by_name[(org.kind, org.partnership_type, org.name)] = org
            if org.code:
                self.by_code.setdefault((org.kind, org.code), org)

    def write(self, data: _ReferenceData) -> dict[str, int]:
        regions = {row.code: self._upsert_region(row) for row in data.regions}
        K = Organisation.Kind

        self._upsert(K.NATIONAL, NATIONAL_BODY_NAME)

        icbs = {
            row.name: self._upsert(
                K.ICB, row.name, code=row.code, region_id=regions[row.region_code].pk
            )
            for row in data.icbs
        }

        police = {
            row.name: self._upsert(
                K.POLICE,
                row.name,
                region_id=regions[row.region_code].pk if row.region_code else None,
                area=row.area,
            )
            for row in data.police
        }

        wanted_members: dict[int, set[int]] = {}
        for row in data.local_authorities:
            icb = icbs[row.icb_name]
            shared = {"region_id": icb.region_id, "icb_id": icb.pk, "area": row.area}
            la = self._upsert(K.LOCAL_AUTHORITY, row.name, code=row.code, **shared)
            members = {la.pk, icb.pk, police[row.police_force].pk}
            for partnership_type in PARTNERSHIP_SUFFIXES:
                partnership = self._upsert(
                    K.PARTNERSHIP,
                    partnership_name(row.name, partnership_type),
                    partnership_type=partnership_type,
                    **shared,
                )
                wanted_members[partnership.pk] = members
        self._sync_members(wanted_members)

        return {
            "region": len(regions),
            K.NATIONAL.value: 1,
            K.ICB.value: len(icbs),
            K.POLICE.value: len(police),
            K.LOCAL_AUTHORITY.value: len(data.local_authorities),
            K.PARTNERSHIP.value: len(wanted_members),
        }

    @staticmethod
    def _upsert_region(row: _RegionRow) -> Region:
        region = Region.objects.filter(code=row.code).first()
        if region is None:
            return Region.objects.create(code=row.code, name=row.name)
        if region.name != row.name:
            region.name = row.name
            region.save(update_fields=["name"])
        return region

    def _upsert(self, kind: str, name: str, partnership_type: str = "", **fields) -> Organisation:
        """Find by (kind, code) when a code is given, else by (kind, type, name)."""
        fields.setdefault("code", "")
        fields.setdefault("region_id", None)
        fields.setdefault("icb_id", None)
        fields.setdefault("area", "")
        org = None
        if fields["code"]:
            org = self.by_code.get((kind, fields["code"]))
        if org is None:
            org = self.by_name.get((kind, partnership_type, name))
        if org is None:
            org = Organisation.objects.create(
                kind=kind, partnership_type=partnership_type, name=name, **fields
            )
        else:
            wanted = {"name": name, **fields}
            changed = [f for f, value in wanted.items() if getattr(org, f) != value]
            if changed:
                for f in changed:
                    setattr(org, f, wanted[f])
                org.save(update_fields=changed)
        self.by_name[(kind, partnership_type, name)] = org
        if org.code:
            self.by_code[(kind, org.code)] = org
        return org

    @staticmethod
    def _sync_members(wanted: dict[int, set[int]]) -> None:
        through = Organisation.members.through
        existing = through.objects.filter(from_organisation_id__in=wanted).values_list(
            "id", "from_organisation_id", "to_organisation_id", "to_organisation__kind"
        )
        have: set[tuple[int, int]] = set()
        stale: list[int] = []
        for link_id, partnership_id, member_id, member_kind in existing:
            have.add((partnership_id, member_id))
            if member_id not in wanted[partnership_id] and member_kind in _REFERENCE_MEMBER_KINDS:
                stale.append(link_id)
        if stale:
            through.objects.filter(id__in=stale).delete()
        missing = [
            through(from_organisation_id=p, to_organisation_id=m)
            for p, members in wanted.items()
            for m in sorted(members)
            if (p, m) not in have
        ]
        through.objects.bulk_create(missing)
