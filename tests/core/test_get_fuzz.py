"""Every GET route, with every query parameter its view reads, given hostile values by
every role: never a server error, never a traceback, never another scope's records.

The routes come from the URL resolver, so a new route is walked automatically, and the test
fails until the route is listed in ROUTES with the parameters its view reads (the fields of
the forms it binds to ``request.GET``, and any ``request.GET.get(...)`` of its own) and the
kind of record each path argument names. Each parameter gets each hostile value once per
role (not the cross product of parameters), on top of a request the view would accept, so
the value reaches the code behind the form. Date fields (``x[day]``, ``x[month]``,
``x[year]``) also get a whole date with one part of 2**31.
"""

import datetime
import itertools
import time
import types
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeguarding.accounts.people_forms import PeopleFilterForm
from safeguarding.actions.models import Action, Recommendation
from safeguarding.actions.worklist_forms import WorklistFilterForm
from safeguarding.audit.forms import AuditFilterForm
from safeguarding.dashboard import services as dashboard_services
from safeguarding.dashboard.dhr_forms import DhrFilterForm
from safeguarding.dashboard.forms import ActionCellForm, FilterForm, ReviewCellForm
from safeguarding.reviews.forms import ReviewFilterForm
from safeguarding.search.forms import SearchForm
from safeguarding.spreadsheets.forms import ExportForm
from safeguarding.spreadsheets.models import ImportBatch
from safeguarding.timescales import services as timescale_services
from safeguarding.timescales.forms import PartnershipFilterForm
from tests.conftest import sign_in
from tests.documents.factories import make_document


@dataclass(frozen=True)
class Route:
    #: Forms the view binds to request.GET: their fields are parameters.
    forms: tuple = ()
    #: Parameters the view reads itself (request.GET.get(...), or passes request.GET on).
    params: tuple = ()
    #: Path argument -> the kind of record it names (a key of the seeded records).
    ids: dict = field(default_factory=dict)
    #: A request the view accepts, sent with each fuzzed parameter so it gets past the form.
    base: dict = field(default_factory=dict)
    #: Meaningful values of a parameter, tried as well as the hostile ones.
    values: dict = field(default_factory=dict)


DASHBOARD_PAGE = Route(
    forms=(FilterForm,),
    params=("download", "figure"),
    values={"download": ("csv", "pdf", "xlsx"), "figure": ("reviews-by-quarter",)},
)
# Every parameter a figure's link can carry, to either records page (the hypothesis test
# sends each to both: a parameter that does not apply to the page is ignored).
AREA = ("region", "icb", "partnership")
CELL = (
    *AREA,
    *("review_type", "quarter", "year", "stage", "slippage", "converted", "missing"),
    *("status", "owner", "overdue"),
)

