"""Every URL that names a record is walked by every person, in and out of scope.

A new URL with a record in its path fails this test until it is listed in TARGETS,
so no view can forget the scope gate. Out of scope is always 404, never 403.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from safeguarding.actions.models import Action, Recommendation
from tests.conftest import sign_in
from tests.documents.factories import make_document

# (namespaced url name, path argument) -> the kind of record the argument names.
TARGETS = {
    ("reviews:detail", "pk"): "review",
    ("reviews:edit", "pk"): "review",
    ("reviews:dissemination-add", "pk"): "review",
    ("actions:recommendation-add", "review_pk"): "review",
    ("actions:recommendation-edit", "pk"): "recommendation",
    ("actions:action-add", "recommendation_pk"): "recommendation",
    ("actions:action-edit", "pk"): "action",
    ("actions:action-detail", "pk"): "action",
    ("actions:recommendation-detail", "pk"): "recommendation",
    ("search:recurring-group", "pk"): "recommendation",
    ("documents:upload", "review_pk"): "review",
    ("documents:detail", "pk"): "document",
    ("documents:progress", "pk"): "document",
    ("documents:download", "pk"): "document",
    ("documents:confirm-all", "pk"): "document",
    ("documents:draft-edit", "pk"): "draft",
    ("documents:draft-confirm", "pk"): "draft",
    ("documents:draft-discard", "pk"): "draft",
    ("documents:suggestion-decide", "pk"): "suggestion",
    ("documents:theme-decisions", "pk"): "document",
    ("reports:briefing", "pk"): "review",
}
# URLs with arguments that are not safeguarding records, or are tested in their own app.
NOT_RECORDS = {
    "spreadsheets:mapping",
    "spreadsheets:check",
    "spreadsheets:commit",
    "spreadsheets:update-existing",
    "spreadsheets:result",
    "spreadsheets:table",
    "spreadsheets:values",
    "spreadsheets:choices",
    # A partnership and its own clock targets: in and out of scope (404), read-only (403)
    # tested in tests/timescales/test_target_pages.py.
    "timescales:partnership",
    "timescales:target-add",
    "timescales:target-edit",
    "timescales:target-remove",
    # People (administrators only): out of the admin's scope (404), non-admins (403), tested
    # in tests/accounts/test_people.py.
    "people:detail",
    "people:edit",
    "people:reset-two-factor",
    "people:unlock",
}

IN_SCOPE = {
    "icb_a": {"a"},
    "icb_b": {"b"},
    "region": {"a"},
    "national": {"a", "b"},
    "admin": {"a", "b"},
}


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", list(entry.pattern.converters)


@pytest.fixture
def records(orgs, people, review_factory):
    out = {}
    for side, partnership in (("a", orgs["partnership_a"]), ("b", orgs["partnership_b"])):
        review = review_factory(partnership=partnership, title=f"Child {side.upper()}")
        recommendation = Recommendation.objects.create(review=review, number="1", text="Share")
        action = Action.objects.create(
            recommendation=recommendation,
            description="Audit",
            owner=partnership.icb,
            lead="Designated nurse",
            due_date=datetime.date(2025, 1, 31),
        )
        out[side] = {"review": review, "recommendation": recommendation, "action": action}
        document = make_document(review)
        out[side].update(
            document=document,
            draft=document.drafts.first(),
            suggestion=document.theme_suggestions.first(),
        )
    return out


def test_every_record_url_is_listed():
    unlisted = []
    for name, args in walk(get_resolver().url_patterns):
        if not args or name in NOT_RECORDS:
            continue
        for arg in args:
            if (name, arg) not in TARGETS:
                unlisted.append((name, arg))
    assert unlisted == [], f"Add these URLs to TARGETS (and the scope gate): {unlisted}"


@pytest.mark.parametrize("person", sorted(IN_SCOPE))
@pytest.mark.parametrize("target", sorted(TARGETS), ids=lambda t: t[0])
def test_out_of_scope_is_404_and_in_scope_is_not(client, people, records, person, target):
    name, arg = target
    kind = TARGETS[target]
    sign_in(client, people[person])
    for side in ("a", "b"):
        url = reverse(name, kwargs={arg: records[side][kind].pk})
        get = client.get(url)
        post = client.post(url, {})
        if side in IN_SCOPE[person]:
            assert get.status_code in (200, 403), (url, get.status_code)
            assert post.status_code in (200, 302, 400, 403), (url, post.status_code)
        else:
            assert get.status_code == 404, (person, url, get.status_code)
            assert post.status_code == 404, (person, url, post.status_code)


@pytest.mark.django_db
def test_an_absurd_record_number_is_404_not_a_server_error(client, people):
    sign_in(client, people["icb_a"])
    assert client.get("/reviews/99999999999999999999999/").status_code == 404
    assert client.get("/reviews/999999999999999999/").status_code == 404
