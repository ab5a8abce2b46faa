"""The audit log through the one gate: an administrator reads only the events about records
and people in their scope; a national administrator reads them all."""

import datetime

import pytest
from django.urls import reverse

from safeguarding.actions.models import Action, Recommendation
from safeguarding.audit import services as audit
from tests.conftest import make_user, sign_in


@pytest.fixture
def icb_admin(orgs):
    return make_user(
        "icb-a-admin", role="admin", scope_level="organisation", organisation=orgs["icb_a"]
    )


@pytest.fixture
def events(people, orgs, review_factory):
    """Events about ICB A's and ICB B's records and people."""
    review_a = review_factory(title="Child Lancashire")
    review_b = review_factory(partnership=orgs["partnership_b"], title="Child Kent")
    recommendation_b = Recommendation.objects.create(review=review_b, number="1", text="Share")
    action_b = Action.objects.create(
        recommendation=recommendation_b,
        description="Train staff",
        owner=orgs["partnership_b"],
        lead="Designated nurse",
        due_date=datetime.date(2025, 6, 1),
    )
    a, b = people["icb_a"], people["icb_b"]
    return {
        "review_a": review_a,
        "review_b": review_b,
        "in_scope": [
            audit.record(a, "view", review_a),
            audit.record(a, "sign_in", object_type="user", label="icb-a"),
            audit.record(None, "sign_in_failed", object_type="user", details={"username": "icb-a"}),
            audit.record(people["admin"], "change", a, object_type="user", label="icb-a"),
            audit.record(a, "view", object_type="search", label="Search by words"),
            audit.record(a, "export", object_type="review", label="3 reviews, CSV"),
        ],
        "out_of_scope": [
            audit.record(b, "view", review_b),
            audit.record(b, "change", recommendation_b, label="Recommendation Kent"),
            audit.record(b, "change", action_b, label="Action Kent"),
            audit.record(b, "sign_in", object_type="user", label="icb-b"),
            audit.record(None, "sign_in_failed", object_type="user", details={"username": "icb-b"}),
            audit.record(people["admin"], "change", b, object_type="user", label="icb-b"),
            audit.record(b, "view", object_type="search", label="Search by Kent"),
            audit.record(a, "view", object_type="something-new", label="Unknown kind"),
        ],
    }


def ids(events):
    return {event.pk for event in events}


@pytest.mark.django_db
def test_an_icb_administrator_reads_only_events_in_their_scope(icb_admin, events):
    seen = ids(audit.search({}, icb_admin))
    assert ids(events["in_scope"]) <= seen
    assert not ids(events["out_of_scope"]) & seen


@pytest.mark.django_db
def test_a_national_administrator_reads_every_event(people, events):
    seen = ids(audit.search({}, people["admin"]))
    assert ids(events["in_scope"]) | ids(events["out_of_scope"]) <= seen


@pytest.mark.django_db
def test_only_administrators_read_events(people, events):
    for role in ("icb_a", "region", "national"):
        assert not audit.search({}, people[role]).exists()


@pytest.mark.django_db
def test_the_audit_page_shows_an_icb_administrator_nothing_of_another_icb(
    client, icb_admin, events
):
    review_b = events["review_b"]
    sign_in(client, icb_admin)
    body = client.get(reverse("audit:log")).content.decode()
    assert "Child Lancashire" in body
    for hidden in ("Child Kent", "Recommendation Kent", "Action Kent", "icb-b", "Unknown kind"):
        assert hidden not in body
    by_record = client.get(
        reverse("audit:log"), {"object_type": "review", "object_id": str(review_b.pk)}
    )
    assert by_record.status_code == 200
    assert "Child Kent" not in by_record.content.decode()
    assert "<p>0 entries</p>" in by_record.content.decode()
    by_person = client.get(reverse("audit:log"), {"username": "icb-b"})
    assert "<p>0 entries</p>" in by_person.content.decode()


@pytest.mark.django_db
def test_the_audit_page_shows_a_national_administrator_another_icbs_events(client, people, events):
    review_b = events["review_b"]
    sign_in(client, people["admin"])
    by_record = client.get(
        reverse("audit:log"), {"object_type": "review", "object_id": str(review_b.pk)}
    )
    assert "Child Kent" in by_record.content.decode()
    by_person = client.get(reverse("audit:log"), {"username": "icb-b"})
    assert "Search by Kent" in by_person.content.decode()


@pytest.mark.django_db
def test_a_regional_administrator_reads_events_of_the_region(orgs, people, events):
    regional = make_user(
        "region-admin", role="admin", scope_level="region", region=orgs["region_a"]
    )
    seen = ids(audit.search({}, regional))
    assert ids(events["in_scope"]) <= seen
    assert not ids(events["out_of_scope"]) & seen
