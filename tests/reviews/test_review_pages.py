import datetime

import pytest
from django.urls import reverse

from safeguarding.audit.models import AuditEvent
from safeguarding.reviews.models import Review
from tests.conftest import sign_in


def date_fields(name, value):
    if value is None:
        return {f"{name}[day]": "", f"{name}[month]": "", f"{name}[year]": ""}
    return {
        f"{name}[day]": str(value.day),
        f"{name}[month]": str(value.month),
        f"{name}[year]": str(value.year),
    }


def review_post(partnership, **overrides):
    data = {
        "title": "Child Q",
        "review_type": "rapid",
        "partnership": str(partnership.pk),
        "publication_status": "not_yet",
        "primary_themes": ["neglect", "information-sharing"],
        **date_fields("incident_date", datetime.date(2024, 12, 10)),
        **date_fields("notification_date", datetime.date(2024, 12, 20)),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_icb_a_records_a_review_and_sees_its_clock(client, people, orgs):
    sign_in(client, people["icb_a"])
    response = client.post(reverse("reviews:create"), review_post(orgs["partnership_a"]))
    assert response.status_code == 302, response.content.decode()[:2000]
    review = Review.objects.get(title="Child Q")
    assert review.icb == orgs["icb_a"] and review.region == orgs["region_a"]
    assert [t.code for t in review.primary_themes] == ["information-sharing", "neglect"]
    assert AuditEvent.objects.filter(action="create", object_id=str(review.pk)).exists()
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "15 January 2025" in page  # the rapid review's statutory deadline


@pytest.mark.django_db
def test_published_before_incident_is_refused_with_a_reason_and_nothing_saved(client, people, orgs):
    sign_in(client, people["icb_a"])
    data = review_post(
        orgs["partnership_a"],
        review_type="lcspr",
        **date_fields("published_date", datetime.date(2024, 12, 1)),
    )
    response = client.post(reverse("reviews:create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "date published must be the same as or after the date of incident" in page
    assert 'href="#id_published_date-day"' in page
    assert not Review.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Enter a short anonymised name"),
        ({"review_type": "xyz"}, "Select a valid choice"),
        ({"incident_date[day]": "31", "incident_date[month]": "2"}, "must be a real date"),
        ({"incident_date[year]": ""}, "must include a year"),
        (
            {"primary_themes": ["neglect", "self-neglect", "physical-abuse", "sexual-abuse"]},
            "no more than 3 primary themes",
        ),
        ({"primary_themes": ["not-a-theme"]}, "Select a valid choice"),
        ({"publication_url": "javascript:alert(1)"}, "full web address"),
        ({"notification_date[year]": "2099"}, "must be today or in the past"),
    ],
)
def test_bad_input_gets_a_field_message(client, people, orgs, overrides, message):
    sign_in(client, people["icb_a"])
    response = client.post(
        reverse("reviews:create"), review_post(orgs["partnership_a"], **overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_icb_a_cannot_record_for_a_partnership_outside_its_scope(client, people, orgs):
    sign_in(client, people["icb_a"])
    response = client.post(reverse("reviews:create"), review_post(orgs["partnership_b"]))
    assert response.status_code == 400
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_oversight_cannot_record_reviews(client, people, orgs):
    sign_in(client, people["region"])
    assert client.get(reverse("reviews:create")).status_code == 403


@pytest.mark.django_db
def test_a_stale_edit_is_refused_showing_what_changed(client, people, orgs, review_factory):
    review = review_factory(title="Child S")
    sign_in(client, people["icb_a"])
    form = review_post(orgs["partnership_a"], title="Child S", version="1")
    first = client.post(reverse("reviews:edit", args=[review.pk]), {**form, "comments": "First"})
    assert first.status_code == 302
    second = client.post(
        reverse("reviews:edit", args=[review.pk]), {**form, "comments": "Second, from a stale form"}
    )
    assert second.status_code == 409
    page = second.content.decode()
    assert "You changed this record in another tab or window" in page and "First" in page
    review.refresh_from_db()
    assert review.comments == "First" and review.version == 2


@pytest.mark.django_db
def test_lists_and_search_show_only_reviews_in_scope(client, people, orgs, review_factory):
    review_factory(title="Child Alpha", partnership=orgs["partnership_a"])
    review_factory(title="Child Beta", partnership=orgs["partnership_b"])
    expectations = {
        "icb_a": ("Child Alpha",),
        "icb_b": ("Child Beta",),
        "region": ("Child Alpha",),
        "national": ("Child Alpha", "Child Beta"),
    }
    for person, visible in expectations.items():
        sign_in(client, people[person])
        listed = client.get(reverse("reviews:list")).content.decode()
        searched = client.get(reverse("reviews:list"), {"q": "Child"}).content.decode()
        for title in ("Child Alpha", "Child Beta"):
            assert (title in listed) == (title in visible), (person, title)
            assert (title in searched) == (title in visible), (person, title)


@pytest.mark.django_db
def test_region_sees_its_region_only(people, orgs, review_factory):
    from safeguarding.reviews.services import visible_reviews

    in_region = review_factory(partnership=orgs["partnership_a_sab"])
    review_factory(partnership=orgs["partnership_b"])
    assert list(visible_reviews(people["region"])) == [in_region]


@pytest.mark.django_db
def test_incomplete_records_lists_missing_fields(client, people, orgs, review_factory):
    review_factory(title="Adult Z", review_type="sar", partnership=orgs["partnership_a_sab"])
    sign_in(client, people["icb_a"])
    page = client.get(reverse("reviews:incomplete")).content.decode()
    assert "Adult Z" in page and "Referral source" in page and "Scope period" in page


@pytest.mark.django_db
def test_a_rapid_review_converts_into_an_lcspr_keeping_the_link(
    client, people, orgs, review_factory
):
    rapid = review_factory(title="Child R", incident_date=datetime.date(2024, 12, 1))
    sign_in(client, people["icb_a"])
    form = client.get(reverse("reviews:create"), {"converted_from": rapid.pk})
    assert f'value="{rapid.pk}" selected' in form.content.decode()
    data = review_post(
        orgs["partnership_a"],
        title="Child R",
        review_type="lcspr",
        converted_from=str(rapid.pk),
        **date_fields("decision_date", datetime.date(2025, 1, 10)),
    )
    assert client.post(reverse("reviews:create"), data).status_code == 302
    lcspr = Review.objects.get(review_type="lcspr")
    assert lcspr.converted_from == rapid
    bad = review_post(orgs["partnership_a"], review_type="leder", converted_from=str(rapid.pk))
    assert client.post(reverse("reviews:create"), bad).status_code == 400


@pytest.mark.django_db
def test_dissemination_is_recorded(client, people, review_factory):
    review = review_factory()
    sign_in(client, people["icb_a"])
    url = reverse("reviews:dissemination-add", args=[review.pk])
    assert client.post(url, {"kind": "briefing"}).status_code == 400
    response = client.post(
        url,
        {
            "kind": "briefing",
            "audience": "GP practices",
            **date_fields("date", datetime.date(2025, 3, 1)),
        },
    )
    assert response.status_code == 302
    assert review.disseminations.get().audience == "GP practices"
