import datetime

import pytest
from django.urls import reverse

from safeguarding import indexing
from safeguarding.audit.models import AuditEvent
from safeguarding.reviews.models import Review
from safeguarding.search import services as search_services
from safeguarding.search.models import Passage
from safeguarding.spreadsheets import columns, services
from safeguarding.spreadsheets.models import ImportBatch
from safeguarding.versioning import StaleEdit

from .conftest import (
    CAMDEN_SCP,
    HARTLEPOOL_SAB,
    HARTLEPOOL_SCP,
    csv_bytes,
    good_row,
    upload_file,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def run(user, content, name="tracker.csv"):
    batch = services.upload(user, upload_file(content, name))
    return batch, services.dry_run(user, batch.pk)


# --- dry run and commit ----------------------------------------------------------------


def test_one_bad_row_among_good_ones_writes_nothing_and_is_listed(icb_user):
    rows = [good_row(1), good_row(2, **{"Type of review": "lspr"}), good_row(3)]
    batch, result = run(icb_user, csv_bytes(rows))
    assert result.row_count == 3
    assert [(e["line"], e["column"], e["value"]) for e in result.errors] == [
        (3, "Type of review", "lspr")
    ]
    assert "Unknown type of review 'lspr'" in result.errors[0]["message"]

    before = Review.objects.count()
    outcome = services.commit(icb_user, batch.pk)
    assert not outcome.ok
    assert outcome.errors == result.errors
    assert Review.objects.count() == before
    assert not AuditEvent.objects.filter(action="import").exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.error_count == 1


def test_an_import_is_indexed_for_search_in_one_batch_after_its_commit(
    icb_user, settings, django_capture_on_commit_callbacks
):
    settings.SEARCH_ENCODER = "static"
    batches = []

    def announced(sender, records, **kwargs):
        batches.append(records)

    rows = [good_row(n) for n in range(1, 5)]
    batch, result = run(icb_user, csv_bytes(rows))
    indexing.text_changed.connect(announced)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert services.commit(icb_user, batch.pk).ok
            assert not Passage.objects.exists()  # not inside the import's transaction
    finally:
        indexing.text_changed.disconnect(announced)
    imported = Review.objects.filter(source=f"import:{batch.pk}")
    assert batches == [
        [["review", pk] for pk in imported.order_by("pk").values_list("pk", flat=True)]
    ]
    assert search_services.search(icb_user, "child").total == 4  # the titles "Child 1"...


def test_every_bad_row_is_listed_not_just_the_first(icb_user):
    rows = [
        good_row(1, **{"Title": ""}),
        good_row(2),
        good_row(3, **{"Date of incident": "31/02/2023"}),
        good_row(4, **{"Primary themes": "neglect; no-such-theme"}),
    ]
    _, result = run(icb_user, csv_bytes(rows))
    assert [e["line"] for e in result.errors] == [2, 4, 5]
    assert result.errors[0]["message"] == "Enter the title"
    assert result.errors[1]["message"] == "The date of incident must be a real date"
    assert result.ready == 0


def test_clean_import_creates_every_row_with_themes_and_audit(icb_user, orgs):
    rows = [good_row(n) for n in range(1, 4)]
    batch, result = run(icb_user, csv_bytes(rows))
    assert result.ok and result.ready == 3

    outcome = services.commit(icb_user, batch.pk)
    assert outcome.ok and len(outcome.created) == 3
    reviews = Review.objects.filter(source=f"import:{batch.pk}").order_by("source_id")
    assert reviews.count() == 3
    review = reviews.get(reference="HSCP-001")
    assert review.partnership == orgs["hartlepool_scp"]
    assert review.icb == orgs["qhm"]
    assert review.region.code == "Y63"
    assert review.created_by == icb_user
    assert review.source_id == "2"
    assert review.incident_date == datetime.date(2023, 1, 15)
    assert review.published_date == datetime.date(2023, 11, 20)
    assert sorted(t.code for t in review.primary_themes) == ["information-sharing", "neglect"]
    assert [t.code for t in review.secondary_themes] == ["think-family"]

    assert AuditEvent.objects.filter(action="create", object_type="review").count() == 3
    event = AuditEvent.objects.get(action="import")
    assert event.object_type == "importbatch" and event.details["count"] == 3
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED and batch.created_count == 3

    with pytest.raises(services.BatchError):
        services.commit(icb_user, batch.pk)
    assert Review.objects.count() == 3


def test_unknown_theme_and_unknown_or_out_of_scope_partnership_are_reported(icb_user):
    rows = [
        good_row(1, **{"Primary themes": "neglect; domestic abusee; Neglect"}),
        good_row(2, partnership="Hartlepool Safeguarding Children Partnershp"),
        good_row(3, partnership=CAMDEN_SCP),  # real, but in another ICB's area
        good_row(4, partnership=HARTLEPOOL_SCP.upper()),  # same name, other case: fine
    ]
    _, result = run(icb_user, csv_bytes(rows))
    by_line = {e["line"]: e["message"] for e in result.errors}
    assert set(by_line) == {2, 3, 4}
    assert by_line[2].startswith("Unknown theme 'domestic abusee'")
    assert by_line[3].startswith(
        "Partnership 'Hartlepool Safeguarding Children Partnershp' is not one you can "
        "record reviews for"
    )
    assert by_line[4].startswith(
        f"Partnership '{CAMDEN_SCP}' is not one you can record reviews for"
    )


def test_published_before_incident_is_refused_with_a_reason(icb_user):
    rows = [good_row(1, **{"Date of incident": "2024-05-01", "Date published": "2024-01-10"})]
    _, result = run(icb_user, csv_bytes(rows))
    (error,) = result.errors
    assert error["line"] == 2 and error["column"] == "Date published"
    assert error["message"] == (
        "The date published must be the same as or after the date of incident (1 May 2024)"
    )


def test_other_rules_of_the_review_form_apply(icb_user, orgs):
    rows = [
        good_row(1, **{"Primary themes": "neglect;self-neglect;physical-abuse;sexual-abuse"}),
        good_row(2, **{"Local reference": "HSCP-001"}),  # same as line 2
        good_row(3, **{"Publication status": "Published", "Date published": ""}),
        good_row(4, **{"Date of incident": "2999-01-01", "Date published": ""}),
        good_row(5, **{"Publication status": "maybe"}),
        good_row(6, **{"Date of incident": "15/3/24"}),
    ]
    Review.objects.create(
        title="Existing",
        review_type="lcspr",
        reference="HSCP-006",
        partnership=orgs["hartlepool_scp"],
        icb=orgs["qhm"],
    )
    _, result = run(icb_user, csv_bytes(rows))
    by_line = {}
    for e in result.errors:
        by_line.setdefault(e["line"], []).append(e["message"])
    assert "Give no more than 3 primary themes" in by_line[2][0]
    assert by_line[3] == [
        "Local reference 'HSCP-001' is also used on line 2; each review needs its own"
    ]
    assert by_line[4] == [
        "The publication status is published but there is no date published: "
        "add the date published, or change the status"
    ]
    assert any("must be today or in the past" in m for m in by_line[5])
    assert by_line[6][0].startswith("Unknown publication status 'maybe'")
    assert by_line[7] == [
        "A review with local reference 'HSCP-006' is already recorded. To change it from "
        "this file, choose to update the reviews already recorded",
        "The year of the date of incident must have 4 numbers, like 15/03/2024",
    ]


def test_labels_codes_icb_and_conversion_in_the_same_file(icb_user, orgs):
    header = ["Name", "Review type", "Ref", "Partnership", "ICB", "Converted from", "Inquest"]
    rows = [
        ["Adult Q", "Safeguarding adults review", "SAR-1", HARTLEPOOL_SAB, "qhm", "", "Under way"],
        ["Child R", "lcspr", "LC-1", HARTLEPOOL_SCP, orgs["qhm"].name, "RR-1", "none"],
        ["Child R", "rapid", "RR-1", HARTLEPOOL_SCP, "", "", ""],
    ]
    batch = services.upload(icb_user, upload_file(csv_bytes(rows, header=header)))
    assert batch.mapping == {
        "Name": "title",
        "Review type": "review_type",
        "Ref": "reference",
        "Partnership": "partnership",
        "ICB": "icb",
        "Converted from": "converted_from",
        "Inquest": "inquest",
    }
    outcome = services.commit(icb_user, batch.pk)
    assert outcome.ok, outcome.errors
    sar = Review.objects.get(reference="SAR-1")
    assert sar.review_type == "sar" and sar.inquest == "pending" and sar.icb == orgs["qhm"]
    lcspr = Review.objects.get(reference="LC-1")
    assert lcspr.converted_from == Review.objects.get(reference="RR-1")


def test_conversion_must_come_from_a_rapid_review(icb_user):
    header = ["Title", "Type", "Reference", "Partnership", "Converted from"]
    rows = [
        ["Child S", "lcspr", "A", HARTLEPOOL_SCP, "B"],
        ["Child S", "sin", "B", HARTLEPOOL_SCP, ""],
        ["Child T", "lcspr", "C", HARTLEPOOL_SCP, "NOPE"],
    ]
    _, result = run(icb_user, csv_bytes(rows, header=header))
    assert [(e["line"], e["message"]) for e in result.errors] == [
        (2, "'B' is not a rapid review, so nothing can be converted from it"),
        (4, "No rapid review with local reference 'NOPE' is recorded or in this file"),
    ]


def test_xlsx_import_with_date_cells(icb_user):
    rows = [good_row(1), good_row(2)]
    rows[0][4] = datetime.datetime(2022, 6, 1)
    rows[1][4] = datetime.date(2022, 7, 2)
    batch, result = run(icb_user, xlsx_bytes(rows), name="tracker.xlsx")
    assert batch.file_format == "xlsx"
    assert result.ok, result.errors
    services.commit(icb_user, batch.pk)
    assert Review.objects.get(reference="HSCP-001").incident_date == datetime.date(2022, 6, 1)
    assert Review.objects.get(reference="HSCP-002").incident_date == datetime.date(2022, 7, 2)


# --- mapping ---------------------------------------------------------------------------


def test_suggest_mapping_matches_headings_and_synonyms():
    mapping = columns.suggest_mapping(
        ["Case name", "TYPE", "StEIS ref", "Safeguarding Partnership Board", "Date added", "x"]
    )
    assert mapping == {
        "Case name": "title",
        "TYPE": "review_type",
        "StEIS ref": "steis_number",
        "Safeguarding Partnership Board": "partnership",
        "Date added": "decision_date",
    }


def test_save_mapping_checks_required_columns_headings_and_version(icb_user):
    header = ["Review", "Kind", "Body", "Remarks"]
    content = csv_bytes([["Child A", "lcspr", HARTLEPOOL_SCP, "x"]], header=header)
    batch = services.upload(icb_user, upload_file(content))
    assert batch.mapping == {}
    with pytest.raises(services.MappingError) as error:
        services.dry_run(icb_user, batch.pk)
    assert set(error.value.errors) == {"review_type", "partnership"}

    with pytest.raises(services.MappingError) as error:
        services.save_mapping(
            icb_user,
            batch.pk,
            {"Review": "title", "Kind": "title", "Nope": "partnership", "Body": "review_type"},
            1,
        )
    assert "takes one column" in error.value.errors["Kind"]
    assert error.value.errors["partnership"] == "The file has no column headed 'Nope'"

    wanted = {
        "Review": "title",
        "Kind": "review_type",
        "Body": "partnership",
        "Remarks": "comments",
    }
    batch = services.save_mapping(icb_user, batch.pk, wanted, 1)
    assert batch.version == 2 and batch.mapping == wanted
    with pytest.raises(StaleEdit):
        services.save_mapping(icb_user, batch.pk, {**wanted, "Remarks": ""}, 1)
    assert services.dry_run(icb_user, batch.pk).ready == 1


def test_mapping_step_in_the_browser(client, icb_user):
    client.force_login(icb_user)
    header = ["Review", "Kind", "Body"]
    content = csv_bytes([["Child A", "lcspr", HARTLEPOOL_SCP]], header=header)
    response = client.post(reverse("spreadsheets:upload"), {"file": upload_file(content)})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("spreadsheets:mapping", args=[batch.pk])

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Which column is which" in page.content.decode()
    assert "Child A" in page.content.decode()  # sample values help choose

    missing = client.post(response["Location"], {"version": batch.version, "column_0": "title"})
    body = missing.content.decode()
    assert missing.status_code == 400
    assert "There is a problem" in body
    assert "Choose the column that holds the type of review" in body

    twice = client.post(
        response["Location"],
        {"version": batch.version, "column_0": "title", "column_1": "title"},
    )
    assert twice.status_code == 400
    assert 'href="#id_column_1"' in twice.content.decode()

    saved = client.post(
        response["Location"],
        {
            "version": batch.version,
            "column_0": "title",
            "column_1": "review_type",
            "column_2": "partnership",
        },
    )
    assert saved.status_code == 302
    assert saved["Location"] == reverse("spreadsheets:values", args=[batch.pk])
    values = client.get(saved["Location"])  # nothing to decide: straight on to the check
    assert values.status_code == 302
    check = client.get(values["Location"])
    assert check.status_code == 200
    assert "1 review is ready to import" in check.content.decode()
    assert Review.objects.count() == 0

    done = client.post(reverse("spreadsheets:commit", args=[batch.pk]))
    assert done.status_code == 302
    assert Review.objects.filter(title="Child A").count() == 1
    final = client.get(done["Location"])
    assert "1 review imported" in final.content.decode()


def test_dry_run_page_lists_bad_rows(client, icb_user):
    client.force_login(icb_user)
    rows = [good_row(1), good_row(2, **{"Primary themes": "neglect;made-up"})]
    client.post(reverse("spreadsheets:upload"), {"file": upload_file(csv_bytes(rows))})
    batch = ImportBatch.objects.get()
    page = client.get(reverse("spreadsheets:check", args=[batch.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "1 row cannot be imported" in body
    assert "Unknown theme &#39;made-up&#39;" in body
    assert '<td class="nhsuk-table__cell">3</td>' in body
    commit = client.post(reverse("spreadsheets:commit", args=[batch.pk]))
    assert commit.status_code == 400
    assert Review.objects.count() == 0
    errors_csv = client.get(reverse("spreadsheets:result", args=[batch.pk]), {"download": "errors"})
    assert errors_csv.status_code == 200
    assert "made-up" in errors_csv.content.decode("utf-8-sig")


# --- who may do what -------------------------------------------------------------------


def test_another_users_batch_is_404_and_readers_cannot_import(
    client, icb_user, london_user, reader
):
    batch = services.upload(icb_user, upload_file(csv_bytes([good_row(1)])))
    client.force_login(london_user)
    for name in ("result", "mapping", "check"):
        assert client.get(reverse(f"spreadsheets:{name}", args=[batch.pk])).status_code == 404
    errors_url = reverse("spreadsheets:result", args=[batch.pk])
    assert client.get(errors_url, {"download": "errors"}).status_code == 404
    assert client.post(reverse("spreadsheets:commit", args=[batch.pk])).status_code == 404
    assert Review.objects.count() == 0

    client.force_login(reader)
    home = client.get(reverse("spreadsheets:home"))
    assert home.status_code == 200
    assert "can export reviews but not import them" in home.content.decode()
    response = client.post(
        reverse("spreadsheets:upload"), {"file": upload_file(csv_bytes([good_row(1)]))}
    )
    assert response.status_code == 403
    assert client.get(reverse("spreadsheets:check", args=[batch.pk])).status_code == 403
    with pytest.raises(services.NotAllowed):
        services.upload(reader, upload_file(csv_bytes([good_row(1)])))
