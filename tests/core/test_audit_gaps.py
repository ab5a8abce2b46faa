"""Reads that leave an audit row: lists of case data (one row per page, with the filters),
the audit log itself, refused record requests (404) and wrong second-factor codes."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.audit import services as audit
from safeguarding.audit.models import AuditEvent
from tests.conftest import PASSWORD, make_user, sign_in


def list_events():
    return AuditEvent.objects.filter(action="view", object_type="list")


LISTS = [
    ("reviews:list", {"q": "child", "status": "open"}),
    ("reviews:incomplete", {}),
    ("actions:my-actions", {}),
    ("dashboard:reviews", {"type": "rapid"}),
    ("dashboard:actions", {}),
    ("search:recurring", {}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "query"), LISTS)
def test_a_list_of_case_data_is_audited_once_with_its_filters(
    client, people, review_factory, name, query
):
    for number in range(3):
        review_factory(title=f"Child {number}")
    sign_in(client, people["icb_a"])
    before = list_events().count()
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    assert list_events().count() == before + 1
    event = list_events().latest("id")
    assert event.username == "icb-a"
    assert event.path.startswith(reverse(name))
    for key, value in query.items():
        assert event.details["filters"][key] == value


@pytest.mark.django_db
def test_a_lists_page_number_is_in_its_event(client, people, review_factory):
    sign_in(client, people["icb_a"])
    client.get(reverse("reviews:list"), {"page": "2"})
    assert list_events().latest("id").details["page"] == "2"


@pytest.mark.django_db
def test_reading_the_audit_log_is_audited(client, people):
    sign_in(client, people["admin"])
    client.get(reverse("audit:log"), {"username": "icb-a", "object_type": "review"})
    event = list_events().latest("id")
    assert (event.username, event.object_label) == ("admin", "audit log")
    assert event.details["filters"] == {"username": "icb-a", "object_type": "review"}


@pytest.mark.django_db
def test_asking_for_a_record_out_of_scope_is_audited(client, orgs, people, review_factory):
    review_b = review_factory(partnership=orgs["partnership_b"], title="Child Kent")
    sign_in(client, people["icb_a"])
    response = client.get(reverse("reviews:detail", args=[review_b.pk]))
    assert response.status_code == 404
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.username) == ("not_found", "icb-a")
    assert (event.object_type, event.object_id) == ("review", str(review_b.pk))
    assert event.object_label == "" and "Child Kent" not in str(event.details)
    assert event.path == reverse("reviews:detail", args=[review_b.pk])
    # The prober's own administrator sees the probe; it tells them nothing of the record.
    icb_admin = make_user(
        "icb-a-admin", role="admin", scope_level="organisation", organisation=orgs["icb_a"]
    )
    assert audit.search({"action": "not_found"}, icb_admin).filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/reviews/{pk}/recommendations/new/",
        "/reviews/{pk}/documents/new/",
        "/reports/briefing/{pk}/",
    ],
)
def test_every_refused_probe_names_its_path_and_address(client, orgs, people, review_factory, path):
    review_b = review_factory(partnership=orgs["partnership_b"])
    sign_in(client, people["icb_a"])
    path = path.format(pk=review_b.pk)
    assert client.post(path).status_code == 404
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_id) == ("not_found", str(review_b.pk))
    assert event.path == path and event.ip_address == "127.0.0.1"


@pytest.mark.django_db
def test_asking_for_a_record_that_does_not_exist_is_audited(client, people):
    sign_in(client, people["icb_a"])
    assert client.get(reverse("actions:action-edit", args=[987654])).status_code == 404
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_type, event.object_id) == ("not_found", "action", "987654")


@pytest.mark.django_db
def test_a_wrong_second_factor_code_is_audited(client, people):
    TOTPDevice.objects.create(user=people["admin"], name="app", confirmed=True)
    client.post(reverse("accounts:sign-in"), {"username": "admin", "password": PASSWORD})
    response = client.post(reverse("accounts:two-factor"), {"token": "000000"})
    assert response.status_code == 400
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.username, event.object_type) == (
        "two_factor_failed",
        "admin",
        "user",
    )
    assert event.details == {"setting_up": False}


@pytest.mark.django_db
def test_a_wrong_code_while_setting_up_the_app_is_audited(client, people, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client.post(reverse("accounts:sign-in"), {"username": "national", "password": PASSWORD})
    client.get(reverse("accounts:two-factor"))
    assert client.post(reverse("accounts:two-factor"), {"token": "000000"}).status_code == 400
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.details) == ("two_factor_failed", {"setting_up": True})
