"""Review dates known only to the month or year: stored, audited, entered and shown as known."""

import datetime

import pytest
from django.urls import reverse

from safeguarding.audit.models import AuditEvent
from safeguarding.reviews import services, types
from safeguarding.reviews.models import Review
from tests.conftest import sign_in
from tests.reviews.test_review_pages import review_post

D = datetime.date


# --- date order, by span ------------------------------------------------------------


def test_month_incident_then_a_day_in_that_month_is_in_order():
    dates = {"incident_date": D(2021, 3, 1), "aware_date": D(2021, 3, 10)}
    assert types.date_order_errors(dates, precision={"incident_date": "month"}) == {}


def test_a_day_then_the_same_month_is_in_order_as_it_could_be_later():
    dates = {"incident_date": D(2021, 3, 15), "aware_date": D(2021, 3, 1)}
    assert types.date_order_errors(dates, precision={"aware_date": "month"}) == {}


def test_without_precision_the_first_of_the_month_is_a_day():
    dates = {"incident_date": D(2021, 3, 15), "aware_date": D(2021, 3, 1)}
    errors = types.date_order_errors(dates)
    assert errors["aware_date"].endswith("(15 March 2021)")


def test_a_month_wholly_before_the_earlier_date_is_refused_and_described_as_known():
    dates = {"incident_date": D(2021, 1, 1), "aware_date": D(2020, 3, 1)}
    errors = types.date_order_errors(
        dates, precision={"incident_date": "year", "aware_date": "month"}
    )
    assert errors["aware_date"] == (
        "The date the partnership became aware must be the same as or after the "
        "date of incident (2021)"
    )


def test_year_alone_overlaps_any_day_of_that_year():
    dates = {"incident_date": D(2021, 12, 31), "decision_date": D(2021, 1, 1)}
    assert types.date_order_errors(dates, precision={"decision_date": "year"}) == {}
    assert "decision_date" in types.date_order_errors(
        {"incident_date": D(2022, 1, 1), "decision_date": D(2021, 1, 1)},
        precision={"decision_date": "year"},
    )


def test_panel_response_compared_by_span():
    dates = {"notification_date": D(2021, 3, 20), "panel_response_date": D(2021, 3, 1)}
    assert types.date_order_errors(dates, precision={"panel_response_date": "month"}) == {}
    assert "panel_response_date" in types.date_order_errors(dates)


def test_the_future_is_judged_by_the_first_possible_day():
    today = D(2025, 6, 10)
    this_month = {"notification_date": D(2025, 6, 1)}
    assert (
        types.date_order_errors(this_month, today=today, precision={"notification_date": "month"})
        == {}
    )
    this_year = {"notification_date": D(2025, 1, 1)}
    assert (
        types.date_order_errors(this_year, today=today, precision={"notification_date": "year"})
        == {}
    )
    next_month = {"notification_date": D(2025, 7, 1)}
    assert "notification_date" in types.date_order_errors(
        next_month, today=today, precision={"notification_date": "month"}
    )


# --- the model and services ---------------------------------------------------------


@pytest.mark.django_db
def test_create_review_stores_precision_at_the_first_possible_day(people, orgs):
    review = services.create_review(
        people["icb_a"],
        {
            "title": "Child M",
            "review_type": "lcspr",
            "partnership": orgs["partnership_a"],
            "incident_date": D(2021, 3, 17),
            "decision_date": D(2021, 6, 1),
            "scope_start": D(2019, 5, 5),
            "date_precision": {
                "incident_date": "month",
                "decision_date": "day",
                "scope_start": "year",
                "published_date": "month",  # not set: dropped
            },
        },
    )
    review.refresh_from_db()
    assert review.date_precision == {"incident_date": "month", "scope_start": "year"}
    assert review.incident_date == D(2021, 3, 1) and review.scope_start == D(2019, 1, 1)
    assert review.describe_date("incident_date") == "March 2021"
    assert review.describe_date("scope_start") == "2019"
    assert review.describe_date("decision_date") == "1 June 2021"
    assert review.describe_date("published_date") == ""
    assert review.precision("decision_date") == "day"


@pytest.mark.django_db
def test_create_review_without_precision_is_known_to_the_day(people, orgs):
    review = services.create_review(
        people["icb_a"],
        {
            "title": "Child D",
            "review_type": "rapid",
            "partnership": orgs["partnership_a"],
            "notification_date": D(2021, 3, 17),
        },
    )
    assert review.date_precision == {}


@pytest.mark.django_db
def test_create_review_refuses_an_unknown_precision(people, orgs):
    with pytest.raises(ValueError):
        services.create_review(
            people["icb_a"],
            {
                "title": "Child D",
                "review_type": "rapid",
                "partnership": orgs["partnership_a"],
                "notification_date": D(2021, 3, 17),
                "date_precision": {"notification_date": "week"},
            },
        )


def _changes(review):
    event = AuditEvent.objects.filter(action="change", object_id=str(review.pk)).latest("id")
    return {c["field"]: (c["before"], c["after"]) for c in event.details["changes"]}


@pytest.mark.django_db
def test_update_records_dates_as_known_and_clearing_a_date_drops_its_precision(
    people, review_factory
):
    review = review_factory(notification_date=D(2021, 3, 15))
    user = people["icb_a"]
    review, changes = services.update_review(
        user,
        review.pk,
        {"notification_date": D(2021, 3, 1), "date_precision": {"notification_date": "month"}},
        1,
    )
    assert review.date_precision == {"notification_date": "month"}
    assert _changes(review) == {"notification_date": ("15 March 2021", "March 2021")}

    review, _ = services.update_review(
        user,
        review.pk,
        {"notification_date": D(2021, 1, 1), "date_precision": {"notification_date": "year"}},
        2,
    )
    assert _changes(review) == {"notification_date": ("March 2021", "2021")}

    review, _ = services.update_review(
        user, review.pk, {"notification_date": None, "date_precision": {}}, 3
    )
    review.refresh_from_db()
    assert review.notification_date is None and review.date_precision == {}
    assert _changes(review) == {"notification_date": ("2021", "(blank)")}


