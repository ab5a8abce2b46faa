"""Issue 17: the review form's themes, optional labels, length limits, plausible dates,
and the markup the 320px reflow rests on."""

import datetime
import re

import pytest
from django.urls import reverse

from safeguarding.reviews import dates
from safeguarding.reviews.models import Review
from safeguarding.spreadsheets import services as import_services
from tests.conftest import sign_in
from tests.reviews.test_review_pages import date_fields, review_post
from tests.spreadsheets.conftest import csv_bytes, good_row, upload_file

FOCUSABLE = re.compile(
    r"<(input(?![^>]*type=\"hidden\")|select|textarea|button|summary)\b|<a\s[^>]*href"
)


def focusable_outside_closed_details(html):
    closed = re.sub(r"<details(?![^>]*\bopen)[^>]*>.*?</details>", "<summary>", html, flags=re.S)
    return len(FOCUSABLE.findall(closed))


@pytest.mark.django_db
def test_the_form_offers_three_primary_selects_and_grouped_other_themes(client, people):
    sign_in(client, people["icb_a"])
    html = client.get(reverse("reviews:create")).content.decode()
    form = html[html.index('<form method="post"') :]
    assert len(re.findall(r'<select[^>]*name="primary_themes"', form)) == 3
    assert 'type="checkbox"' in form and 'name="primary_themes" type="checkbox"' not in form
    legends = [
        " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for text in re.findall(r"<legend\b.*?</legend>", form, re.S)
    ]
    for group in ("Practice", "Harm", "Context", "System"):
        assert any(legend.endswith(group) for legend in legends), legends
    assert "<details" in form and "Other themes (optional)" in form
    # the 34 other themes sit in a closed expander: far fewer tab stops than 2 x 34 boxes
    assert focusable_outside_closed_details(form) < 60


