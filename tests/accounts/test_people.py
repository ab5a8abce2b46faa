"""Administrators manage people: within their own scope, never granting more than they have,
with versioned, audited changes; two-factor resets and unlocks."""

import html
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts import people as services
from safeguarding.accounts.models import User
from safeguarding.audit.models import AuditEvent
from tests.accounts.test_sign_in import sign_in_form
from tests.conftest import make_user, sign_in


def person_post(**overrides):
    data = {
        "username": "dana.input",
        "first_name": "Dana",
        "last_name": "Input",
        "email": "dana.input@example.org",
        "role": "data_input",
        "scope_level": "organisation",
        "organisation": "",
        "region": "",
    }
    data.update(overrides)
    return data


def edit_post(person, **overrides):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "role": person.role,
        "scope_level": person.scope_level,
        "organisation": person.organisation_id or "",
        "region": person.region_id or "",
        "version": person.version,
    }
    if person.is_active:
        data["is_active"] = "on"
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def field_error(page, field):
    """The text of the NHS.UK error message shown next to a field."""
    start = page.find(f'id="id_{field}-error"')
    assert start != -1, f"no error message next to {field}"
    end = page.index("</span>", page.index("</span>", start) + 1)
    return html.unescape(re.sub(r"<[^>]+>|\s+", " ", page[start:end])).strip()


def shown_password(page):
    match = re.search(r'id="one-time-password">([^<]+)<', page)
    assert match, "no one-time password on the page"
    return match.group(1).strip()


@pytest.fixture
def org_admin(orgs):
    """An administrator of ICB A only."""
    return make_user(
        "icb-a-admin",
        role="admin",
        scope_level="organisation",
        organisation=orgs["icb_a"],
        first_name="Olu",
        last_name="Admin",
        email="olu@example.org",
    )


@pytest.fixture
def region_admin(orgs):
    return make_user("region-admin", role="admin", scope_level="region", region=orgs["region_a"])


# --- adding a person --------------------------------------------------------------------------


