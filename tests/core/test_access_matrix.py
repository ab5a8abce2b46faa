"""Every mutating route × every role × a record in and out of scope → the expected answer.

Each URL pattern is either in MUTATING (POST, or a GET that changes state), with a rule
that gives the expected answer for a person and a record, or in READ_ONLY. A new route in
neither fails ``test_every_route_is_classified``, so routes added later (concerns, learning
events, networks, assurance) join the matrix by construction.

The answers: ALLOWED (the route's success status: the payload is a valid form, so a
refusal is the gate's and not the form's), 403 (the role may not change records), 404 (the
record is outside the person's scope), FORM (400: the form refuses a partnership or
organisation outside the person's scope, for routes that create a record) and SIGN_IN (a
redirect to the sign-in page, for anonymous requests). After every refusal nothing has
changed: the records (every field, the version among them) and the number of audit events
that record a write are the same as before.

The people and records are made once for the module (reference data, two ICBs' reviews,
recommendations, actions, documents, imports, local targets and people) and every test runs
in a transaction rolled back at its end, so an allowed change never leaks into the next.
"""

import datetime
import shutil
from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts.models import User
from safeguarding.actions.models import Action, Recommendation
from safeguarding.audit.models import AuditEvent
from safeguarding.documents.models import (
    Document,
    DocumentPage,
    DraftRecommendation,
    ThemeSuggestion,
)
from safeguarding.organisations.models import Organisation, OrganisationAlias
from safeguarding.organisations.reference import load_reference_data
from safeguarding.reviews.models import Dissemination, Review, ReviewTheme
from safeguarding.spreadsheets import services as spreadsheet_services
from safeguarding.spreadsheets.models import ImportBatch, ImportChoices
from safeguarding.themes.models import ThemeFeedback
from safeguarding.timescales import services as timescale_services
from safeguarding.timescales.models import ClockTarget
from tests.conftest import ICB_A, ICB_B, PASSWORD, make_user, sign_in
from tests.documents.factories import make_document

# --- who ------------------------------------------------------------------------------------

#: The people who make the requests. Side "a" is ICB A's area (North West), "b" is ICB B's.
ACTORS = (
    "anonymous",
    "icb_a",  # data input, organisation scope: ICB A
    "icb_b",  # data input, organisation scope: ICB B
    "reporting_a",  # reporting, organisation scope: ICB A
    "region_input",  # data input, region scope: ICB A's region
    "region",  # oversight, region scope: ICB A's region
    "national",  # oversight, national scope
    "icb_admin",  # administrator, organisation scope: ICB A
    "admin",  # administrator, national scope
)
SIDES = ("a", "b")

#: The reviews (and what belongs to them, and partnerships) each person's scope holds.
SEES = {
    "anonymous": set(),
    "icb_a": {"a"},
    "icb_b": {"b"},
    "reporting_a": {"a"},
    "region_input": {"a"},
    "region": {"a"},
    "national": {"a", "b"},
    "icb_admin": {"a"},
    "admin": {"a", "b"},
}
#: The roles that may change records (data input and administration).
EDITORS = {"icb_a", "icb_b", "region_input", "icb_admin", "admin"}
ADMINS = {"icb_admin", "admin"}
#: An import holds the raw file: only its uploader and national administrators see it.
#: Batch "a" was uploaded by icb_a, batch "b" by icb_b.
SEES_BATCH = {"icb_a": {"a"}, "icb_b": {"b"}, "admin": {"a", "b"}}
#: People an administrator manages: person "a" works for ICB A, person "b" for ICB B.
SEES_PERSON = {"icb_admin": {"a"}, "admin": {"a", "b"}}

# --- what -----------------------------------------------------------------------------------

ALLOWED, FORM, SIGN_IN = "allowed", 400, "sign-in"


