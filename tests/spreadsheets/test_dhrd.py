"""The Domestic Homicide Review Dataset imports as 647 published DHRs (one import per run:
every fact is checked in one test, so the 647 rows are written once)."""

import csv
import datetime
import os
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count

from safeguarding.audit.models import AuditEvent
from safeguarding.indexing import _Batch
from safeguarding.organisations.models import Organisation
from safeguarding.organisations.reference import AREA_TO_REGION_CODE, load_reference_data
from safeguarding.reviews.models import Review
from safeguarding.spreadsheets import dhrd

DHRD_DIR = Path(os.environ.get("DHRD_DIR") or settings.BASE_DIR.parent / "shared" / "data" / "dhrd")


def themes(review):
    return (
        sorted(t.code for t in review.primary_themes),
        sorted(t.code for t in review.secondary_themes),
    )


def _indexing_batches(callbacks):
    """The distinct batches of records an import announced for search indexing."""
    return {cb.__self__ for cb in callbacks if getattr(cb, "__func__", None) is _Batch.send}


@pytest.mark.django_db
def test_import_dhrd_end_to_end(django_capture_on_commit_callbacks):
    with (DHRD_DIR / "incidents.csv").open(newline="", encoding="utf-8-sig") as handle:
        incidents = list(csv.DictReader(handle))
    assert len(incidents) == 647
    load_reference_data()
    organisations_before = Organisation.objects.count()
    reference_hartlepool = Organisation.objects.get(name="Hartlepool Community Safety Partnership")
    pairs = {(row["csp"], row["region"]) for row in incidents}
    new_pairs = {
        (csp, area)
        for csp, area in pairs
        if not Organisation.objects.filter(
            name=f"{csp} Community Safety Partnership", area=area
        ).exists()
    }

    out = StringIO()
    with django_capture_on_commit_callbacks() as callbacks:
        call_command("import_dhrd", str(DHRD_DIR), stdout=out)
    output = out.getvalue()
    imported = Review.objects.filter(source="dhrd")

    # One search indexing batch (one task, after the commit) for the whole import.
    (batch,) = _indexing_batches(callbacks)
    assert batch.records == {("review", pk) for pk in imported.values_list("pk", flat=True)}

    # Every incident is one published DHR.
    assert imported.count() == 647
    assert set(imported.values_list("review_type", flat=True)) == {"dhr"}
    assert set(imported.values_list("publication_status", flat=True)) == {"published"}
    assert "Created 647 DHR reviews" in output

    # Counts by the dataset's region equal those computed from incidents.csv...
    expected_by_area = Counter(row["region"] for row in incidents)
    by_area = dict(imported.values_list("partnership__area").annotate(n=Count("id")).order_by())
    assert by_area == dict(expected_by_area)
    for area, count in expected_by_area.items():
        assert f"  {area}: {count}" in output

    # ...and by NHS England region, the sums of the areas each region covers (Wales: none),
    # except where a reused reference partnership's ICB is in another NHS region: Milton
    # Keynes is in the South East (ONS) but its ICB (BLMK) is in the East of England.
    by_region = dict(imported.values_list("region__code").annotate(n=Count("id")).order_by())
    moved = Counter(
        (r.partnership.name, r.partnership.area, r.region.code if r.region else None)
        for r in imported.select_related("partnership", "region")
        if (r.region.code if r.region else None) != AREA_TO_REGION_CODE[r.partnership.area]
    )
    assert set(moved) == {("Milton Keynes Community Safety Partnership", "South East", "Y61")}
    expected_by_region = Counter()
    for area, count in expected_by_area.items():
        expected_by_region[AREA_TO_REGION_CODE[area]] += count
    for (_, area, code), count in moved.items():
        expected_by_region[AREA_TO_REGION_CODE[area]] -= count
        expected_by_region[code] += count
    assert by_region == dict(expected_by_region)
    assert by_region[None] == expected_by_area["Wales"] == 29

    # Partnerships: the reference CSP where name and area match, else a new one.
    hartlepool = imported.get(
        source_id__in=[r["incident_id"] for r in incidents if r["csp"] == "Hartlepool"][:1]
    )
    assert hartlepool.partnership == reference_hartlepool
    lincoln = imported.get(source_id="INC-0001").partnership
    assert (lincoln.name, lincoln.area, lincoln.region.code, lincoln.icb) == (
        "Lincoln Community Safety Partnership",
        "East Midlands",
        "Y60",
        None,
    )
    cardiff = Organisation.objects.get(name="Cardiff Community Safety Partnership")
    assert (cardiff.kind, cardiff.partnership_type, cardiff.area, cardiff.region) == (
        "partnership",
        "csp",
        "Wales",
        None,
    )

    # One row, read by hand from the CSV files.
    first = imported.get(source_id="INC-0001")
    assert first.title == "DHR INC-0001"
    assert first.reference == "DHRD-INC-0001"
    assert first.incident_date == datetime.date(2018, 9, 1)
    assert first.date_precision == {"incident_date": "month"}
    assert first.describe_date("incident_date") == "September 2018"
    assert "first of" not in first.comments and "month and year" not in first.comments
    assert "10.5281/zenodo.21108268" in first.comments
    assert first.source_data["relationship"] == "Common-law spouse"
    assert first.source_data["sex"] == "Female"
    assert first.source_data["age_band"] == "Unknown"
    assert first.source_data["area"] == "East Midlands"
    assert first.source_data["incident"]["cause_of_death"] == "fall to a hard surface"
    assert first.source_data["victim"]["victim_ethnicity"] == "White - British"
    assert set(first.source_data["tags"]) == {
        "intimate_partner_violence",
        "coercive_control",
        "physical_abuse",
        "emotional_abuse",
        "victim_vuln_housing",
        "victim_vuln_other",
    }
    year_only = imported.get(source_id="INC-0055")
    assert year_only.incident_date == datetime.date(2020, 1, 1)
    assert year_only.date_precision == {"incident_date": "year"}
    assert year_only.describe_date("incident_date") == "2020"
    assert "1 January" not in year_only.comments

    # Tags mapped to themes: domestic-abuse always primary, then two in a fixed order.
    assert themes(first) == (
        ["domestic-abuse", "housing-homelessness", "physical-abuse"],
        ["emotional-abuse"],
    )
    assert themes(imported.get(source_id="INC-0002")) == (
        ["domestic-abuse", "mental-health", "suicide-self-harm"],
        ["emotional-abuse", "housing-homelessness", "physical-abuse", "substance-misuse"],
    )
    assert themes(imported.get(source_id="INC-0004")) == (
        ["domestic-abuse", "housing-homelessness", "think-family"],
        ["emotional-abuse", "physical-abuse"],
    )
    two_victims = imported.get(source_id="INC-0008")
    assert themes(two_victims) == (["domestic-abuse"], [])
    assert two_victims.source_data["victim"] is None
    assert "More than one victim" in two_victims.case_information
    for review in imported.prefetch_related("review_themes"):
        primary = [rt for rt in review.review_themes.all() if rt.is_primary]
        assert 1 <= len(primary) <= 3
    honour = [r["incident_id"] for r in incidents if r["honour_based_violence"] == "True"]
    for review in imported.filter(source_id__in=honour):
        assert "race-culture-identity" in sum(themes(review), [])

    # Audited as one import, through the same path as a spreadsheet.
    event = AuditEvent.objects.get(action="import")
    assert event.details["count"] == 647 and event.details["source"] == "dhrd"
    assert AuditEvent.objects.filter(action="create", object_type="review").count() == 647

    # Re-running creates nothing new.
    organisations_after = Organisation.objects.count()
    assert organisations_after - organisations_before == len(new_pairs) == 87
    assert f"{len(new_pairs)} community safety partnerships added" in output
    out = StringIO()
    call_command("import_dhrd", str(DHRD_DIR), stdout=out)
    assert "Created 0 DHR reviews; 647 were already imported" in out.getvalue()
    assert Review.objects.filter(source="dhrd").count() == 647
    assert Organisation.objects.count() == organisations_after
    assert AuditEvent.objects.filter(action="import").count() == 1