@pytest.mark.django_db
def test_national_admin_adds_a_data_input_person_whose_password_signs_them_in(client, people, orgs):
    sign_in(client, people["admin"])
    form = client.get(reverse("people:add"))
    assert form.status_code == 200
    assert orgs["icb_a"].name in form.content.decode()

    response = client.post(
        reverse("people:add"), person_post(organisation=orgs["icb_a"].pk, region="")
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Dana Input added" in page and "shown only once" in page
    password = shown_password(page)

    person = User.objects.get(username="dana.input")
    assert (person.role, person.scope_level, person.organisation) == (
        "data_input",
        "organisation",
        orgs["icb_a"],
    )
    assert person.region == orgs["icb_a"].region  # an organisation's person is in its region
    assert person.is_active and person.version == 1 and not person.is_staff
    assert person.check_password(password)
    assert password not in person.password

    event = AuditEvent.objects.get(action="create", object_type="user")
    assert event.object_id == str(person.pk) and event.username == "admin"
    assert event.object_label == "dana.input"
    assert password not in str(event.details)
    after = {c["field"]: c["after"] for c in event.details["changes"]}
    assert after["role"] == "Data input" and after["organisation"] == orgs["icb_a"].name
    assert after["is_active"] == "Active"

    # The password is on that one response only: the person's page does not show it.
    detail = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert password not in detail and "dana.input" in detail

    client.logout()
    response = sign_in_form(client, "dana.input", password)
    assert response.status_code == 302
    assert client.get(reverse("reviews:list")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "ICB-A"}, "username", "already exists"),
        ({"username": ""}, "username", "Enter a username"),
        ({"username": "dana input!"}, "username", "only include letters, numbers"),
        ({"organisation": ""}, "organisation", "Choose the organisation this person works for"),
        ({"scope_level": "region"}, "region", "Choose the region this person oversees"),
        ({"email": "dana.example.org"}, "email", "in the correct format"),
        ({"email": ""}, "email", "Enter an email address"),
        ({"first_name": ""}, "first_name", "Enter the person's first name"),
        ({"role": "superuser"}, "role", "Choose a role"),
    ],
)
def test_bad_input_is_refused_with_a_field_message_and_nothing_saved(
    client, people, orgs, overrides, field, message
):
    sign_in(client, people["admin"])
    before = User.objects.count()
    data = person_post(organisation=orgs["icb_a"].pk)
    data.update(overrides)
    response = client.post(reverse("people:add"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in field_error(page, field)
    assert f'href="#id_{field}"' in page  # the error summary links to the field
    assert User.objects.count() == before
    assert not AuditEvent.objects.filter(action="create", object_type="user").exists()


@pytest.mark.django_db
def test_the_service_refuses_what_the_form_would(people, orgs):
    from django.core.exceptions import ValidationError

    data = {
        "username": "icb-a",
        "first_name": "A",
        "last_name": "B",
        "email": "not-an-email",
        "role": "data_input",
        "scope_level": "organisation",
        "organisation": None,
        "region": None,
    }
    with pytest.raises(ValidationError) as error:
        services.create_person(people["admin"], data)
    assert {"email", "organisation"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        services.create_person(
            people["admin"], {**data, "email": "ok@example.org", "organisation": orgs["icb_a"]}
        )
    assert "already exists" in error.value.message_dict["username"][0]
    assert not AuditEvent.objects.filter(object_type="user", action="create").exists()


# --- scope: an administrator manages only people within it -----------------------------------


@pytest.mark.django_db
def test_organisation_admin_sees_and_manages_only_their_organisation(
    client, people, orgs, org_admin
):
    sign_in(client, org_admin)
    listing = client.get(reverse("people:list")).content.decode()
    assert "icb-a" in listing
    assert reverse("people:detail", args=[people["icb_a"].pk]) in listing
    for other in ("icb_b", "region", "national", "admin"):
        assert reverse("people:detail", args=[people[other].pk]) not in listing, other

    outsider = people["icb_b"]
    TOTPDevice.objects.create(user=outsider, name="app", confirmed=True)
    for url in (
        reverse("people:detail", args=[outsider.pk]),
        reverse("people:edit", args=[outsider.pk]),
        reverse("people:reset-two-factor", args=[outsider.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("people:edit", args=[outsider.pk]),
        reverse("people:reset-two-factor", args=[outsider.pk]),
        reverse("people:unlock", args=[outsider.pk]),
    ):
        assert client.post(url, edit_post(outsider, role="admin")).status_code == 404, url
    outsider.refresh_from_db()
    assert outsider.role == "data_input" and outsider.version == 1
    assert TOTPDevice.objects.filter(user=outsider).exists()
    assert not AuditEvent.objects.filter(object_type="user", action="change").exists()

    # The organisation list offers only their own organisation.
    form = client.get(reverse("people:add")).content.decode()
    assert orgs["icb_a"].name in form and orgs["icb_b"].name not in form
    assert 'value="national"' not in form and 'value="region"' not in form


@pytest.mark.django_db
def test_organisation_admin_cannot_give_a_wider_scope_or_another_organisation(
    client, people, orgs, org_admin
):
    sign_in(client, org_admin)
    response = client.post(
        reverse("people:add"),
        person_post(role="oversight", scope_level="national", organisation=orgs["icb_a"].pk),
    )
    assert response.status_code == 400
    assert "wider than your own" in field_error(response.content.decode(), "scope_level")

    response = client.post(reverse("people:add"), person_post(organisation=orgs["icb_b"].pk))
    assert response.status_code == 400
    assert "within your own scope" in field_error(response.content.decode(), "organisation")
    assert not User.objects.filter(username="dana.input").exists()

    # Nor can they widen someone they manage.
    person = people["icb_a"]
    response = client.post(
        reverse("people:edit", args=[person.pk]), edit_post(person, scope_level="region")
    )
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.scope_level == "organisation" and person.version == 1

    # The service refuses it too.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.create_person(
            org_admin,
            {
                "username": "wide",
                "first_name": "W",
                "last_name": "Ide",
                "email": "wide@example.org",
                "role": "admin",
                "scope_level": "national",
                "organisation": None,
                "region": None,
            },
        )
    assert "wider than your own" in error.value.message_dict["scope_level"][0]


@pytest.mark.django_db
def test_region_admin_manages_their_region_but_nobody_wider(client, people, orgs, region_admin):
    sign_in(client, region_admin)
    listing = client.get(reverse("people:list")).content.decode()
    visible = {
        name
        for name in ("icb_a", "icb_b", "region", "national", "admin")
        if reverse("people:detail", args=[people[name].pk]) in listing
    }
    assert visible == {"icb_a", "region"}

    response = client.post(
        reverse("people:add"),
        person_post(username="rory", scope_level="region", region=orgs["region_a"].pk),
    )
    assert response.status_code == 200
    assert User.objects.get(username="rory").region == orgs["region_a"]

    response = client.post(
        reverse("people:add"),
        person_post(username="rhys", scope_level="region", region=orgs["region_b"].pk),
    )
    assert response.status_code == 400
    assert "within your own scope" in field_error(response.content.decode(), "region")
    response = client.post(
        reverse("people:add"), person_post(username="nat", scope_level="national")
    )
    assert response.status_code == 400
    assert "wider than your own" in field_error(response.content.decode(), "scope_level")
    assert not User.objects.filter(username__in=["rhys", "nat"]).exists()


@pytest.mark.django_db
def test_the_list_filters_by_name_username_and_role(client, people):
    sign_in(client, people["admin"])
    people["icb_b"].first_name, people["icb_b"].last_name = "Bea", "Filterable"
    people["icb_b"].save()

    def names(**query):
        page = client.get(reverse("people:list"), query).content.decode()
        return {
            name
            for name, person in people.items()
            if reverse("people:detail", args=[person.pk]) in page
        }

    assert names() == set(people)
    assert names(q="filterable") == {"icb_b"}
    assert names(q="icb-") == {"icb_a", "icb_b"}
    assert names(role="oversight") == {"region", "national"}
    assert names(q="icb", role="admin") == set()


# --- changing a person -------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_changes_role_and_deactivates_with_an_audited_version(client, people, orgs):
    person = people["icb_a"]
    their_session = client.__class__()
    assert sign_in_form(their_session, "icb-a").status_code == 302
    sign_in(client, people["admin"])
    response = client.post(
        reverse("people:edit", args=[person.pk]),
        edit_post(person, role="reporting", is_active=None),
    )
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[person.pk])
    person.refresh_from_db()
    assert (person.role, person.is_active, person.version) == ("reporting", False, 2)
    event = AuditEvent.objects.get(action="change", object_type="user")
    assert event.object_id == str(person.pk) and event.details["version"] == 2
    changes = {c["field"]: (c["before"], c["after"]) for c in event.details["changes"]}
    assert changes["role"] == ("Data input", "Reporting")
    assert changes["is_active"] == ("Active", "Deactivated")
    # The fixture's person had no region: an organisation's person takes its region.
    assert changes["region"] == ("(blank)", orgs["icb_a"].region.name)
    assert set(changes) == {"role", "is_active", "region"}
    # A deactivated person's session ends, and they cannot sign in again.
    response = their_session.get(reverse("reviews:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:sign-in"))
    client.logout()
    assert sign_in_form(client, "icb-a").status_code == 400


@pytest.mark.django_db
def test_a_stale_edit_is_refused_with_409_and_what_changed(client, people):
    sign_in(client, people["admin"])
    person = people["icb_a"]
    services.change_person(
        people["admin"], person.pk, {"role": "oversight"}, expected_version=1
    )  # someone else, after the form was opened at version 1
    response = client.post(
        reverse("people:edit", args=[person.pk]),
        edit_post(person, first_name="Changed", version=1),
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "You changed this record in another tab or window" in page and "Oversight" in page
    person.refresh_from_db()
    assert person.first_name != "Changed" and person.version == 2


@pytest.mark.django_db
def test_admin_cannot_deactivate_themselves(client, people):
    admin = people["admin"]
    admin.first_name, admin.last_name, admin.email = "Eve", "Admin", "eve@example.org"
    admin.save()
    sign_in(client, admin)
    response = client.post(
        reverse("people:edit", args=[admin.pk]), edit_post(admin, is_active=None)
    )
    assert response.status_code == 400
    assert "cannot deactivate your own account" in field_error(
        response.content.decode(), "is_active"
    )
    admin.refresh_from_db()
    assert admin.is_active and admin.version == 1
    assert not AuditEvent.objects.filter(action="change", object_type="user").exists()


@pytest.mark.django_db
def test_demo_people_may_be_edited(client, people):
    person = people["icb_b"]
    person.is_demo = True
    person.save()
    sign_in(client, people["admin"])
    response = client.post(
        reverse("people:edit", args=[person.pk]), edit_post(person, last_name="Renamed")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "Renamed" and person.is_demo


# --- two-factor reset and unlock ---------------------------------------------------------------


@pytest.mark.django_db
def test_reset_two_factor_deletes_devices_and_is_audited(client, people):
    person = people["national"]
    TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=person, name="half set up", confirmed=False)
    StaticDevice.objects.create(user=person, name="backup codes")
    their_session = sign_in(client.__class__(), person)  # verified with a device of its own
    assert their_session.get(reverse("reviews:list")).status_code == 200
    sign_in(client, people["admin"])

    confirm = client.get(reverse("people:reset-two-factor", args=[person.pk]))
    assert confirm.status_code == 200
    assert "Reset two-factor authentication for" in confirm.content.decode()
    assert TOTPDevice.objects.filter(user=person).count() == 3  # GET changes nothing

    response = client.post(reverse("people:reset-two-factor", args=[person.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticDevice.objects.filter(user=person).exists()
    assert TOTPDevice.objects.filter(user=people["admin"]).exists()  # the admin's own is kept
    event = AuditEvent.objects.get(object_type="user", object_id=str(person.pk))
    assert event.action == "change" and event.details["operation"] == "reset_two_factor"
    assert event.details["devices_removed"] == 4
    # A session verified with a removed device is sent to set one up again.
    response = their_session.get(reverse("reviews:list"))
    assert response.status_code == 302 and response.url == reverse("accounts:two-factor")

    # At their next sign-in they set up a device again.
    client.logout()
    sign_in_form(client, "national")
    setup = client.get(reverse("accounts:two-factor")).content.decode()
    assert "Set up two-factor authentication" in setup


@pytest.mark.django_db
def test_unlock_clears_a_lockout(client, people, settings):
    person = people["icb_b"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_form(client, "icb-b", "wrong")
    assert sign_in_form(client, "icb-b").status_code == 429

    admin_client = sign_in(client.__class__(), people["admin"])
    detail = admin_client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Locked" in detail and reverse("people:unlock", args=[person.pk]) in detail
    listing = admin_client.get(reverse("people:list"), {"q": "icb-b"}).content.decode()
    assert "Locked" in listing

    assert admin_client.get(reverse("people:unlock", args=[person.pk])).status_code == 405
    response = admin_client.post(reverse("people:unlock", args=[person.pk]))
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="user", object_id=str(person.pk), action="change")
    assert event.details["operation"] == "unlock"
    assert event.details["failed_sign_ins_cleared"] >= settings.AXES_FAILURE_LIMIT
    assert event.username == "admin"

    response = sign_in_form(client, "icb-b")
    assert response.status_code == 302
    assert client.get(reverse("reviews:list")).status_code == 200


# --- who may use these pages ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["icb_a", "region", "national"])
def test_people_who_are_not_admins_get_403_on_every_page(client, people, who):
    sign_in(client, people[who])
    target = people["icb_a"].pk
    urls = [
        reverse("people:list"),
        reverse("people:add"),
        reverse("people:detail", args=[target]),
        reverse("people:edit", args=[target]),
        reverse("people:reset-two-factor", args=[target]),
        reverse("people:unlock", args=[target]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, person_post()).status_code == 403, url
    assert User.objects.count() == len(people)
    assert not AuditEvent.objects.filter(object_type="user").exclude(action="sign_in").exists()


@pytest.mark.django_db
def test_an_absent_person_is_404(client, people):
    sign_in(client, people["admin"])
    assert client.get(reverse("people:detail", args=[999999])).status_code == 404
    assert client.get("/people/99999999999999999999999/").status_code == 404