def scope_then_role(sees=SEES, may=EDITORS):
    """A record route: out of scope → 404 (even for a role that may not change it);
    in scope, a role that may not change records → 403; otherwise allowed."""

    def rule(actor, side):
        if actor == "anonymous":
            return SIGN_IN
        if side not in sees.get(actor, ()):
            return 404
        return ALLOWED if actor in may else 403

    return rule


def role_then_scope(sees, may):
    """The role is checked before the record is looked up: 403 first, then 404."""

    def rule(actor, side):
        if actor == "anonymous":
            return SIGN_IN
        if actor not in may:
            return 403
        return ALLOWED if side in sees.get(actor, ()) else 404

    return rule


def create_in(sees=SEES, may=EDITORS):
    """A route that creates a record for a partnership or organisation chosen on the form:
    a role that may not → 403; a choice outside the person's scope is a form error (400)."""

    def rule(actor, side):
        if actor == "anonymous":
            return SIGN_IN
        if actor not in may:
            return 403
        return ALLOWED if side in sees.get(actor, ()) else FORM

    return rule


def role_only(may):
    def rule(actor, side):
        if actor == "anonymous":
            return SIGN_IN
        return ALLOWED if actor in may else 403

    return rule


def signed_in(actor, side):
    return SIGN_IN if actor == "anonymous" else ALLOWED


def anyone(actor, side):
    return ALLOWED


def date_fields(name, value):
    return {f"{name}[day]": value.day, f"{name}[month]": value.month, f"{name}[year]": value.year}


def review_post(world, side, review=None):
    data = {
        "title": "Child Q",
        "review_type": "rapid",
        "partnership": world[side]["partnership"].pk,
        "publication_status": "not_yet",
        "primary_themes": ["neglect"],
        **date_fields("incident_date", datetime.date(2024, 12, 10)),
        **date_fields("notification_date", datetime.date(2024, 12, 20)),
    }
    if review is not None:
        data["version"] = review.version
    return data


def action_post(world, side, action=None):
    data = {
        "description": "Audit information sharing at strategy meetings",
        "owner": world[side]["partnership"].icb_id,
        "lead": "Designated nurse",
        "status": "not_started",
        **date_fields("due_date", datetime.date(2025, 6, 30)),
    }
    if action is not None:
        data["version"] = action.version
    return data


def target_post(**overrides):
    return {
        "review_type": "dhr",
        "milestone": "decision",
        "label": "Decide whether to hold a review",
        "start_field": "notification_date",
        "met_field": "decision_date",
        "amount": "20",
        "unit": "working_days",
        **overrides,
    }


#: The local target each CSP holds before a test (edited and removed by the matrix).
SEEDED_TARGET = target_post(
    milestone="completion",
    label="Complete the review",
    start_field="decision_date",
    met_field="signed_off_date",
    amount="5",
    unit="months",
)


def person_post(world, side):
    return {
        "username": "dana.input",
        "first_name": "Dana",
        "last_name": "Input",
        "email": "dana.input@example.org",
        "role": "data_input",
        "scope_level": "organisation",
        "organisation": world[side]["icb"].pk,
        "region": "",
    }


def edit_person_post(world, side):
    person = world[side]["person"]
    return {
        "first_name": "Renamed",
        "last_name": person.last_name,
        "email": person.email,
        "role": person.role,
        "scope_level": person.scope_level,
        "organisation": person.organisation_id,
        "region": person.region_id or "",
        "is_active": "on",
        "version": person.version,
    }


def csv_upload(partnership):
    content = (
        "Title,Type of review,Safeguarding partnership,Date of notification,Local reference\r\n"
        f"Child M,rapid,{partnership.name},2024-12-20,M-1\r\n"
    ).encode()
    return SimpleUploadedFile("tracker.csv", content, content_type="text/csv")


@dataclass(frozen=True)
class Route:
    #: What the URL's argument names (a key of world[side]), or None for no argument.
    kind: str | None
    rule: object
    #: The request a person with the right would make: payload(world, side) → POST data.
    payload: object = None
    method: str = "post"
    #: The status codes of success.
    ok: frozenset = field(default=frozenset({302}))
    #: Whether success writes (a record changes or a write is audited).
    writes: bool = True
    #: Whether the side matters (False: one request per person).
    sided: bool = True