@pytest.mark.django_db
def test_update_without_precision_keeps_it_for_unchanged_dates_only(people, review_factory):
    review = review_factory(
        notification_date=D(2021, 3, 1),
        incident_date=D(2021, 1, 1),
        date_precision={"notification_date": "month", "incident_date": "year"},
    )
    review, changes = services.update_review(
        people["icb_a"],
        review.pk,
        {"notification_date": D(2021, 3, 1), "incident_date": D(2021, 2, 3), "comments": "x"},
        1,
    )
    assert review.date_precision == {"notification_date": "month"}
    assert _changes(review)["incident_date"] == ("2021", "3 February 2021")
    assert "notification_date" not in _changes(review)


@pytest.mark.django_db
def test_same_date_and_precision_is_no_change(people, review_factory):
    review = review_factory(
        notification_date=D(2021, 3, 1), date_precision={"notification_date": "month"}
    )
    _, changes = services.update_review(
        people["icb_a"],
        review.pk,
        {"notification_date": D(2021, 3, 1), "date_precision": {"notification_date": "month"}},
        1,
    )
    assert changes == []


# --- the form -----------------------------------------------------------------------


@pytest.mark.django_db
def test_form_blank_day_means_month_and_blank_day_and_month_means_year(client, people, orgs):
    sign_in(client, people["icb_a"])
    data = review_post(
        orgs["partnership_a"],
        **{
            "incident_date[day]": "",
            "incident_date[month]": "12",
            "incident_date[year]": "2024",
            "scope_start[day]": "",
            "scope_start[month]": "",
            "scope_start[year]": "2023",
            "scope_end[day]": "",
            "scope_end[month]": "",
            "scope_end[year]": "2023",
        },
    )
    response = client.post(reverse("reviews:create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    review = Review.objects.get(title="Child Q")
    assert review.incident_date == D(2024, 12, 1)
    assert review.scope_start == D(2023, 1, 1)
    assert review.date_precision == {
        "incident_date": "month",
        "scope_start": "year",
        "scope_end": "year",
    }
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "December 2024" in page and "1 December 2024" not in page
    assert "2023 to 2023" in page

    edit = client.get(reverse("reviews:edit", args=[review.pk])).content.decode()
    assert _box(edit, "incident_date[day]") == ""  # not 1
    assert _box(edit, "incident_date[month]") == "12"
    assert _box(edit, "scope_start[month]") == ""
    assert _box(edit, "scope_start[year]") == "2023"


def _box(page, name):
    import re

    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return value.group(1) if value else ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        (("", "", ""), None),
        (("", "3", ""), "must include a year"),
        (("5", "", "2024"), "must include a month"),
        (("", "13", "2024"), "must be a real date"),
        (("", "3", "24"), "must have 4 numbers"),
    ],
)
def test_form_partial_date_errors(client, people, orgs, boxes, message):
    sign_in(client, people["icb_a"])
    day, month, year = boxes
    data = review_post(
        orgs["partnership_a"],
        **{"aware_date[day]": day, "aware_date[month]": month, "aware_date[year]": year},
    )
    response = client.post(reverse("reviews:create"), data)
    if message is None:
        assert response.status_code == 302
    else:
        assert response.status_code == 400
        assert message in response.content.decode()


@pytest.mark.django_db
def test_form_accepts_a_day_before_a_month_it_falls_in(client, people, orgs):
    sign_in(client, people["icb_a"])
    data = review_post(
        orgs["partnership_a"],
        **{
            "incident_date[day]": "15",
            "incident_date[month]": "12",
            "incident_date[year]": "2024",
            "notification_date[day]": "",
            "notification_date[month]": "12",
            "notification_date[year]": "2024",
        },
    )
    assert client.post(reverse("reviews:create"), data).status_code == 302


@pytest.mark.django_db
def test_editing_a_month_date_to_the_day_records_the_change(client, people, orgs, review_factory):
    review = review_factory(
        title="Child Q",
        incident_date=D(2024, 12, 1),
        notification_date=D(2024, 12, 20),
        date_precision={"incident_date": "month"},
    )
    sign_in(client, people["icb_a"])
    data = review_post(orgs["partnership_a"], version="1")  # incident 10 December 2024
    response = client.post(reverse("reviews:edit", args=[review.pk]), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.date_precision == {} and review.incident_date == D(2024, 12, 10)
    assert _changes(review)["incident_date"] == ("December 2024", "10 December 2024")


@pytest.mark.django_db
def test_review_page_clock_says_its_start_is_known_only_to_the_month(
    client, people, review_factory
):
    review = review_factory(
        review_type="lcspr",
        notification_date=None,
        decision_date=D(2021, 3, 1),
        date_precision={"decision_date": "month"},
    )
    sign_in(client, people["icb_a"])
    page = " ".join(
        client.get(reverse("reviews:detail", args=[review.pk])).content.decode().split()
    )
    assert (
        "Due by 1 September 2021, counted from 1 March 2021: the date of decision to review "
        "is known only to the month (March 2021)"
    ) in page
    assert "Decision to review: March 2021" in page
