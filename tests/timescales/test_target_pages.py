"""Pages for a partnership's own clock targets: who may read and change them, and the effect
on a review's clocks."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.audit.models import AuditEvent
from safeguarding.organisations.models import Organisation
from safeguarding.reviews.services import NotAllowed
from safeguarding.timescales import services
from safeguarding.timescales.models import ClockTarget
from tests.conftest import sign_in


def target_post(**overrides):
    data = {
        "review_type": "dhr",
        "milestone": "decision",
        "label": "Decide whether to hold a review",
        "start_field": "notification_date",
        "met_field": "decision_date",
        "amount": "20",
        "unit": "working_days",
    }
    data.update(overrides)
    return data


def field_error(page, field):
    """The text of the NHS.UK error message shown next to a field."""
    start = page.find(f'id="id_{field}-error"')
    assert start != -1, f"no error message next to {field}"
    end = page.index("</span>", page.index("</span>", start) + 1)
    return re.sub(r"<[^>]+>|\s+", " ", page[start:end]).strip()


@pytest.fixture
def csp_a(orgs):
    """A community safety partnership in icb-a's area (icb-a is one of its members)."""
    return Organisation.objects.filter(
        kind="partnership", partnership_type="csp", icb=orgs["icb_a"]
    ).first()


@pytest.fixture
def local_target(people, csp_a):
    target, _ = services.save_local_target(people["icb_a"], csp_a.pk, target_post(amount=20))
    return target


@pytest.mark.django_db
def test_a_local_dhr_decision_target_moves_the_due_date_on_the_review_page(
    client, people, csp_a, review_factory
):
    review = review_factory(
        partnership=csp_a,
        review_type="dhr",
        title="Adult D",
        notification_date=datetime.date(2024, 12, 20),
    )
    sign_in(client, people["icb_a"])
    review_url = reverse("reviews:detail", args=[review.pk])
    # The local default: one month after notification.
    assert "20 January 2025" in client.get(review_url).content.decode()

    page = client.get(reverse("timescales:partnership", args=[csp_a.pk])).content.decode()
    assert "Add a local target" in page and "Local default" in page and "Set nationally" in page

    response = client.post(reverse("timescales:target-add", args=[csp_a.pk]), target_post())
    assert response.status_code == 302
    assert response.url == reverse("timescales:partnership", args=[csp_a.pk])
    target = ClockTarget.objects.get()
    assert (target.partnership, target.review_type, target.milestone) == (csp_a, "dhr", "decision")
    assert (target.amount, target.unit, target.version) == (20, "working_days", 1)

    page = client.get(reverse("timescales:partnership", args=[csp_a.pk])).content.decode()
    assert "Set by this partnership" in page and "20 working days" in page
    assert "Replaces the default of 1 month" in page

    # 20 working days from Friday 20 December 2024, skipping Christmas, Boxing Day and New Year.
    page = client.get(review_url).content.decode()
    assert "22 January 2025" in page
    assert "20 January 2025" not in page

    event = AuditEvent.objects.get(action="create", object_type="clocktarget")
    assert event.object_id == str(target.pk) and event.username == "icb-a"
    changes = {c["field"]: c["after"] for c in event.details["changes"]}
    assert changes["amount"] == "20" and changes["unit"] == "Working days"
    assert changes["start_field"] == "Date of notification"


@pytest.mark.django_db
def test_change_link_on_a_local_default_starts_from_that_default(client, people, csp_a):
    sign_in(client, people["icb_a"])
    page = client.get(
        reverse("timescales:target-add", args=[csp_a.pk]) + "?review_type=dhr&milestone=completion"
    ).content.decode()
    assert 'value="completion"' in page and 'value="Complete the review"' in page
    assert 'value="6"' in page


@pytest.mark.django_db
def test_a_nationally_set_milestone_cannot_be_overridden(client, people, csp_a):
    sign_in(client, people["icb_a"])
    response = client.post(
        reverse("timescales:target-add", args=[csp_a.pk]),
        target_post(
            review_type="rapid",
            milestone="rapid_review",
            label="Complete the rapid review",
            met_field="signed_off_date",
            amount="25",
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "set nationally" in field_error(page, "milestone")
    assert 'href="#id_milestone"' in page  # the error summary links to the field
    assert not ClockTarget.objects.exists()

    # The service refuses it too, with a message on the milestone field.
    with pytest.raises(ValidationError) as error:
        services.save_local_target(
            people["icb_a"],
            csp_a.pk,
            target_post(review_type="rapid", milestone="rapid_review", met_field="signed_off_date"),
        )
    assert "milestone" in error.value.message_dict
    assert not ClockTarget.objects.exists()
    assert not AuditEvent.objects.filter(object_type="clocktarget").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": "0"}, "amount", "must be 1 or more"),
        ({"amount": "twenty"}, "amount", "must be a whole number"),
        ({"amount": ""}, "amount", "Enter the number of days or months"),
        ({"amount": "100000"}, "amount", "must be 999 or fewer"),
        ({"unit": ""}, "unit", "Choose working days, calendar days or months"),
        ({"milestone": "dé cision!"}, "milestone", "only include letters, numbers"),
        ({"met_field": "notification_date"}, "met_field", "Choose a different date"),
        ({"start_field": "bedtime"}, "start_field", "Choose the date the clock starts from"),
    ],
)
def test_bad_input_is_refused_with_a_field_message(
    client, people, csp_a, overrides, field, message
):
    sign_in(client, people["icb_a"])
    response = client.post(
        reverse("timescales:target-add", args=[csp_a.pk]), target_post(**overrides)
    )
    assert response.status_code == 400
    assert message in field_error(response.content.decode(), field)
    assert not ClockTarget.objects.exists()