@pytest.mark.django_db
def test_a_primary_theme_ticked_as_other_gets_a_field_error_naming_it(client, people, orgs):
    sign_in(client, people["icb_a"])
    data = review_post(orgs["partnership_a"], primary_themes=["neglect", "", ""])
    data["other_themes"] = ["neglect", "think-family"]
    response = client.post(reverse("reviews:create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Neglect is a primary theme: untick it under other themes" in page
    assert 'href="#id_other_themes"' in page
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_empty_primary_selects_are_ignored(client, people, orgs):
    sign_in(client, people["icb_a"])
    data = review_post(orgs["partnership_a"], primary_themes=["", "neglect", ""])
    response = client.post(reverse("reviews:create"), data)
    assert response.status_code == 302
    assert [t.code for t in Review.objects.get().primary_themes] == ["neglect"]


@pytest.mark.django_db
def test_optional_fields_say_so_and_required_ones_do_not(client, people, review_factory):
    sign_in(client, people["icb_a"])
    html = client.get(reverse("reviews:create")).content.decode()
    assert "Local reference (optional)" in html
    assert "Date of incident (optional)" in html
    assert "Short anonymised name (optional)" not in html
    assert "Type of review (optional)" not in html
    review = review_factory()
    html = client.get(reverse("reviews:dissemination-add", args=[review.pk])).content.decode()
    assert "Notes (optional)" in html and "Audience (optional)" not in html


@pytest.mark.django_db
def test_limited_fields_show_the_limit_and_say_it_in_plain_words(client, people, orgs):
    sign_in(client, people["icb_a"])
    html = client.get(reverse("reviews:create")).content.decode()
    assert 'data-module="nhsuk-character-count" data-maxlength="120"' in html
    assert "You can enter up to 120 characters" in html
    assert 'aria-describedby="id_title-info' in html
    response = client.post(
        reverse("reviews:create"), review_post(orgs["partnership_a"], title="x" * 500)
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Short anonymised name must be 120 characters or fewer" in page
    assert "Ensure this value" not in page


@pytest.mark.django_db
def test_a_date_before_1970_is_refused_with_a_field_message(client, people, orgs):
    sign_in(client, people["icb_a"])
    data = review_post(
        orgs["partnership_a"], **date_fields("notification_date", datetime.date(1899, 1, 1))
    )
    data.update(date_fields("incident_date", None))
    response = client.post(reverse("reviews:create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Date of notification must be on or after 1 January 1970" in page
    assert 'href="#id_notification_date-day"' in page
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_1_january_1970_is_allowed(client, people, orgs):
    sign_in(client, people["icb_a"])
    data = review_post(
        orgs["partnership_a"],
        **date_fields("incident_date", datetime.date(1970, 1, 1)),
        **{
            "notification_date[day]": "1",
            "notification_date[month]": "1",
            "notification_date[year]": "1970",
        },
    )
    assert client.post(reverse("reviews:create"), data).status_code == 302
    assert Review.objects.get().incident_date == datetime.date(1970, 1, 1)


@pytest.mark.django_db
def test_a_scope_end_years_ahead_is_refused(client, people, orgs):
    sign_in(client, people["icb_a"])
    far = datetime.date.today().replace(day=1) + datetime.timedelta(days=3 * 366)
    data = review_post(orgs["partnership_a"], **date_fields("scope_end", far))
    response = client.post(reverse("reviews:create"), data)
    assert response.status_code == 400
    assert "Scope period to must be no more than a year from today" in response.content.decode()


@pytest.mark.django_db
def test_a_dissemination_dated_1899_is_refused(client, people, review_factory):
    review = review_factory()
    sign_in(client, people["icb_a"])
    response = client.post(
        reverse("reviews:dissemination-add", args=[review.pk]),
        {"kind": "briefing", **date_fields("date", datetime.date(1899, 3, 1)), "audience": "GPs"},
    )
    assert response.status_code == 400
    assert "Date must be on or after 1 January 1970" in response.content.decode()


def test_the_shared_rule():
    today = datetime.date(2025, 6, 1)
    assert dates.implausible(datetime.date(1970, 1, 1), "X", today=today) is None
    assert dates.implausible(datetime.date(1969, 12, 31), "X") == (
        "X must be on or after 1 January 1970"
    )
    assert dates.implausible(datetime.date(1969, 1, 1), "X", dates.YEAR) is not None
    assert dates.implausible(datetime.date(2026, 6, 1), "X", today=today) is None
    assert dates.implausible(datetime.date(2026, 6, 2), "X", today=today) is not None
    assert dates.a_year_after(datetime.date(2024, 2, 29)) == datetime.date(2025, 2, 28)


@pytest.mark.django_db
def test_an_import_row_dated_1899_gets_a_line_message(people, orgs):
    name = orgs["partnership_a"].name
    rows = [
        good_row(1, name),
        good_row(2, name, **{"Date of incident": "01/01/1899"}),
        good_row(3, name, **{"Date of incident": "1970-01-01"}),
    ]
    user = people["icb_a"]
    batch = import_services.upload(user, upload_file(csv_bytes(rows), "tracker.csv"))
    result = import_services.dry_run(user, batch.pk)
    assert [(e["line"], e["column"]) for e in result.errors] == [(3, "Date of incident")]
    assert result.errors[0]["message"] == "The date of incident must be on or after 1 January 1970"


@pytest.mark.django_db
def test_pages_mark_user_text_for_reflow(client, people, review_factory):
    review = review_factory(title="T" * 120, case_information="T" * 600)
    sign_in(client, people["icb_a"])
    listed = client.get(reverse("reviews:list")).content.decode()
    assert 'class="nhsuk-table-responsive app-reviews-table"' in listed
    assert 'nhsuk-table-responsive__heading" aria-hidden="true">Review ' in listed
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert '<h1 class="app-break-word">' + "T" * 120 in page
    assert 'class="nhsuk-table-responsive"' in page