MUTATING = {
    # Sign-in and two-factor change the session and write sign-in events; sign-out ends the
    # session (it should need CSRF: another change). Two-factor's GET makes a pending device.
    "accounts:sign-in": Route(
        None,
        anyone,
        lambda world, side: {"username": "icb-a", "password": PASSWORD},
        writes=False,
        sided=False,
    ),
    "accounts:two-factor": Route(
        None,
        signed_in,
        lambda world, side: {"token": "000000"},
        ok=frozenset({302, 400}),  # verified: on to the next page; others: a wrong code
        writes=False,
        sided=False,
    ),
    "accounts:sign-out": Route(None, signed_in, lambda world, side: {}, writes=False, sided=False),
    # Reviews.
    "reviews:create": Route(None, create_in(), review_post),
    "reviews:edit": Route(
        "review", scope_then_role(), lambda w, s: review_post(w, s, w[s]["review"])
    ),
    "reviews:dissemination-add": Route(
        "review",
        scope_then_role(),
        lambda w, s: {
            "kind": "briefing",
            **date_fields("date", datetime.date(2025, 2, 1)),
            "audience": "GP practices",
            "notes": "",
        },
    ),
    # Recommendations and actions.
    "actions:recommendation-add": Route(
        "review", scope_then_role(), lambda w, s: {"number": "2", "text": "Seek assurance"}
    ),
    "actions:recommendation-edit": Route(
        "recommendation",
        scope_then_role(),
        lambda w, s: {
            "number": "1",
            "text": "Share information, changed",
            "version": w[s]["recommendation"].version,
        },
    ),
    "actions:action-add": Route("recommendation", scope_then_role(), action_post),
    "actions:action-edit": Route(
        "action", scope_then_role(), lambda w, s: action_post(w, s, w[s]["action"])
    ),
    # Documents.
    "documents:upload": Route(
        "review",
        scope_then_role(),
        lambda w, s: {
            "file": SimpleUploadedFile(
                "report.txt", b"Recommendation 1: Share information about risk.\n"
            )
        },
    ),
    "documents:confirm-all": Route("document", scope_then_role(), lambda w, s: {}),
    "documents:draft-edit": Route(
        "draft",
        scope_then_role(),
        lambda w, s: {"number": "1", "text": "Changed", "version": w[s]["draft"].version},
    ),
    "documents:draft-confirm": Route(
        "draft", scope_then_role(), lambda w, s: {"version": w[s]["draft"].version}
    ),
    "documents:draft-discard": Route(
        "draft", scope_then_role(), lambda w, s: {"version": w[s]["draft"].version}
    ),
    "documents:suggestion-decide": Route(
        "suggestion", scope_then_role(), lambda w, s: {"decision": "accept"}
    ),
    "documents:theme-decisions": Route(
        "document",
        scope_then_role(),
        lambda w, s: {"suggestions": [w[s]["suggestion"].pk], "decision": "accept"},
    ),
    # Spreadsheet imports: the role is checked first, then whose import it is.
    "spreadsheets:upload": Route(
        None,
        role_only(EDITORS),
        lambda w, s: {"file": csv_upload(w[s]["partnership"])},
        sided=False,
    ),
    "spreadsheets:mapping": Route(
        "batch",
        role_then_scope(SEES_BATCH, EDITORS),
        # The uploaded file's suggested mapping, less the local reference: a change.
        lambda w, s: {
            **{
                f"column_{i}": key if key != "reference" else ""
                for i, heading in enumerate(w[s]["batch"].header)
                for key in [w[s]["batch"].mapping.get(heading, "")]
            },
            "version": w[s]["batch"].version,
        },
    ),
    # Reading the file again from the same heading row changes nothing.
    "spreadsheets:table": Route(
        "batch",
        role_then_scope(SEES_BATCH, EDITORS),
        lambda w, s: {"version": w[s]["batch"].version, "heading_row": 1},
        writes=False,
    ),
    # The clean file has no value to decide, and a choices file naming the same row
    # changes nothing: the right is what is tested.
    "spreadsheets:values": Route(
        "batch",
        role_then_scope(SEES_BATCH, EDITORS),
        lambda w, s: {"version": w[s]["batch"].version},
        writes=False,
    ),
    "spreadsheets:choices": Route(
        "batch",
        role_then_scope(SEES_BATCH, EDITORS),
        lambda w, s: {
            "version": w[s]["batch"].version,
            "choices_file": SimpleUploadedFile("c.json", b'{"heading_row": 1}'),
        },
        writes=False,
    ),
    # A GET that records the check's result on the import.
    "spreadsheets:check": Route(
        "batch", role_then_scope(SEES_BATCH, EDITORS), method="get", ok=frozenset({200})
    ),
    "spreadsheets:commit": Route("batch", role_then_scope(SEES_BATCH, EDITORS), lambda w, s: {}),
    "spreadsheets:update-existing": Route(
        "batch",
        role_then_scope(SEES_BATCH, EDITORS),
        lambda w, s: {"version": w[s]["batch"].version, "update": "yes"},
    ),
    # A partnership's own clock targets.
    "timescales:target-add": Route("csp", scope_then_role(), lambda w, s: target_post()),
    "timescales:target-edit": Route(
        "target",
        scope_then_role(),
        lambda w, s: {**SEEDED_TARGET, "amount": "4", "version": w[s]["target"].version},
    ),
    "timescales:target-remove": Route("target", scope_then_role(), lambda w, s: {}),
    # People: administrators only (403 before anything else), within their scope (404).
    "people:add": Route(None, create_in(SEES_PERSON, ADMINS), person_post, ok=frozenset({200})),
    "people:edit": Route("person", role_then_scope(SEES_PERSON, ADMINS), edit_person_post),
    "people:reset-two-factor": Route(
        "person", role_then_scope(SEES_PERSON, ADMINS), lambda w, s: {}
    ),
    "people:unlock": Route("person", role_then_scope(SEES_PERSON, ADMINS), lambda w, s: {}),
}