ROUTES = {
    "home": Route(),
    "health": Route(),
    "accessibility": Route(),
    "accounts:sign-in": Route(params=("next",)),
    "accounts:two-factor": Route(params=("next",)),
    "accounts:sign-out": Route(params=("next",)),
    "reviews:list": Route(forms=(ReviewFilterForm,), params=("page",)),
    "reviews:create": Route(params=("converted_from",)),
    "reviews:incomplete": Route(params=("page",)),
    "reviews:detail": Route(ids={"pk": "review"}),
    "reviews:edit": Route(ids={"pk": "review"}),
    "reviews:dissemination-add": Route(ids={"pk": "review"}),
    "actions:my-actions": Route(forms=(WorklistFilterForm,), params=("page",)),
    "actions:recommendation-add": Route(ids={"review_pk": "review"}),
    "actions:recommendation-detail": Route(ids={"pk": "recommendation"}),
    "actions:recommendation-edit": Route(ids={"pk": "recommendation"}),
    "actions:action-add": Route(ids={"recommendation_pk": "recommendation"}),
    "actions:action-detail": Route(ids={"pk": "action"}),
    "actions:action-edit": Route(ids={"pk": "action"}),
    "audit:log": Route(forms=(AuditFilterForm,), params=("page",)),
    "spreadsheets:home": Route(),
    "spreadsheets:upload": Route(),
    "spreadsheets:export": Route(
        forms=(ExportForm,),
        base={"layout": "tracker", "format": "csv"},
        values={"format": ("csv", "xlsx"), "layout": ("tracker",)},
    ),
    "spreadsheets:result": Route(
        params=("download",), ids={"pk": "batch"}, values={"download": ("errors",)}
    ),
    "spreadsheets:mapping": Route(ids={"pk": "batch"}),
    "spreadsheets:table": Route(ids={"pk": "batch"}),
    "spreadsheets:values": Route(ids={"pk": "batch"}),
    "spreadsheets:choices": Route(ids={"pk": "batch"}),
    "spreadsheets:check": Route(ids={"pk": "batch"}),
    "spreadsheets:commit": Route(ids={"pk": "batch"}),
    "spreadsheets:update-existing": Route(ids={"pk": "batch"}),
    "search:search": Route(forms=(SearchForm,), params=("page",), base={"q": "child"}),
    "search:recurring": Route(),
    "search:recurring-group": Route(ids={"pk": "recommendation"}),
    "documents:upload": Route(ids={"review_pk": "review"}),
    "documents:detail": Route(ids={"pk": "document"}),
    "documents:progress": Route(ids={"pk": "document"}),
    "documents:download": Route(ids={"pk": "document"}),
    "documents:confirm-all": Route(ids={"pk": "document"}),
    "documents:draft-edit": Route(ids={"pk": "draft"}),
    "documents:draft-confirm": Route(ids={"pk": "draft"}),
    "documents:draft-discard": Route(ids={"pk": "draft"}),
    "documents:suggestion-decide": Route(ids={"pk": "suggestion"}),
    "documents:theme-decisions": Route(ids={"pk": "document"}),
    "timescales:partnerships": Route(forms=(PartnershipFilterForm,), params=("page",)),
    "timescales:partnership": Route(ids={"pk": "partnership"}),
    "timescales:target-add": Route(
        params=("review_type", "milestone"),
        ids={"pk": "partnership"},
        base={"review_type": "dhr", "milestone": "decision"},
    ),
    "timescales:target-edit": Route(ids={"target_pk": "target"}),
    "timescales:target-remove": Route(ids={"target_pk": "target"}),
    "people:list": Route(forms=(PeopleFilterForm,), params=("page",)),
    "people:add": Route(),
    "people:detail": Route(ids={"pk": "person"}),
    "people:edit": Route(ids={"pk": "person"}),
    "people:reset-two-factor": Route(ids={"pk": "person"}),
    "people:unlock": Route(ids={"pk": "person"}),
    "dashboard:overview": DASHBOARD_PAGE,
    "dashboard:themes": DASHBOARD_PAGE,
    "dashboard:progress": DASHBOARD_PAGE,
    "dashboard:completeness": DASHBOARD_PAGE,
    "dashboard:dhr": Route(
        forms=(DhrFilterForm,), params=("download",), values={"download": ("csv", "xlsx")}
    ),
    "dashboard:report": Route(
        forms=(FilterForm,), params=("download",), values={"download": ("pdf", "xlsx")}
    ),
    "dashboard:reviews": Route(forms=(FilterForm, ReviewCellForm), params=("page",)),
    "dashboard:actions": Route(forms=(FilterForm, ActionCellForm), params=("page",)),
    "reports:briefing": Route(ids={"pk": "review"}),
}

HOSTILE = (
    "",
    "x" * 5000,
    "9" * 5000,
    "-1",
    "0",
    "2147483648",
    "99999999999999999999999",
    "ü😀\u202e",
    "\x00",
    "1\x00",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
)
# A part of a date (x[day], x[month], x[year]): never a record id.
DATE_PART = ("", "x" * 5000, "abc", "-1", "0", "99999", "2147483648", "ü😀\u202e", "\x00")
# Parameters that name a record or an area: they also get the ids of another scope's records.
ID_PARAMS = {
    "region",
    "icb",
    "partnership",
    "owner",
    "area",
    "theme",
    "object_id",
    "converted_from",
    "review",
}
HUGE_ID = 10**18 - 1  # the longest a path's record id can be (safeguarding.converters)
OVERFLOW = "2147483648"

# Who can see which side's records; the other side's markers must never appear.
ROLES = ("anonymous", "icb_a", "icb_b", "region", "national", "admin")
HIDDEN = {
    "anonymous": {"a", "b"},
    "icb_a": {"b"},
    "icb_b": {"a"},
    "region": {"b"},
    "national": set(),
    "admin": set(),
}


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", tuple(entry.pattern.converters)


ALL_ROUTES = sorted(walk(get_resolver().url_patterns))


