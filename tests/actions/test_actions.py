import datetime

import pytest
import time_machine
from django.urls import reverse

from safeguarding.actions.models import Action, Recommendation
from tests.conftest import sign_in
from tests.reviews.test_review_pages import date_fields


def action_post(owner, **overrides):
    data = {
        "description": "Audit information sharing at strategy meetings",
        "owner": str(owner.pk),
        "lead": "Designated nurse for safeguarding children",
        "status": "not_started",
        **date_fields("due_date", datetime.date(2025, 6, 30)),
    }
    data.update(overrides)
    return data


@pytest.fixture
def recommendation(review_factory):
    review = review_factory(title="Child T")
    return Recommendation.objects.create(review=review, number="1", text="Share information")


@pytest.mark.django_db
def test_add_a_recommendation_then_an_action(client, people, orgs, review_factory):
    review = review_factory()
    sign_in(client, people["icb_a"])
    url = reverse("actions:recommendation-add", args=[review.pk])
    assert client.post(url, {"number": "", "text": ""}).status_code == 400
    response = client.post(
        url, {"number": "1", "text": "Seek assurance", "themes": ["information-sharing"]}
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    response = client.post(
        reverse("actions:action-add", args=[recommendation.pk]), action_post(orgs["icb_a"])
    )
    assert response.status_code == 302
    assert Action.objects.get().owner == orgs["icb_a"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"status": "closed_with_evidence"}, "Enter the evidence of completion"),
        ({"status": "not_accepted"}, "Enter the reason the action was not accepted"),
        ({"due_date[month]": "13"}, "must be a real date"),
        ({"lead": ""}, "Enter the lead"),
        (
            {"status": "in_progress", **date_fields("completed_date", datetime.date(2025, 1, 1))},
            "Only a completed action has a date completed",
        ),
    ],
)
def test_action_bad_input(client, people, orgs, recommendation, overrides, message):
    sign_in(client, people["icb_a"])
    response = client.post(
        reverse("actions:action-add", args=[recommendation.pk]),
        action_post(orgs["icb_a"], **overrides),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_an_owner_outside_the_partnership_is_refused(client, people, orgs, recommendation):
    sign_in(client, people["icb_a"])
    response = client.post(
        reverse("actions:action-add", args=[recommendation.pk]), action_post(orgs["icb_b"])
    )
    assert response.status_code == 400
    assert "member of the review" in response.content.decode()


@pytest.mark.django_db
def test_completing_an_action_records_the_date_and_a_stale_save_is_refused(
    client, people, orgs, recommendation
):
    action = Action.objects.create(
        recommendation=recommendation,
        description="Audit",
        owner=orgs["icb_a"],
        lead="Lead",
        due_date=datetime.date(2025, 6, 30),
    )
    sign_in(client, people["icb_a"])
    url = reverse("actions:action-edit", args=[action.pk])
    with time_machine.travel(datetime.date(2025, 5, 2)):
        done = action_post(
            orgs["icb_a"], status="completed", evidence_of_completion="Audit report", version="1"
        )
        assert client.post(url, done).status_code == 302
    action.refresh_from_db()
    assert action.completed_date == datetime.date(2025, 5, 2) and action.version == 2
    sign_in(client, people["icb_a"])  # the idle timeout ended the time-travelled session
    stale = action_post(orgs["icb_a"], status="in_progress", version="1")
    response = client.post(url, stale)
    assert response.status_code == 409
    assert "Completed" in response.content.decode()


@pytest.mark.django_db
def test_my_actions_shows_due_and_overdue_for_my_organisation_only(
    client, people, orgs, recommendation, review_factory
):
    common = {"recommendation": recommendation, "lead": "Lead"}
    Action.objects.create(
        description="Late one", owner=orgs["icb_a"], due_date=datetime.date(2025, 1, 10), **common
    )
    Action.objects.create(
        description="Coming one", owner=orgs["icb_a"], due_date=datetime.date(2025, 9, 1), **common
    )
    Action.objects.create(
        description="Done one",
        owner=orgs["icb_a"],
        due_date=datetime.date(2025, 1, 1),
        status="completed",
        **common,
    )
    other_rec = Recommendation.objects.create(
        review=review_factory(partnership=orgs["partnership_b"]), number="1", text="x"
    )
    Action.objects.create(
        recommendation=other_rec,
        lead="Lead",
        description="Kent one",
        owner=orgs["icb_b"],
        due_date=datetime.date(2025, 1, 1),
    )
    sign_in(client, people["icb_a"])
    with time_machine.travel(datetime.date(2025, 3, 1)):
        page = client.get(reverse("actions:my-actions")).content.decode()
    assert "2 actions</strong>:\n  1 overdue, 0 due in the next 4 weeks" in page
    assert "Late one" in page and "Coming one" in page
    assert page.index("Late one") < page.index("Coming one")
    assert "Done one" not in page and "Kent one" not in page