#: Routes that change nothing, with what their argument names (checked below: a GET and a
#: POST to each writes nothing).
READ_ONLY = {
    "home": None,
    "health": None,
    "accessibility": None,
    "reviews:list": None,
    "reviews:incomplete": None,
    "reviews:detail": "review",
    "actions:my-actions": None,
    "actions:recommendation-detail": "recommendation",
    # A POST only redirects to the page (404 out of scope).
    "actions:action-detail": "action",
    "audit:log": None,
    "spreadsheets:home": None,
    "spreadsheets:export": None,
    "spreadsheets:result": "batch",
    "search:search": None,
    "search:recurring": None,
    "search:recurring-group": "recommendation",
    "documents:detail": "document",
    "documents:progress": "document",
    "documents:download": "document",
    "timescales:partnerships": None,
    "timescales:partnership": "csp",
    "people:list": None,
    "people:detail": "person",
    "dashboard:overview": None,
    "dashboard:themes": None,
    "dashboard:progress": None,
    "dashboard:completeness": None,
    "dashboard:dhr": None,
    "dashboard:report": None,
    "dashboard:reviews": None,
    "dashboard:actions": None,
    # A POST only redirects to the download (404 out of scope).
    "reports:briefing": "review",
}

#: Audit actions that record a write; the rest record reads and sign-ins.
WRITE_ACTIONS = {"create", "change", "delete", "import"}
READ_ACTIONS = {
    "view",
    "export",
    "sign_in",
    "sign_in_failed",
    "sign_out",
    "not_found",
    "two_factor_failed",
    "anchor",
}

