"""A refused stale edit says who changed the record and when: "You ... in another tab or
window" when it was the same person, their name otherwise."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts import people as services
from tests.accounts.test_people import edit_post
from tests.conftest import make_user, sign_in

AT = datetime.datetime(2026, 12, 7, 10, 32, tzinfo=datetime.UTC)


def _stale_post(client, person):
    response = client.post(
        reverse("people:edit", args=[person.pk]), edit_post(person, first_name="Late", version=1)
    )
    assert response.status_code == 409
    return response.content.decode()


@pytest.mark.django_db
def test_the_same_person_in_another_tab_is_told_it_was_them(client, people):
    admin, person = people["admin"], people["icb_a"]
    sign_in(client, admin)
    with time_machine.travel(AT, tick=False):
        services.change_person(admin, person.pk, {"role": "oversight"}, expected_version=1)
        page = _stale_post(client, person)
    clock = timezone.localtime(AT).strftime("%H:%M")
    assert f"You changed this record in another tab or window at {clock}" in page
    assert "Someone else" not in page
    assert "Oversight" in page  # what changed is still shown
    person.refresh_from_db()
    assert person.first_name != "Late"


@pytest.mark.django_db
def test_another_person_is_named_with_the_time(client, people):
    alex = make_user(
        "alex", role="admin", scope_level="national", first_name="Alex", last_name="Smith"
    )
    person = people["icb_a"]
    sign_in(client, people["admin"])
    with time_machine.travel(AT, tick=False):
        services.change_person(alex, person.pk, {"role": "oversight"}, expected_version=1)
        page = _stale_post(client, person)
    clock = timezone.localtime(AT).strftime("%H:%M")
    assert "Someone else changed this record after you opened it" in page
    assert f"Changed by Alex Smith at {clock}." in page
    assert "You changed this record" not in page


@pytest.mark.django_db
def test_a_change_on_an_earlier_day_gives_the_date(client, people):
    alex = make_user(
        "alex", role="admin", scope_level="national", first_name="Alex", last_name="Smith"
    )
    person = people["icb_a"]
    with time_machine.travel(AT, tick=False):
        services.change_person(alex, person.pk, {"role": "oversight"}, expected_version=1)
    with time_machine.travel(AT + datetime.timedelta(days=2), tick=False):
        sign_in(client, people["admin"])
        page = _stale_post(client, person)
    local = timezone.localtime(AT)
    assert f"Changed by Alex Smith at {local:%H:%M} on {local.day} {local:%B %Y}." in page
