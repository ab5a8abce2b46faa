"""The records pages behind the dashboard's figures read only the cell parameters a
figure's link carries: a value no link carries is a message (400) and no records, a
parameter of the other records page is ignored, never a server error (issue 15)."""

import datetime

import pytest
from django.utils import timezone

from safeguarding.actions.models import Action, Recommendation
from safeguarding.dashboard import services
from tests.conftest import sign_in


@pytest.fixture
def data(orgs, review_factory):
    review = review_factory(
        title="Child R", notification_date=timezone.localdate() - datetime.timedelta(days=40)
    )
    recommendation = Recommendation.objects.create(review=review, number="1", text="Share")
    Action.objects.create(
        recommendation=recommendation,
        description="Audit the referrals",
        owner=orgs["icb_a"],
        lead="Designated nurse",
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    services.refresh_figures()
    return review


REVIEWS = "/dashboard/records/reviews/"
ACTIONS = "/dashboard/records/actions/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "query", "message"),
    [
        (REVIEWS, {"stage": "x"}, "The stage in the link is not one we use"),
        (REVIEWS, {"slippage": "-1"}, "The clock in the link is not one we use"),
        (REVIEWS, {"converted": "0"}, "The conversion in the link is not one we use"),
        (REVIEWS, {"quarter": "9" * 5000}, "The quarter in the link must be a year and quarter"),
        (REVIEWS, {"quarter": "20245"}, "The quarter in the link must be a year and quarter"),
        (REVIEWS, {"icb": "\x00"}, "The ICB in the link must be a record number"),
        (ACTIONS, {"status": "x"}, "The status in the link is not one we use"),
        (ACTIONS, {"owner": "-1"}, "The owning organisation in the link must be a record number"),
        (ACTIONS, {"overdue": "0"}, "The overdue filter in the link is not one we use"),
    ],
)
def test_a_value_no_link_carries_is_a_message_and_no_records(
    client, people, data, path, query, message
):
    sign_in(client, people["icb_a"])
    response = client.get(path, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "Child R" not in html and "Audit the referrals" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "query"),
    [
        # The parameters of the other records page: reported as server errors in issue 15.
        (REVIEWS, {"status": "x", "owner": "-1", "overdue": "0"}),
        (ACTIONS, {"stage": "x", "slippage": "-1", "converted": "0", "missing": "x"}),
    ],
)
def test_a_parameter_of_the_other_records_page_is_ignored(client, people, data, path, query):
    sign_in(client, people["icb_a"])
    response = client.get(path, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>1 review</p>" in html or "<p>1 action</p>" in html


@pytest.mark.django_db
def test_a_valid_cell_still_lists_its_records(client, people, data, orgs):
    sign_in(client, people["icb_a"])
    html = client.get(ACTIONS, {"owner": orgs["icb_a"].pk, "overdue": "1"}).content.decode()
    assert "<p>1 action</p>" in html and "Overdue: yes" in html
    html = client.get(REVIEWS, {"review_type": "rapid", "stage": "notified"}).content.decode()
    assert "<p>1 review</p>" in html and "Child R" in html