@pytest.mark.django_db
def test_a_second_target_for_the_same_milestone_is_refused(client, people, csp_a, local_target):
    sign_in(client, people["icb_a"])
    response = client.post(
        reverse("timescales:target-add", args=[csp_a.pk]), target_post(milestone="Decision")
    )
    assert response.status_code == 400
    assert "already has a local target" in field_error(response.content.decode(), "milestone")
    assert ClockTarget.objects.count() == 1


@pytest.mark.django_db
def test_another_icb_cannot_see_the_partnership_or_its_targets(client, people, csp_a, local_target):
    sign_in(client, people["icb_b"])
    listing = client.get(reverse("timescales:partnerships"), {"q": csp_a.name}).content.decode()
    assert "0 partnerships" in listing
    assert reverse("timescales:partnership", args=[csp_a.pk]) not in listing
    for url in (
        reverse("timescales:partnership", args=[csp_a.pk]),
        reverse("timescales:target-add", args=[csp_a.pk]),
        reverse("timescales:target-edit", args=[local_target.pk]),
        reverse("timescales:target-remove", args=[local_target.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, target_post(amount="5", version="1")).status_code == 404, url
    local_target.refresh_from_db()
    assert local_target.amount == 20 and local_target.version == 1


@pytest.mark.django_db
def test_oversight_can_read_but_not_change(client, people, csp_a, local_target):
    sign_in(client, people["region"])
    listing = client.get(reverse("timescales:partnerships"), {"q": csp_a.name}).content.decode()
    assert reverse("timescales:partnership", args=[csp_a.pk]) in listing
    page = client.get(reverse("timescales:partnership", args=[csp_a.pk])).content.decode()
    assert "Set by this partnership" in page and "20 working days" in page
    assert "Add a local target" not in page
    assert reverse("timescales:target-edit", args=[local_target.pk]) not in page

    add = reverse("timescales:target-add", args=[csp_a.pk])
    edit = reverse("timescales:target-edit", args=[local_target.pk])
    remove = reverse("timescales:target-remove", args=[local_target.pk])
    assert client.post(add, target_post(milestone="strategy")).status_code == 403
    assert client.post(edit, target_post(amount="5", version="1")).status_code == 403
    assert client.post(remove).status_code == 403
    assert client.get(edit).status_code == 403
    local_target.refresh_from_db()
    assert local_target.amount == 20 and ClockTarget.objects.count() == 1

    with pytest.raises(NotAllowed):
        services.save_local_target(people["region"], csp_a.pk, target_post(milestone="strategy"))
    with pytest.raises(NotAllowed):
        services.remove_local_target(people["region"], local_target.pk)


@pytest.mark.django_db
def test_a_stale_edit_is_refused_with_what_changed(client, people, csp_a, local_target):
    sign_in(client, people["icb_a"])
    url = reverse("timescales:target-edit", args=[local_target.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    assert client.post(url, target_post(amount="25", version="1")).status_code == 302
    local_target.refresh_from_db()
    assert (local_target.amount, local_target.version) == (25, 2)
    change = AuditEvent.objects.get(action="change", object_type="clocktarget")
    assert change.details["version"] == 2
    assert change.details["changes"] == [
        {"field": "amount", "label": "Number of days or months", "before": "20", "after": "25"}
    ]

    response = client.post(url, target_post(amount="30", version="1"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "You changed this record in another tab or window" in page
    assert "Number of days or months" in page
    local_target.refresh_from_db()
    assert (local_target.amount, local_target.version) == (25, 2)


@pytest.mark.django_db
def test_remove_a_local_target(client, people, csp_a, local_target):
    sign_in(client, people["icb_a"])
    url = reverse("timescales:target-remove", args=[local_target.pk])
    page = client.get(url).content.decode()
    assert "Remove this local target?" in page and "local default again" in page
    response = client.post(url)
    assert response.status_code == 302
    assert not ClockTarget.objects.exists()
    event = AuditEvent.objects.get(action="delete", object_type="clocktarget")
    assert event.object_id == str(local_target.pk) and event.username == "icb-a"
    assert event.details["target"]["amount"] == "20"
    page = client.get(reverse("timescales:partnership", args=[csp_a.pk])).content.decode()
    assert "Set by this partnership" not in page


@pytest.mark.django_db
def test_partnership_list_is_filtered_by_name(client, people, csp_a, orgs):
    sign_in(client, people["icb_a"])
    link_a = reverse("timescales:partnership", args=[csp_a.pk])
    link_other = reverse("timescales:partnership", args=[orgs["partnership_a"].pk])
    everything = client.get(reverse("timescales:partnerships")).content.decode()
    assert link_a in everything and link_other in everything
    assert reverse("timescales:partnership", args=[orgs["partnership_b"].pk]) not in everything
    page = client.get(reverse("timescales:partnerships"), {"q": csp_a.name}).content.decode()
    assert link_a in page and link_other not in page
