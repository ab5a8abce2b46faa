import csv
import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from safeguarding.organisations.models import Organisation, Region
from safeguarding.organisations.reference import (
    AREA_TO_REGION_CODE,
    REFERENCE_DIR,
    ReferenceDataError,
    load_reference_data,
    region_for_area,
)

K = Organisation.Kind
PT = Organisation.PartnershipType

EXPECTED_COUNTS = {
    "region": 7,
    "national": 1,
    "icb": 42,
    "police": 39,
    "local_authority": 153,
    "partnership": 153 * 3,
}

# The spellings of the `region` column of the Domestic Homicide Review Dataset.
DHRD_AREAS = [
    "East",
    "East Midlands",
    "Greater London",
    "North East",
    "North West",
    "South East",
    "South West",
    "Wales",
    "West Midlands",
    "Yorkshire and Humber",
]
DHRD_INCIDENTS = Path(os.environ.get("DHRD_INCIDENTS_CSV", "/work/shared/data/dhrd/incidents.csv"))


@pytest.fixture
def loaded(db):
    return load_reference_data()


def snapshot():
    """Everything the loader writes, as comparable values."""
    regions = sorted(Region.objects.values_list("id", "code", "name"))
    orgs = sorted(
        Organisation.objects.values_list(
            "id",
            "name",
            "kind",
            "partnership_type",
            "code",
            "region_id",
            "icb_id",
            "area",
        )
    )
    members = sorted(
        Organisation.members.through.objects.values_list(
            "from_organisation_id", "to_organisation_id"
        )
    )
    return regions, orgs, members


def copy_reference(tmp_path):
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, directory)
    return directory


def replace_in_line(path, line_number, old, new):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line_number - 1]
    lines[line_number - 1] = lines[line_number - 1].replace(old, new)
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.django_db
def test_returns_counts_by_kind(loaded):
    assert loaded == EXPECTED_COUNTS
    assert Organisation.objects.count() == sum(EXPECTED_COUNTS.values()) - 7


@pytest.mark.django_db
def test_seven_nhs_england_regions(loaded):
    assert dict(Region.objects.values_list("code", "name")) == {
        "Y56": "London",
        "Y58": "South West",
        "Y59": "South East",
        "Y60": "Midlands",
        "Y61": "East of England",
        "Y62": "North West",
        "Y63": "North East and Yorkshire",
    }


@pytest.mark.django_db
def test_national_body(loaded):
    nhse = Organisation.objects.get(kind=K.NATIONAL)
    assert nhse.name == "NHS England"
    assert nhse.region is None


@pytest.mark.django_db
def test_forty_two_icbs_each_with_a_region(loaded):
    icbs = Organisation.objects.filter(kind=K.ICB)
    assert icbs.count() == 42
    assert not icbs.filter(region__isnull=True).exists()
    assert all(icb.name.startswith("NHS ") for icb in icbs)
    assert all(icb.name.endswith(" Integrated Care Board") for icb in icbs)
    assert not icbs.exclude(area="").exists()
    codes = [icb.code for icb in icbs if icb.code]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 3 for code in codes)
    lsc = icbs.get(name="NHS Lancashire and South Cumbria Integrated Care Board")
    assert (lsc.code, lsc.region.code) == ("QE1", "Y62")
    # Every region has at least one ICB.
    assert Region.objects.filter(organisations__kind=K.ICB).distinct().count() == 7


@pytest.mark.django_db
def test_police_forces_take_their_region_from_their_area(loaded):
    forces = Organisation.objects.filter(kind=K.POLICE).select_related("region")
    assert forces.count() == 39
    for force in forces:
        assert force.area in AREA_TO_REGION_CODE
        assert force.region.code == AREA_TO_REGION_CODE[force.area]


@pytest.mark.django_db
def test_every_local_authority_has_an_icb_and_its_region(loaded):
    las = Organisation.objects.filter(kind=K.LOCAL_AUTHORITY).select_related("icb")
    assert las.count() == 153
    for la in las:
        assert la.icb is not None, la
        assert la.icb.kind == K.ICB
        assert la.region_id == la.icb.region_id, la
        assert la.area in AREA_TO_REGION_CODE and la.area != "Wales", la
    codes = [la.code for la in las if la.code]
    assert len(codes) == len(set(codes))
    assert {code[:3] for code in codes} <= {"E06", "E08", "E09", "E10"}
    # The 2023 unitaries are there; the abolished counties are not.
    names = {la.name for la in las}
    assert {
        "Cumberland",
        "Westmorland and Furness",
        "North Yorkshire",
        "Somerset",
    } <= names
    assert not {"Cumbria", "Northamptonshire"} & names


@pytest.mark.django_db
def test_local_authority_in_an_icb_of_another_region(loaded):
    # Cumberland is in the North West, but its ICB (North East and North Cumbria)
    # is in NHS England's North East and Yorkshire region: the ICB's region wins.
    cumberland = Organisation.objects.get(kind=K.LOCAL_AUTHORITY, name="Cumberland")
    assert cumberland.area == "North West"
    assert cumberland.icb.code == "QHM"
    assert cumberland.region.code == "Y63"


