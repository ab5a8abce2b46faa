"""Importing a tracker again: rows already recorded update their review, shown first as a diff."""

import datetime

import pytest
from django.urls import reverse

from safeguarding.audit.models import AuditEvent
from safeguarding.reviews import services as review_services
from safeguarding.reviews.models import Review
from safeguarding.spreadsheets import services

from .conftest import CAMDEN_SCP, HARTLEPOOL_SCP, csv_bytes, good_row, make_user, upload_file

pytestmark = pytest.mark.django_db

HEADER = ["Local reference", "Type of review", "Safeguarding partnership", "Date published"]
HEADER += ["Publication status", "Primary themes", "Other themes", "Title"]


def row(n, **changes):
    values = {
        "Local reference": f"HSCP-{n:03d}",
        "Type of review": "lcspr",
        "Safeguarding partnership": HARTLEPOOL_SCP,
        "Date published": "",
        "Publication status": "not_yet",
        "Primary themes": "neglect",
        "Other themes": "",
        "Title": f"Child {n}",
    }
    values.update(changes)
    return [values[h] for h in HEADER]


def first_import(user, *rows):
    batch = services.upload(user, upload_file(csv_bytes(rows, header=HEADER)))
    assert services.commit(user, batch.pk).ok
    return {r.reference: r for r in Review.objects.all()}


def upload_again(user, *rows, update=True):
    batch = services.upload(user, upload_file(csv_bytes(rows, header=HEADER), "again.csv"))
    if update:
        batch = services.set_update_existing(user, batch.pk, True, batch.version)
    return batch


def test_rows_already_recorded_are_refused_with_a_way_to_update_them(client, icb_user):
    first_import(icb_user, row(1))
    batch = upload_again(icb_user, row(1), update=False)
    client.force_login(icb_user)
    page = client.get(reverse("spreadsheets:check", args=[batch.pk])).content.decode()
    assert "is already recorded. To change it from this file" in page
    assert "1 row is a review already recorded" in page
    assert reverse("spreadsheets:update-existing", args=[batch.pk]) in page


def test_an_update_is_shown_as_a_diff_and_then_saved_with_its_history(client, icb_user):
    recorded = first_import(icb_user, row(1), row(2))["HSCP-001"]
    changed = row(
        1,
        **{
            "Date published": "20/11/2024",
            "Publication status": "published",
            "Title": "",  # an empty cell leaves the title as it is
        },
    )
    batch = upload_again(icb_user, changed, row(2), row(3))
    client.force_login(icb_user)
    page = client.get(reverse("spreadsheets:check", args=[batch.pk])).content.decode()
    assert "1 new review and 1 update ready to import" in page
    assert "Changes to reviews already recorded" in page
    assert "Date published" in page and "20 November 2024" in page
    assert "No change" in page  # line 3, HSCP-002, is as recorded
    assert Review.objects.get(pk=recorded.pk).published_date is None  # nothing saved yet

    response = client.post(reverse("spreadsheets:commit", args=[batch.pk]))
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.published_date == datetime.date(2024, 11, 20)
    assert recorded.publication_status == "published"
    assert recorded.title == "Child 1"
    assert recorded.version == 2
    assert Review.objects.filter(reference="HSCP-003").exists()
    assert Review.objects.count() == 3
    change = AuditEvent.objects.get(action="change", object_type="review")
    assert change.object_id == str(recorded.pk)
    assert change.details["source"] == f"import:{batch.pk}"
    assert {c["field"] for c in change.details["changes"]} == {
        "published_date",
        "publication_status",
    }
    imported = AuditEvent.objects.filter(action="import").latest("id")
    assert imported.details["count"] == 1 and imported.details["updated"] == 1
    batch.refresh_from_db()
    assert (batch.created_count, batch.updated_count) == (1, 1)


def test_themes_given_replace_only_their_own_kind(icb_user):
    recorded = first_import(icb_user, row(1, **{"Other themes": "think-family"}))["HSCP-001"]
    batch = upload_again(icb_user, row(1, **{"Primary themes": "domestic-abuse"}))
    result = services.dry_run(icb_user, batch.pk)
    assert result.ok, result.errors
    [update] = result.updates
    assert [c.field for c in update.changes] == ["themes"]
    services.commit(icb_user, batch.pk)
    primary, other = review_services._theme_codes(recorded)
    assert primary == ["domestic-abuse"] and other == ["think-family"]


def test_a_review_changed_after_the_check_is_not_overwritten(icb_user):
    recorded = first_import(icb_user, row(1))["HSCP-001"]
    batch = upload_again(icb_user, row(1, **{"Title": "From the file"}))
    assert services.dry_run(icb_user, batch.pk).ok
    review_services.update_review(icb_user, recorded.pk, {"title": "Typed meanwhile"}, 1)
    result = services.commit(icb_user, batch.pk)
    assert not result.ok
    assert "has changed since this file was checked" in result.errors[0]["message"]
    recorded.refresh_from_db()
    assert recorded.title == "Typed meanwhile"
    # Checking again shows the new difference, and then the import may go ahead.
    again = services.dry_run(icb_user, batch.pk)
    assert [(c.before, c.after) for c in again.updates[0].changes] == [
        ("Typed meanwhile", "From the file")
    ]
    assert services.commit(icb_user, batch.pk).ok


def test_a_review_out_of_scope_is_never_matched_or_revealed(icb_user, orgs):
    first_import(icb_user, row(1))
    # A regional oversight reader in the same region sees it but cannot import at all;
    # a user of another organisation with a partnership of its own cannot reach it.
    london = make_user("ncl-importer", orgs["qmj"])
    batch = upload_again(london, row(1, **{"Safeguarding partnership": CAMDEN_SCP}))
    result = services.dry_run(london, batch.pk)
    assert result.ok  # not visible to London: it is a new review of Camden's
    assert result.updates == []


def test_a_reference_recorded_for_another_partnership_is_refused(icb_user):
    first_import(icb_user, row(1))
    sab = "Hartlepool Safeguarding Adults Board"
    batch = upload_again(
        icb_user, row(1, **{"Safeguarding partnership": sab, "Type of review": "sar"})
    )
    result = services.dry_run(icb_user, batch.pk)
    assert not result.ok
    assert f"is recorded for {HARTLEPOOL_SCP}" in result.errors[0]["message"]


def test_the_choice_is_versioned_and_audited(client, icb_user):
    first_import(icb_user, row(1))
    batch = upload_again(icb_user, row(1), update=False)
    client.force_login(icb_user)
    url = reverse("spreadsheets:update-existing", args=[batch.pk])
    stale = client.post(url, {"version": batch.version + 5, "update": "yes"})
    assert stale.status_code == 302
    batch.refresh_from_db()
    assert batch.update_existing is False
    bad = client.post(url, {"version": batch.version, "update": "perhaps"})
    assert bad.status_code == 302
    batch.refresh_from_db()
    assert batch.update_existing is False
    done = client.post(url, {"version": batch.version, "update": "yes"})
    assert done["Location"] == reverse("spreadsheets:check", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.update_existing is True
    assert AuditEvent.objects.filter(
        object_type="importbatch", action="change", details__changes__0__field="update_existing"
    ).exists()


def test_good_rows_of_the_old_shape_still_import(icb_user):
    batch = services.upload(icb_user, upload_file(csv_bytes([good_row(1)])))
    assert services.commit(icb_user, batch.pk).ok