@pytest.mark.django_db
def test_import_dhrd_needs_reference_data_and_the_files(tmp_path):
    with pytest.raises(CommandError, match="load_organisations"):
        call_command("import_dhrd", str(DHRD_DIR), stdout=StringIO())
    load_reference_data()
    with pytest.raises(CommandError, match="not found"):
        call_command("import_dhrd", str(tmp_path), stdout=StringIO())
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_bad_rows_in_the_dataset_are_reported_and_nothing_is_written(tmp_path):
    load_reference_data()
    header = "incident_id,csp,region,death_date,coercive_control\n"
    (tmp_path / "incidents.csv").write_text(
        header
        + "INC-1,Hartlepool,North East,May 2020,True\n"
        + "INC-2,Somewhere,Atlantis,May 2020,True\n"
        + "INC-3,Cardiff,Wales,Maybe 2020,perhaps\n",
        encoding="utf-8",
    )
    (tmp_path / "victims.csv").write_text("victim_id,incident_id\n", encoding="utf-8")
    before = Organisation.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("import_dhrd", str(tmp_path), stdout=StringIO())
    message = str(error.value)
    assert "line 3: incidents.csv region: unknown region" in message
    assert "line 4: incidents.csv death_date" in message
    assert "line 4: incidents.csv coercive_control: must be True, False or blank" in message
    assert not Review.objects.exists()
    assert Organisation.objects.count() == before


def test_theme_table_is_complete():
    from safeguarding.themes.taxonomy import THEME_CODES

    for codes in dhrd.TAG_THEMES.values():
        assert set(codes) <= THEME_CODES
    assert set(dhrd.PRIMARY_ORDER) | {dhrd.ALWAYS_PRIMARY} == {
        code for codes in dhrd.TAG_THEMES.values() for code in codes
    }


def test_incident_date_keeps_the_precision_the_dataset_gives():
    from safeguarding.spreadsheets.dhrd import incident_date

    assert incident_date("September 2018") == (datetime.date(2018, 9, 1), "month")
    assert incident_date("2015") == (datetime.date(2015, 1, 1), "year")
    assert incident_date("") == (None, "")
    for text in ("Maybe 2020", "13/2020", "1850"):
        with pytest.raises(ValueError):
            incident_date(text)
