"""Pages make a fixed number of queries, however many records they show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding.actions.models import Action, Recommendation
from tests.conftest import sign_in


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_reviews(review_factory, orgs, n):
    reviews = []
    for i in range(n):
        review = review_factory(title=f"Child {i}", review_type=("rapid", "sar", "dhr")[i % 3])
        recommendation = Recommendation.objects.create(review=review, number="1", text="x")
        for _ in range(2):
            Action.objects.create(
                recommendation=recommendation,
                description="y",
                owner=orgs["icb_a"],
                lead="Lead",
                due_date=datetime.date(2025, 1, 1),
            )
        reviews.append(review)
    return reviews


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["reviews:list", "reviews:incomplete", "actions:my-actions", "home"]
)
def test_list_pages_do_not_grow_with_the_data(client, people, orgs, review_factory, name):
    sign_in(client, people["icb_a"])
    add_reviews(review_factory, orgs, 2)
    few = queries(client, reverse(name))
    add_reviews(review_factory, orgs, 12)
    many = queries(client, reverse(name))
    assert many == few


@pytest.mark.django_db
def test_review_page_does_not_grow_with_recommendations(client, people, orgs, review_factory):
    sign_in(client, people["icb_a"])
    review = review_factory()
    for i in range(2):
        Recommendation.objects.create(review=review, number=str(i), text="x")
    few = queries(client, reverse("reviews:detail", args=[review.pk]))
    for i in range(10):
        recommendation = Recommendation.objects.create(review=review, number=f"b{i}", text="x")
        Action.objects.create(
            recommendation=recommendation,
            description="y",
            owner=orgs["icb_a"],
            lead="Lead",
            due_date=datetime.date(2025, 1, 1),
        )
    many = queries(client, reverse("reviews:detail", args=[review.pk]))
    assert many == few