def form_params(form_class):
    """The query parameters a form reads: its fields' names, a date as its three parts."""
    names = []
    bare = types.SimpleNamespace(prefix=None)
    for name, form_field in form_class.base_fields.items():
        key = form_class.add_prefix(bare, name)
        if getattr(form_field, "is_date", False):
            names.extend(f"{key}[{part}]" for part in ("day", "month", "year"))
        else:
            names.append(key)
    return names


def params_of(route):
    names = [name for form in route.forms for name in form_params(form)]
    return list(dict.fromkeys([*names, *route.params]))


def date_prefixes(names):
    return sorted({name[: -len("[day]")] for name in names if name.endswith("[day]")})


def test_every_get_route_declares_its_parameters():
    names = [name for name, _ in ALL_ROUTES]
    assert None not in names, "Every route needs a name to be fuzzed"
    missing = sorted(set(names) - set(ROUTES))
    assert missing == [], f"Add these routes to ROUTES with the parameters they read: {missing}"
    stale = sorted(set(ROUTES) - set(names))
    assert stale == [], f"These routes in ROUTES no longer exist: {stale}"
    for name, args in ALL_ROUTES:
        assert set(args) == set(ROUTES[name].ids), f"{name}: name what {args} refer to"


# --- the records of two scopes ---------------------------------------------------------------


def _markers(side):
    return {
        "title": f"Kittiwake{side}title",
        "reference": f"KW{side.upper()}-REF-4471",
        "recommendation": f"Kittiwake{side}recommendation",
        "action": f"Kittiwake{side}action",
        "document": f"kittiwake{side}report.txt",
    }


@pytest.fixture
def records(orgs, people, review_factory):
    """A review in each ICB's partnership, with a recommendation, an action, a document (with
    a draft and theme suggestions), an import batch and a local clock target."""
    out = {}
    for side, partnership, person in (
        ("a", orgs["partnership_a"], people["icb_a"]),
        ("b", orgs["partnership_b"], people["icb_b"]),
    ):
        marks = _markers(side)
        review = review_factory(
            partnership=partnership, title=marks["title"], reference=marks["reference"]
        )
        recommendation = Recommendation.objects.create(
            review=review, number="1", text=marks["recommendation"]
        )
        action = Action.objects.create(
            recommendation=recommendation,
            description=marks["action"],
            owner=partnership.icb,
            lead="Designated nurse",
            due_date=datetime.date(2025, 1, 31),
        )
        document = make_document(review, filename=marks["document"])
        batch = ImportBatch.objects.create(
            created_by=person, file_name=f"{marks['title']}.csv", file_format="csv"
        )
        target, _ = timescale_services.save_local_target(
            person,
            partnership.pk,
            {
                "review_type": review.review_type,
                "milestone": "local_check",
                "label": "A local check",
                "start_field": "notification_date",
                "met_field": "decision_date",
                "amount": "20",
                "unit": "working_days",
            },
        )
        out[side] = {
            "review": review,
            "recommendation": recommendation,
            "action": action,
            "document": document,
            "draft": document.drafts.first(),
            "suggestion": document.theme_suggestions.first(),
            "batch": batch,
            "partnership": partnership,
            "target": target,
            "person": person,
            "markers": list(marks.values()),
            "ids": [review.pk, partnership.pk, partnership.icb_id, partnership.region_id],
        }
    dashboard_services.refresh_figures()
    return out


# --- the walk --------------------------------------------------------------------------------


def _client(people, role):
    client = Client(raise_request_exception=True)
    if role != "anonymous":
        sign_in(client, people[role])
    return client


def _check(client, role, records, path, query, failures):
    """One GET: no exception, no 5xx, no traceback, no hidden side's markers."""
    try:
        response = client.get(path, query)
    except Exception as error:  # noqa: BLE001 - any exception is the failure being looked for
        failures.append((role, path, query, f"{type(error).__name__}: {error}"[:300]))
        return None
    problem = None
    if response.status_code >= 500:
        problem = f"status {response.status_code}"
    else:
        body = response.content.decode("utf-8", "replace") if not response.streaming else ""
        if "Traceback" in body:
            problem = "traceback in the body"
        for side in HIDDEN[role]:
            leaked = [m for m in records[side]["markers"] if m in body]
            if leaked:
                problem = f"shows the other scope's {leaked}"
    if problem:
        failures.append((role, path, query, problem))
    return response


