"""Repeat recommendations: close ones side by side, and the page of those that recur."""

import datetime

import pytest

from safeguarding.actions.models import Action, Recommendation
from safeguarding.search import services
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

BRUISING = (
    "The partnership should relaunch its bruising protocol for non-mobile babies and brief GPs "
    "and emergency departments on it."
)
BRUISING_AGAIN = (
    "The partnership should relaunch the bruising protocol for non-mobile babies, and brief GPs "
    "and emergency departments."
)
CARERS = "Agencies should make sure carers are offered an assessment and that it is recorded."


def recommend(review, text, number="1"):
    recommendation = Recommendation.objects.create(review=review, number=number, text=text)
    services.index_recommendation(recommendation)
    return recommendation


@pytest.fixture
def made(orgs, review_factory):
    def review(title, partnership, day):
        return review_factory(
            title=title, partnership=partnership, notification_date=datetime.date(2024, 1, day)
        )

    first = review("Baby A", orgs["partnership_a"], 1)
    second = review("Baby B", orgs["partnership_a_sab"], 2)
    third = review("Baby C", orgs["partnership_a"], 3)
    far = review("Baby D", orgs["partnership_b"], 4)
    recs = {
        "first": recommend(first, BRUISING),
        "first_carers": recommend(first, CARERS, "2"),
        "second": recommend(second, BRUISING_AGAIN),
        "third": recommend(third, BRUISING),
        "far": recommend(far, BRUISING),
        "far_again": recommend(review("Baby E", orgs["partnership_b"], 5), BRUISING_AGAIN),
    }
    Action.objects.create(
        recommendation=recs["first"],
        description="Relaunch the protocol",
        owner=orgs["icb_a"],
        lead="Designated nurse",
        due_date=datetime.date(2024, 6, 1),
        status="completed",
        completed_date=datetime.date(2024, 5, 1),
    )
    return recs


def test_similar_recommendations_are_in_scope_and_from_other_reviews(people, made):
    similar = services.similar_recommendations(
        people["icb_a"], made["third"], exclude_review=made["third"].review
    )
    found = [s.recommendation for s in similar]
    assert set(found) == {made["first"], made["second"]}
    assert made["far"] not in found and made["first_carers"] not in found
    first = next(s for s in similar if s.recommendation == made["first"])
    assert first.outcome.text == "1 of 1 action completed"
    assert first.review.partnership.name
    national = services.similar_recommendations(people["national"], made["third"])
    assert {s.recommendation for s in national} >= {made["far"], made["far_again"]}


def test_similar_to_a_text(people, made):
    similar = services.similar_recommendations(people["icb_b"], BRUISING, limit=5)
    assert {s.recommendation for s in similar} == {made["far"], made["far_again"]}


def test_the_recommendation_page_shows_those_made_before_side_by_side(client, people, made):
    sign_in(client, people["icb_a"])
    response = client.get(f"/recommendations/{made['second'].pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    before, _, since = body.partition("Made since")
    assert "Made before" in before and "Baby A" in before  # 1 January, before 2 January
    assert "Baby C" in since  # 3 January
    assert "Baby D" not in body and "Baby E" not in body
    assert "1 of 1 action completed" in body


def test_the_recurring_page_is_scoped(client, people, made):
    icb_a = services.recurring_recommendations(people["icb_a"])
    assert len(icb_a) == 1
    assert set(icb_a[0].members) == {made["first"], made["second"], made["third"]}
    assert (icb_a[0].reviews, icb_a[0].partnerships) == (3, 2)
    icb_b = services.recurring_recommendations(people["icb_b"])
    assert [set(c.members) for c in icb_b] == [{made["far"], made["far_again"]}]
    national = services.recurring_recommendations(people["national"])
    assert [len(c.members) for c in national] == [5]

    sign_in(client, people["icb_b"])
    body = client.get("/search/recurring/").content.decode()
    assert "Recommendations that recur" in body
    assert f"/search/recurring/{icb_b[0].centre.pk}/" in body
    group = client.get(f"/search/recurring/{icb_b[0].centre.pk}/")
    assert group.status_code == 200 and "Baby D" in group.content.decode()
    assert "Baby A" not in group.content.decode()
    assert client.get(f"/search/recurring/{made['first'].pk}/").status_code == 404