#: The state compared before and after each refusal, every field of every row.
TRACKED = (
    Review,
    ReviewTheme,
    Dissemination,
    Recommendation,
    Recommendation.themes.through,
    Action,
    Document,
    DocumentPage,
    DraftRecommendation,
    ThemeSuggestion,
    ThemeFeedback,
    ClockTarget,
    ImportBatch,
    ImportChoices,
    OrganisationAlias,
    User,
    TOTPDevice,
    AccessAttempt,
)


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            yield from walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or entry.pattern}", list(entry.pattern.converters)


# --- the world, once per module -------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def document_storage(tmp_path_factory):
    """Stored documents for the module's records and every test (replaces the per-test one),
    and a fast password hasher for the module's people (the default takes most of a second
    per person)."""
    location = tmp_path_factory.mktemp("document-storage")
    from django.conf import settings

    storages = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(STORAGES=storages, PASSWORD_HASHERS=hashers):
        yield location
    shutil.rmtree(location, ignore_errors=True)


def _device(user):
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, document_storage):
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        icb = {"a": Organisation.objects.get(name=ICB_A), "b": Organisation.objects.get(name=ICB_B)}
        region_a = icb["a"].region
        people = {
            "icb_a": make_user(
                "icb-a", role="data_input", scope_level="organisation", organisation=icb["a"]
            ),
            "icb_b": make_user(
                "icb-b", role="data_input", scope_level="organisation", organisation=icb["b"]
            ),
            "reporting_a": make_user(
                "reporting-a", role="reporting", scope_level="organisation", organisation=icb["a"]
            ),
            "region_input": make_user(
                "region-input", role="data_input", scope_level="region", region=region_a
            ),
            "region": make_user("region", role="oversight", scope_level="region", region=region_a),
            "national": make_user("national", role="oversight", scope_level="national"),
            "icb_admin": make_user(
                "icb-admin", role="admin", scope_level="organisation", organisation=icb["a"]
            ),
            "admin": make_user("admin", role="admin", scope_level="national"),
        }
        for person in people.values():
            if person.needs_two_factor:
                _device(person)
        out = {"people": people}
        for side in SIDES:
            partnership = Organisation.objects.filter(
                kind="partnership", partnership_type="scp", icb=icb[side]
            ).first()
            csp = Organisation.objects.filter(
                kind="partnership", partnership_type="csp", members=icb[side]
            ).first()
            review = Review.objects.create(
                title=f"Child {side.upper()}",
                review_type="rapid",
                notification_date=datetime.date(2024, 12, 20),
                partnership=partnership,
                icb=partnership.icb,
                region=partnership.region,
            )
            recommendation = Recommendation.objects.create(
                review=review, number="1", text="Share information"
            )
            action = Action.objects.create(
                recommendation=recommendation,
                description="Audit",
                owner=partnership.icb,
                lead="Designated nurse",
                due_date=datetime.date(2025, 1, 31),
            )
            document = make_document(review)
            uploader = people[f"icb_{side}"]
            batch = spreadsheet_services.upload(uploader, csv_upload(partnership))
            target, _ = timescale_services.save_local_target(uploader, csp.pk, SEEDED_TARGET)
            person = make_user(
                f"person-{side}",
                role="data_input",
                scope_level="organisation",
                organisation=icb[side],
                first_name="Pat",
                last_name=side.upper(),
                email=f"person-{side}@example.org",
            )
            _device(person)
            AccessAttempt.objects.create(
                username=person.username,
                ip_address="127.0.0.1",
                user_agent="test",
                http_accept="*/*",
                path_info="/sign-in/",
                get_data="",
                post_data="",
                failures_since_start=3,
            )
            # The review has recommendation 1: the draft gets a free number to confirm.
            document.drafts.update(number="9")
            out[side] = {
                "icb": icb[side],
                "partnership": partnership,
                "csp": csp,
                "review": review,
                "recommendation": recommendation,
                "action": action,
                "document": document,
                "draft": document.drafts.get(),
                "suggestion": document.theme_suggestions.get(level=ThemeSuggestion.Level.DOCUMENT),
                "batch": batch,
                "target": target,
                "person": person,
            }
        yield out
        transaction.set_rollback(True)