def _short(query):
    return {k: (v if len(v) < 40 else f"{v[:12]}…({len(v)} chars)") for k, v in query.items()}


def _paths(name, route, records):
    """The route's paths: each side's record, 0 and the largest id; without ids, itself."""
    if not route.ids:
        return [(reverse(name), True)]
    paths = []
    for which in ("a", "b", 0, HUGE_ID):
        kwargs = {
            arg: records[which][kind].pk if which in ("a", "b") else which
            for arg, kind in route.ids.items()
        }
        # Parameters are fuzzed on the records' own pages, not on ids that are always 404.
        paths.append((reverse(name, kwargs=kwargs), which in ("a", "b")))
    return paths


def _other_ids(role, records):
    """Ids of the records and areas the role cannot see (for national scope, side b's)."""
    side = "b" if role in ("icb_a", "region", "national", "admin") else "a"
    review, partnership, icb, region = records[side]["ids"]
    return (
        *(str(pk) for pk in (review, partnership, icb, region)),
        f"icb-{icb}",
        f"region-{region}",
        f"partnership-{partnership}",
    )


def _queries(route, role, records):
    """Each parameter with each value, on top of the route's base request."""
    names = params_of(route)
    for name in names:
        if name.endswith(("[day]", "[month]", "[year]")):
            values = DATE_PART
        elif name in ID_PARAMS:
            values = (*HOSTILE, *_other_ids(role, records))
        else:
            values = HOSTILE
        for value in (*values, *route.values.get(name, ())):
            yield {**route.base, name: value}
    # A whole date with one part that overflows a C int.
    for prefix in date_prefixes(names):
        good = {"day": "1", "month": "2", "year": "2026"}
        for part in good:
            parts = {**good, part: OVERFLOW}
            yield {**route.base, **{f"{prefix}[{k}]": v for k, v in parts.items()}}


def _walk(names, people, records):
    failures, count, started = [], 0, time.monotonic()
    for role in ROLES:
        client = _client(people, role)
        for name in names:
            route = ROUTES[name]
            for path, fuzz in _paths(name, route, records):
                response = _check(client, role, records, path, dict(route.base), failures)
                count += 1
                if role == "anonymous" and response is not None and response.status_code == 302:
                    continue  # sent to sign in before the view reads a parameter
                for query in _queries(route, role, records) if fuzz else []:
                    _check(client, role, records, path, query, failures)
                    count += 1
    print(f"{', '.join(names)[:60]}: {count} requests in {time.monotonic() - started:.1f}s")
    assert not failures, "\n".join(
        f"{role} {path} {_short(query)}: {problem}" for role, path, query, problem in failures[:40]
    ) + (f"\n… and {len(failures) - 40} more" if len(failures) > 40 else "")


# Routes whose views read parameters get a test each; the rest share one (a test's records
# take a second or two to make).
WITH_PARAMS = sorted(name for name, route in ROUTES.items() if params_of(route))


@pytest.mark.parametrize("name", WITH_PARAMS)
def test_hostile_query_parameters_never_break_a_page(people, records, name):
    _walk([name], people, records)


def test_routes_without_parameters_answer_every_role_for_any_record(people, records):
    _walk(sorted(set(ROUTES) - set(WITH_PARAMS)), people, records)


# --- hypothesis: arbitrary text in the parameters of the busiest filters ---------------------

FUZZED = [
    (name, param)
    for name in ("dashboard:reviews", "dashboard:actions", "search:search", "audit:log")
    for param in params_of(ROUTES[name])
] + [(name, param) for name in ("dashboard:reviews", "dashboard:actions") for param in CELL]


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    target=st.sampled_from(FUZZED),
    value=st.text(max_size=40) | st.integers().map(str),
    role=st.sampled_from(["icb_a", "admin"]),
)
def test_arbitrary_text_in_a_filter_never_breaks_a_page(people, records, target, value, role):
    name, param = target
    route = ROUTES[name]
    failures = []
    _check(
        _client(people, role),
        role,
        records,
        reverse(name),
        {**route.base, param: value},
        failures,
    )
    assert not failures, failures


def test_the_walk_covers_every_role_and_each_hostile_value():
    # Guard against the walk quietly shrinking.
    assert set(ROLES) == set(HIDDEN)
    assert len(HOSTILE) == len(set(HOSTILE))
    assert any(p.endswith("[month]") for p in itertools.chain(*map(params_of, ROUTES.values())))
