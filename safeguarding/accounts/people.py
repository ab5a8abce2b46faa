"""Administrators manage the people who use the service, within their own scope.

Plain functions, one transaction each; every create, change, two-factor reset and unlock
writes an audit event (object type ``user``) in the same transaction.

Who an administrator may manage: a person is in an administrator's scope when the person
is anchored in the administrator's area **and** sees no more than the administrator does:

* a national administrator manages everyone;
* a regional administrator manages organisation-scope people whose organisation is in
  the region, and region-scope people of the region;
* an organisation administrator manages organisation-scope people of that organisation.

So nobody can reset the second factor of, deactivate or otherwise take over a person who
sees more than they do, and nobody can give a scope, organisation or region beyond their
own. Anyone else is ``Http404``, as for records out of scope.
"""

import secrets

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.audit import services as audit
from safeguarding.organisations.models import Organisation, Region
from safeguarding.versioning import FieldChange, check_version, diff

from .models import User
from .scope import scope_for

NOT_ADMIN = "Only administrators can manage the people who use the service"

#: Scope levels from the narrowest to the widest.
SCOPE_ORDER = (User.ScopeLevel.ORGANISATION, User.ScopeLevel.REGION, User.ScopeLevel.NATIONAL)

#: The fields an administrator sets when adding a person, in form order.
CREATE_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "scope_level",
    "organisation",
    "region",
)
#: The fields an administrator may change afterwards (the username stays).
CHANGE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "role",
    "scope_level",
    "organisation",
    "region",
    "is_active",
)

MESSAGES = {
    "username_taken": "A person with this username already exists: choose another",
    "scope_too_wide": "You cannot give a scope wider than your own",
    "organisation_out_of_scope": "Choose an organisation within your own scope",
    "region_out_of_scope": "Choose a region within your own scope",
    "organisation_required": "Choose the organisation this person works for",
    "region_required": "Choose the region this person oversees",
    "deactivate_self": "You cannot deactivate your own account",
}

# An alphabet without look-alike characters (0/O, 1/l/I), for a password read aloud or
# copied by hand.
_READABLE_CHARACTERS = "abcdefghjkmnpqrstuvwxyz23456789"


# --- who an administrator may manage ------------------------------------------------------


def _require_admin(actor):
    scope = scope_for(actor)
    if not scope.is_admin:
        raise PermissionDenied(NOT_ADMIN)
    return scope


def is_admin(actor):
    return scope_for(actor).is_admin


def _people_q(scope):
    if scope.level == "national":
        return Q()
    if scope.level == "region" and scope.region_id:
        return Q(
            scope_level=User.ScopeLevel.ORGANISATION, organisation__region_id=scope.region_id
        ) | Q(scope_level=User.ScopeLevel.REGION, region_id=scope.region_id)
    if scope.level == "organisation" and scope.organisation_id:
        return Q(scope_level=User.ScopeLevel.ORGANISATION, organisation_id=scope.organisation_id)
    return Q(pk__in=[])


def visible_people(actor):
    """The people an administrator may see and manage (``PermissionDenied`` for others)."""
    scope = _require_admin(actor)
    return User.objects.filter(_people_q(scope))


def search_people(actor, q="", role=""):
    """People in the administrator's scope whose name or username matches, by name."""
    people = visible_people(actor).select_related("organisation", "region")
    for word in q.split()[:8]:
        people = people.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
        )
    if role:
        people = people.filter(role=role)
    return people.order_by("last_name", "first_name", "username", "pk")


def get_person(actor, pk):
    """A person the administrator may manage, or ``Http404``."""
    person = visible_people(actor).select_related("organisation", "region").filter(pk=pk).first()
    if person is None:
        raise Http404("No person found")
    return person


def scope_levels_for(actor):
    """The scope levels an administrator may give: none wider than their own."""
    scope = _require_admin(actor)
    if scope.level not in SCOPE_ORDER:
        return ()
    return SCOPE_ORDER[: SCOPE_ORDER.index(scope.level) + 1]


def organisations_for(actor):
    """The organisations an administrator may put people in."""
    scope = _require_admin(actor)
    if scope.level == "national":
        return Organisation.objects.all()
    if scope.level == "region" and scope.region_id:
        return Organisation.objects.filter(region_id=scope.region_id)
    if scope.level == "organisation" and scope.organisation_id:
        return Organisation.objects.filter(pk=scope.organisation_id)
    return Organisation.objects.none()


def regions_for(actor):
    """The regions an administrator may give a regional scope over."""
    scope = _require_admin(actor)
    if scope.level == "national":
        return Region.objects.all()
    if scope.level == "region" and scope.region_id:
        return Region.objects.filter(pk=scope.region_id)
    return Region.objects.none()