def snapshot():
    state = {
        model._meta.label: [
            {k: bytes(v) if isinstance(v, memoryview) else v for k, v in row.items()}
            for row in model.objects.order_by("pk").values()
        ]
        for model in TRACKED
    }
    writes = AuditEvent.objects.filter(action__in=WRITE_ACTIONS).count()
    return state, writes


def request(client, route, url, world, side):
    if route.method == "get":
        return client.get(url)
    data = route.payload(world, side) if route.payload else {}
    return client.post(url, data)


# --- the tests ------------------------------------------------------------------------------


def test_every_route_is_classified():
    routes = dict(walk(get_resolver().url_patterns))
    unlisted = sorted(set(routes) - set(MUTATING) - set(READ_ONLY))
    assert unlisted == [], (
        "Add these routes to MUTATING (with the rule of who may use them) or to READ_ONLY: "
        f"{unlisted}"
    )
    assert sorted(set(MUTATING) & set(READ_ONLY)) == []
    gone = sorted((set(MUTATING) | set(READ_ONLY)) - set(routes))
    assert gone == [], f"These routes no longer exist: {gone}"
    for name, kind in [*((n, r.kind) for n, r in MUTATING.items()), *READ_ONLY.items()]:
        assert bool(routes[name]) == (kind is not None), (name, routes[name], kind)


def test_every_audit_action_is_a_read_or_a_write():
    unclassified = set(AuditEvent.Action.values) - WRITE_ACTIONS - READ_ACTIONS
    assert not unclassified, f"Add to WRITE_ACTIONS or READ_ACTIONS: {sorted(unclassified)}"
    assert not (WRITE_ACTIONS | READ_ACTIONS) - set(AuditEvent.Action.values)
    assert not WRITE_ACTIONS & READ_ACTIONS


CASES = [
    pytest.param(name, actor, side, id=f"{name}-{actor}" + (f"-{side}" if route.sided else ""))
    for name, route in MUTATING.items()
    for actor in ACTORS
    for side in (SIDES if route.sided else ("a",))
]


@pytest.mark.parametrize(("name", "actor", "side"), CASES)
def test_access_matrix(client, world, db, name, actor, side):
    route = MUTATING[name]
    expected = route.rule(actor, side)
    if actor != "anonymous":
        sign_in(client, world["people"][actor])
    url = reverse(name, args=[world[side][route.kind].pk]) if route.kind else reverse(name)
    before = snapshot()
    response = request(client, route, url, world, side)
    after = snapshot()
    status = response.status_code
    where = f"{route.method.upper()} {url} as {actor}: expected {expected}, got {status}"
    if expected == ALLOWED:
        assert status in route.ok, f"{where} {response.get('Location', '')}"
        if route.writes:
            assert after != before, f"{where}: allowed, but nothing was written"
        return
    if expected == SIGN_IN:
        assert status == 302, where
        assert response["Location"].startswith(reverse("accounts:sign-in") + "?next="), where
    else:
        assert status == expected, where
    if route.kind:
        record = world[side][route.kind]
        fresh = type(record).objects.get(pk=record.pk)
        assert getattr(fresh, "version", None) == getattr(record, "version", None), where
    assert after[1] == before[1], f"{where}: a write was audited after the refusal"
    assert after[0] == before[0], f"{where}: a record changed after the refusal"


READ_CASES = [
    pytest.param(name, actor, method, id=f"{name}-{actor}-{method}")
    for name in READ_ONLY
    for actor in ("icb_a", "admin")
    for method in ("get", "post")
]