@pytest.mark.django_db
def test_each_local_authority_has_three_partnerships_with_three_members(loaded):
    las = Organisation.objects.filter(kind=K.LOCAL_AUTHORITY)
    police_by_la = {}
    with (REFERENCE_DIR / "local_authorities.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            police_by_la[row["name"]] = row["police_force"]
    suffixes = {
        PT.CHILDREN: "Safeguarding Children Partnership",
        PT.ADULTS: "Safeguarding Adults Board",
        PT.COMMUNITY_SAFETY: "Community Safety Partnership",
    }
    for la in las:
        police = Organisation.objects.get(kind=K.POLICE, name=police_by_la[la.name])
        for partnership_type, suffix in suffixes.items():
            partnership = Organisation.objects.get(
                kind=K.PARTNERSHIP,
                partnership_type=partnership_type,
                name=f"{la.name} {suffix}",
            )
            assert set(partnership.members.all()) == {la, la.icb, police}
            assert (partnership.icb_id, partnership.region_id, partnership.area) == (
                la.icb_id,
                la.region_id,
                la.area,
            )
    assert Organisation.objects.filter(kind=K.PARTNERSHIP).count() == 3 * las.count()


@pytest.mark.django_db
def test_loading_twice_is_idempotent(loaded):
    before = snapshot()
    assert load_reference_data() == loaded
    assert snapshot() == before


@pytest.mark.django_db
def test_reload_keeps_members_added_by_people(loaded):
    provider = Organisation.objects.create(name="Example Community Trust", kind=K.PROVIDER)
    partnership = Organisation.objects.get(
        kind=K.PARTNERSHIP, name="Leeds Safeguarding Adults Board"
    )
    partnership.members.add(provider)
    load_reference_data()
    assert provider in partnership.members.all()
    assert partnership.members.count() == 4


@pytest.mark.django_db
def test_reload_applies_a_corrected_row(loaded, tmp_path):
    directory = copy_reference(tmp_path)
    la_file = directory / "local_authorities.csv"
    line = next(
        n for n, text in enumerate(la_file.read_text().splitlines(), start=1) if ",Halton," in text
    )
    replace_in_line(la_file, line, "Cheshire Constabulary", "Merseyside Police")
    assert load_reference_data(directory) == EXPECTED_COUNTS
    board = Organisation.objects.get(kind=K.PARTNERSHIP, name="Halton Safeguarding Adults Board")
    assert {m.name for m in board.members.filter(kind=K.POLICE)} == {"Merseyside Police"}
    assert Organisation.objects.filter(kind=K.LOCAL_AUTHORITY).count() == 153


@pytest.mark.django_db
def test_bad_rows_raise_naming_every_line_and_write_nothing(tmp_path):
    directory = copy_reference(tmp_path)
    replace_in_line(directory / "local_authorities.csv", 5, "Cleveland Police", "Atlantis Police")
    replace_in_line(directory / "icbs.csv", 3, "Y61", "Y99")
    replace_in_line(directory / "police_forces.csv", 10, "South West", "Narnia")

    with pytest.raises(ReferenceDataError) as caught:
        load_reference_data(directory)

    message = str(caught.value)
    assert "local_authorities.csv, line 5: unknown police force 'Atlantis Police'" in message
    assert "icbs.csv, line 3: unknown region code 'Y99'" in message
    assert "police_forces.csv, line 10: unknown area 'Narnia'" in message
    assert {(p.file, p.line) for p in caught.value.problems} >= {
        ("local_authorities.csv", 5),
        ("icbs.csv", 3),
        ("police_forces.csv", 10),
    }
    assert Region.objects.count() == 0
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_bad_row_on_reload_leaves_existing_data_alone(loaded, tmp_path):
    before = snapshot()
    directory = copy_reference(tmp_path)
    replace_in_line(directory / "local_authorities.csv", 2, "QHM", "NHS Nowhere ICB")
    with pytest.raises(ReferenceDataError, match=r"local_authorities.csv, line 2: unknown ICB"):
        load_reference_data(directory)
    assert snapshot() == before


@pytest.mark.django_db
def test_missing_file_is_reported(tmp_path):
    directory = copy_reference(tmp_path)
    (directory / "police_forces.csv").unlink()
    with pytest.raises(ReferenceDataError, match="police_forces.csv: file not found"):
        load_reference_data(directory)
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_region_for_area(loaded):
    assert region_for_area("North West").code == "Y62"
    assert region_for_area("Greater London").code == "Y56"
    assert region_for_area("East Midlands") == region_for_area("West Midlands")
    assert region_for_area("Wales") is None
    with pytest.raises(ReferenceDataError, match="Unknown area"):
        region_for_area("Narnia")


def test_area_mapping():
    assert AREA_TO_REGION_CODE == {
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
    assert set(DHRD_AREAS) <= set(AREA_TO_REGION_CODE)


@pytest.mark.skipif(not DHRD_INCIDENTS.is_file(), reason="DHRD incidents.csv not available")
def test_every_dhrd_region_spelling_is_a_known_area():
    with DHRD_INCIDENTS.open(encoding="utf-8") as handle:
        spellings = {row["region"] for row in csv.DictReader(handle)}
    assert spellings
    assert spellings <= set(AREA_TO_REGION_CODE), spellings - set(AREA_TO_REGION_CODE)


@pytest.mark.django_db
def test_management_command_prints_counts():
    out = StringIO()
    call_command("load_organisations", stdout=out)
    output = out.getvalue()
    assert "NHS England regions: 7" in output
    assert "Integrated care board: 42" in output
    assert "Safeguarding partnership: 459" in output
    assert Organisation.objects.filter(kind=K.LOCAL_AUTHORITY).count() == 153