# --- the state of a person's sign-in --------------------------------------------------------


def _attempts(usernames):
    """Axes' records of failed sign-ins for these usernames within the cool-off period.

    Axes counts each username exactly as typed; only the exact username can sign in.
    """
    attempts = AccessAttempt.objects.filter(username__in=list(usernames))
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts


def locked_usernames(usernames):
    """Which of these usernames are locked out after too many failed sign-ins."""
    failures = {}
    for username, count in _attempts(usernames).values_list("username", "failures_since_start"):
        failures[username] = failures.get(username, 0) + count
    return {name for name, count in failures.items() if count >= settings.AXES_FAILURE_LIMIT}


def is_locked(person):
    return person.username in locked_usernames([person.username])


def failed_sign_ins(person):
    """Failed sign-ins counted towards a lockout (within the cool-off period)."""
    return sum(_attempts([person.username]).values_list("failures_since_start", flat=True))


def username_taken(username):
    """Whether someone already has this username, in any letter case."""
    return User.objects.filter(username__iexact=(username or "").strip()).exists()


def has_two_factor(person):
    return TOTPDevice.objects.filter(user=person, confirmed=True).exists()


# --- checks shared by adding and changing a person ------------------------------------------


def _strip(values):
    values = dict(values)
    for name in ("username", "first_name", "last_name", "email"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    return values


def _field_errors(values):
    errors = {}
    if "username" in values:
        try:
            UnicodeUsernameValidator()(values["username"] or "")
        except ValidationError:
            errors["username"] = (
                "The username must only include letters, numbers and the characters @ . + - _"
            )
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like name@nhs.net"
    if values.get("role") not in User.Role.values:
        errors["role"] = "Choose a role"
    return errors


def _scope_errors(actor, values, person=None):
    """Anything wider than the administrator's own scope, or an incomplete scope."""
    errors = {}
    level = values.get("scope_level")
    organisation, region = values.get("organisation"), values.get("region")
    if level not in scope_levels_for(actor):
        errors["scope_level"] = MESSAGES["scope_too_wide"]
    if (
        organisation is not None
        and not organisations_for(actor).filter(pk=organisation.pk).exists()
    ):
        errors["organisation"] = MESSAGES["organisation_out_of_scope"]
    # An organisation-scope person's region is their organisation's (see _derive_region).
    if (
        level != User.ScopeLevel.ORGANISATION
        and region is not None
        and not regions_for(actor).filter(pk=region.pk).exists()
    ):
        errors["region"] = MESSAGES["region_out_of_scope"]
    if level == User.ScopeLevel.ORGANISATION and organisation is None:
        errors.setdefault("organisation", MESSAGES["organisation_required"])
    if level == User.ScopeLevel.REGION and region is None:
        errors.setdefault("region", MESSAGES["region_required"])
    if person is not None and person.pk == actor.pk and values.get("is_active") is False:
        errors["is_active"] = MESSAGES["deactivate_self"]
    return errors


def _validate(actor, values, person=None):
    """``ValidationError`` with every field message at once."""
    errors = {**_scope_errors(actor, values, person), **_field_errors(values)}
    if person is None and "username" not in errors and username_taken(values.get("username")):
        errors["username"] = MESSAGES["username_taken"]
    if errors:
        raise ValidationError(errors)


def _derive_region(values):
    """An organisation-scope person's region is their organisation's."""
    if values.get("scope_level") == User.ScopeLevel.ORGANISATION and values.get("organisation"):
        values = {**values, "region": values["organisation"].region}
    return values


_ACTIVE = {"True": "Active", "False": "Deactivated"}


def _changes(changes, *, created=False):
    """Field changes as stored in the audit trail; the active flag in words."""
    out = []
    for change in changes:
        if change.field == "is_active":
            change = FieldChange(
                field="is_active",
                label="Status",
                before=_ACTIVE.get(change.before, change.before),
                after=_ACTIVE.get(change.after, change.after),
            )
        if created:
            change = FieldChange(change.field, change.label, "(blank)", change.after)
        out.append(change.__dict__)
    return out


def new_password():
    """A random one-time password: 4 groups of 4 characters, about 80 bits."""
    return "-".join(
        "".join(secrets.choice(_READABLE_CHARACTERS) for _ in range(4)) for _ in range(4)
    )


# --- changes ----------------------------------------------------------------------------------


def create_person(actor, data, *, request=None):
    """Add a person with a random one-time password. Returns ``(person, password)``.

    ``data`` holds the fields in ``CREATE_FIELDS`` (``organisation`` and ``region`` as
    model instances or None). ``PermissionDenied`` for a non-administrator;
    ``ValidationError`` with field messages for a taken username, a scope, organisation or
    region beyond the administrator's own, or a missing organisation or region.
    """
    values = _strip({name: data.get(name) for name in CREATE_FIELDS})
    with transaction.atomic():
        _validate(actor, values)
        values = _derive_region(values)
        person = User(**values, is_active=True)
        password = new_password()
        while True:
            try:
                password_validation.validate_password(password, person)
                break
            except ValidationError:  # pragma: no cover - vanishingly unlikely
                password = new_password()
        person.set_password(password)
        person.full_clean(exclude=["password"])
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError:
            raise ValidationError({"username": MESSAGES["username_taken"]}) from None
        blank = User(scope_level="", role="", is_active=False)
        changes = diff(blank, {**values, "is_active": True}, (*CREATE_FIELDS, "is_active"))
        audit.record(
            actor,
            "create",
            person,
            request=request,
            object_type="user",
            label=person.username,
            details={"version": person.version, "changes": _changes(changes, created=True)},
        )
    return person, password


def change_person(actor, pk, data, expected_version=None, *, request=None):
    """Change a person's names, email, role, scope, organisation, region or active flag.

    ``Http404`` for a person outside the administrator's scope, ``StaleEdit`` if someone
    saved a change since ``expected_version``, ``ValidationError`` (field messages) for
    anything beyond the administrator's scope or for deactivating themselves. Returns
    ``(person, changes)``; nothing is saved when nothing changed.
    """
    values = _strip({name: data[name] for name in CHANGE_FIELDS if name in data})
    with transaction.atomic():
        visible = visible_people(actor)
        person = visible.select_for_update().filter(pk=pk).first()
        if person is None:
            raise Http404("No person found")
        check_version(person, expected_version)
        merged = {name: getattr(person, name) for name in CHANGE_FIELDS}
        merged.update(values)
        _validate(actor, merged, person)
        merged = _derive_region(merged)
        changes = diff(person, merged, CHANGE_FIELDS)
        if not changes:
            return person, []
        for name, value in merged.items():
            setattr(person, name, value)
        person.version += 1
        person.full_clean(exclude=["password"])
        person.save()
        audit.record(
            actor,
            "change",
            person,
            request=request,
            object_type="user",
            label=person.username,
            details={"version": person.version, "changes": _changes(changes)},
        )
    return person, changes


def _locked_person(actor, pk):
    person = visible_people(actor).select_for_update().filter(pk=pk).first()
    if person is None:
        raise Http404("No person found")
    return person


def reset_two_factor(actor, pk, *, request=None):
    """Remove a person's second-factor devices: they set one up again at their next sign-in.

    Returns the number of devices removed. The person's version is unchanged: their
    details are not.
    """
    with transaction.atomic():
        person = _locked_person(actor, pk)
        devices = list(devices_for_user(person, confirmed=None))
        for device in devices:
            device.delete()
        audit.record(
            actor,
            "change",
            person,
            request=request,
            object_type="user",
            label=person.username,
            details={
                "operation": "reset_two_factor",
                "devices_removed": len(devices),
                "changes": [
                    {
                        "field": "two_factor",
                        "label": "Two-factor authentication",
                        "before": "Set up" if devices else "Not set up",
                        "after": "Reset: set up again at next sign-in",
                    }
                ],
            },
        )
    return len(devices)


def unlock(actor, pk, *, request=None):
    """Clear a person's failed sign-ins, ending a lockout. Returns the records removed."""
    with transaction.atomic():
        person = _locked_person(actor, pk)
        was_locked = is_locked(person)
        # Clear the username as typed in any letter case, so no variant is left counting.
        attempts = list(
            AccessAttempt.objects.filter(username__iexact=person.username).values_list(
                "username", "failures_since_start"
            )
        )
        failures = sum(count for _, count in attempts)
        usernames = {username for username, _ in attempts} | {person.username}
        removed = sum(axes_reset(username=username) for username in sorted(usernames))
        audit.record(
            actor,
            "change",
            person,
            request=request,
            object_type="user",
            label=person.username,
            details={
                "operation": "unlock",
                "failed_sign_ins_cleared": failures,
                "changes": [
                    {
                        "field": "locked",
                        "label": "Sign-in lockout",
                        "before": f"Locked ({failures} failed sign-ins)"
                        if was_locked
                        else f"Not locked ({failures} failed sign-ins)",
                        "after": "Unlocked",
                    }
                ],
            },
        )
    return removed