@pytest.mark.parametrize(("name", "actor", "method"), READ_CASES)
def test_read_only_routes_write_nothing(client, world, db, name, actor, method):
    kind = READ_ONLY[name]
    sign_in(client, world["people"][actor])
    url = reverse(name, args=[world["a"][kind].pk]) if kind else reverse(name)
    before = snapshot()
    response = getattr(client, method)(url, {"title": "Changed", "version": 1})
    assert response.status_code < 500, (method, url, actor, response.status_code)
    assert snapshot() == before, f"{method.upper()} {url} as {actor} changed a record"


# --- escalation through the payload ---------------------------------------------------------

#: A person changes a record they may change, but the form names something outside their
#: scope or a power beyond their own: a form error (400), and nothing changes.
#: (route, the field with the error, actor, the record's side, payload(world) → POST data)
ESCALATIONS = {
    "review-moved-to-another-icb": (
        "reviews:edit",
        "partnership",
        "icb_a",
        "a",
        lambda w: review_post(w, "b", w["a"]["review"]),
    ),
    "review-converted-from-another-icbs": (
        "reviews:edit",
        "converted_from",
        "icb_a",
        "a",
        lambda w: {
            **review_post(w, "a", w["a"]["review"]),
            "review_type": "lcspr",
            "converted_from": w["b"]["review"].pk,
        },
    ),
    "action-owned-by-another-icb": (
        "actions:action-add",
        "owner",
        "icb_a",
        "a",
        lambda w: {**action_post(w, "a"), "owner": w["b"]["icb"].pk},
    ),
    "action-moved-to-another-icb": (
        "actions:action-edit",
        "owner",
        "region_input",
        "a",
        lambda w: {**action_post(w, "a", w["a"]["action"]), "owner": w["b"]["icb"].pk},
    ),
    "person-moved-to-another-icb": (
        "people:edit",
        "organisation",
        "icb_admin",
        "a",
        lambda w: {**edit_person_post(w, "a"), "organisation": w["b"]["icb"].pk},
    ),
    "person-given-national-scope": (
        "people:edit",
        "scope_level",
        "icb_admin",
        "a",
        lambda w: {**edit_person_post(w, "a"), "scope_level": "national", "organisation": ""},
    ),
    "person-added-as-national-admin": (
        "people:add",
        "scope_level",
        "icb_admin",
        None,
        lambda w: {
            **person_post(w, "a"),
            "role": "admin",
            "scope_level": "national",
            "organisation": "",
        },
    ),
}


@pytest.mark.parametrize("case", sorted(ESCALATIONS))
def test_escalation_in_the_payload_is_a_form_error_and_changes_nothing(client, world, db, case):
    name, field, actor, side, payload = ESCALATIONS[case]
    sign_in(client, world["people"][actor])
    kind = MUTATING[name].kind
    url = reverse(name, args=[world[side][kind].pk]) if kind else reverse(name)
    before = snapshot()
    response = client.post(url, payload(world))
    assert response.status_code == 400, (case, response.status_code)
    assert f'id="id_{field}-error"' in response.content.decode(), f"{case}: no error on {field}"
    assert snapshot() == before, f"{case}: a record changed or a write was audited"


def test_an_import_naming_another_icbs_partnership_imports_nothing(client, world, db):
    """icb_a uploads (allowed) a file whose row is for ICB B's partnership: the check and the
    commit refuse the row, and no review is created."""
    sign_in(client, world["people"]["icb_a"])
    response = client.post(
        reverse("spreadsheets:upload"), {"file": csv_upload(world["b"]["partnership"])}
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get(
        created_by=world["people"]["icb_a"], file_name="tracker.csv", pk__gt=world["b"]["batch"].pk
    )
    reviews = Review.objects.count()
    assert client.get(reverse("spreadsheets:check", args=[batch.pk])).status_code == 200
    response = client.post(reverse("spreadsheets:commit", args=[batch.pk]))
    assert response.status_code == 400
    assert Review.objects.count() == reviews
    assert not AuditEvent.objects.filter(action="import").exists()
