"""The dashboard's cached figures (issue 19): never served across scopes, invalidated when
the facts change, suppressed before they are cached, and fewer queries on a hit."""

import datetime
from dataclasses import replace

import pytest
from django.core.cache import cache as django_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.dashboard import cache, figures, services
from safeguarding.reviews import services as review_services
from tests.conftest import sign_in


def _today():
    return timezone.localdate()


@pytest.fixture
def data(orgs, review_factory):
    start = _today() - datetime.timedelta(days=40)
    a = [review_factory(title=f"Child {i}", notification_date=start) for i in range(7)]
    a += [
        review_factory(title=f"Child S{i}", notification_date=start, review_type="sin")
        for i in range(2)
    ]
    b = [
        review_factory(
            partnership=orgs["partnership_b"], title=f"Child B{i}", notification_date=start
        )
        for i in range(3)
    ]
    services.refresh_figures()
    return {"a": a, "b": b}


def _by_key(entry):
    return {p.key: p for p in entry.published}


def _cell(published, row, column):
    rows = [r.key for r in published.figure.rows]
    columns = [c.key for c in published.figure.columns]
    return published.cells[rows.index(row)][columns.index(column)]


# --- the key ------------------------------------------------------------------------------


def test_the_key_holds_everything_the_figures_depend_on():
    scope = Scope(
        level="organisation",
        role="data_input",
        organisation_id=1,
        partnership_ids=frozenset({5, 6}),
    )
    filters = figures.Filters(quarter_from=20251, quarter_to=20264)
    today = datetime.date(2026, 12, 8)
    base = cache.page_key(scope, False, "overview", filters, today, "v1")
    assert base == cache.page_key(
        replace(scope, partnership_ids=frozenset({6, 5})), False, "overview", filters, today, "v1"
    )
    changed = [
        cache.page_key(replace(scope, organisation_id=2), False, "overview", filters, today, "v1"),
        cache.page_key(
            replace(scope, partnership_ids=frozenset({5})), False, "overview", filters, today, "v1"
        ),
        cache.page_key(
            replace(scope, level="region", region_id=1), False, "overview", filters, today, "v1"
        ),
        cache.page_key(replace(scope, region_id=3), False, "overview", filters, today, "v1"),
        cache.page_key(scope, True, "overview", filters, today, "v1"),
        cache.page_key(scope, False, "themes", filters, today, "v1"),
        cache.page_key(scope, False, "overview", replace(filters, quarter_from=20241), today, "v1"),
        cache.page_key(scope, False, "overview", replace(filters, review_type="sar"), today, "v1"),
        cache.page_key(
            scope, False, "overview", replace(filters, area=("partnership", 5)), today, "v1"
        ),
        cache.page_key(scope, False, "overview", replace(filters, theme=3), today, "v1"),
        cache.page_key(scope, False, "overview", filters, today + datetime.timedelta(days=1), "v1"),
        cache.page_key(scope, False, "overview", filters, today, "v2"),
    ]
    assert base not in changed
    assert len(set(changed)) == len(changed)


def test_the_key_changes_with_the_code(monkeypatch):
    scope = Scope(level="national", role="oversight")
    filters = figures.Filters(quarter_from=20251, quarter_to=20264)
    args = (scope, True, "overview", filters, datetime.date(2026, 12, 8), "v1")
    before = cache.page_key(*args)
    monkeypatch.setattr(cache, "CODE", "2-000000000000")
    assert cache.page_key(*args) != before


# --- never across scopes --------------------------------------------------------------------


@pytest.mark.django_db
def test_an_icb_never_gets_another_icbs_cached_figures(people, data):
    filters = figures.Filters.default()
    warm = cache.page_figures(people["icb_a"], "overview", filters)
    assert not warm.hit
    assert _by_key(warm)["reviews-by-quarter"].grand_total.value == 9
    assert cache.page_figures(people["icb_a"], "overview", filters).hit
    other = cache.page_figures(people["icb_b"], "overview", filters)
    assert not other.hit
    assert _by_key(other)["reviews-by-quarter"].grand_total.value == 3
    # Another person in the same scope shares the entry.
    from tests.conftest import make_user

    colleague = make_user(
        "icb-a-2",
        role="oversight",
        scope_level="organisation",
        organisation=people["icb_a"].organisation,
    )
    shared = cache.page_figures(colleague, "overview", filters)
    assert shared.hit and _by_key(shared)["reviews-by-quarter"].grand_total.value == 9


@pytest.mark.django_db
def test_an_icb_never_sees_another_icbs_cached_page(client, people, data, orgs):
    sign_in(client, people["icb_a"])
    html_a = client.get("/dashboard/").content.decode()
    assert orgs["partnership_a"].name in html_a
    client.logout()
    sign_in(client, people["icb_b"])
    html_b = client.get("/dashboard/").content.decode()
    assert orgs["partnership_b"].name in html_b
    assert orgs["partnership_a"].name not in html_b


# --- invalidation ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_cached_figure_is_invalidated_when_a_review_changes(
    client, people, data, django_capture_on_commit_callbacks
):
    filters = figures.Filters.default()
    user = people["icb_a"]
    rapid = _cell(
        _by_key(cache.page_figures(user, "overview", filters))["reviews-by-area"],
        data["a"][0].partnership_id,
        "rapid",
    )
    assert rapid.value == 7
    assert cache.page_figures(user, "overview", filters).hit
    review = data["a"][0]
    with django_capture_on_commit_callbacks(execute=True):
        review_services.update_review(user, review.pk, {"review_type": "sin"}, review.version)
    after = cache.page_figures(user, "overview", filters)
    assert not after.hit
    by_area = _by_key(after)["reviews-by-area"]
    assert _cell(by_area, review.partnership_id, "rapid").value == 6
    assert _cell(by_area, review.partnership_id, "sin").value == 3
    # And the page shows it.
    sign_in(client, user)
    csv = client.get("/dashboard/?download=csv&figure=reviews-by-area").content.decode()
    row = next(line for line in csv.splitlines() if review.partnership.name in line)
    assert row.endswith(",3,6,9")  # serious incident notifications, rapid reviews, total


@pytest.mark.django_db
def test_every_fact_refresh_changes_the_version(data):
    first = services.facts_version()
    services.refresh_figures()
    second = services.facts_version()
    services.refresh_reviews([data["a"][0].pk])
    third = services.facts_version()
    assert len({first, second, third}) == 3


# --- suppression before caching ---------------------------------------------------------------


@pytest.mark.django_db
def test_suppression_is_applied_before_caching(people, data):
    filters = figures.Filters.default()
    region = people["region"]
    for attempt in ("miss", "hit"):
        entry = cache.page_figures(region, "overview", filters)
        assert entry.hit == (attempt == "hit")
        by_quarter = _by_key(entry)["reviews-by-quarter"]
        cells = [c for row in by_quarter.cells for c in row]
        assert "<5" in [c.text for c in cells]  # the two serious incident notifications
        assert all((c.value is None) == c.suppressed for c in cells)
    # What is stored holds no suppressed count.
    stored = django_cache.get(entry.key)
    for published in stored:
        for row in published.cells:
            for cell in row:
                assert (cell.value is None) == cell.suppressed
    # The owner, whom suppression does not apply to, gets the exact numbers, cached too.
    for _ in range(2):
        own = _by_key(cache.page_figures(people["icb_a"], "overview", filters))
        by_quarter = own["reviews-by-quarter"]
        assert not by_quarter.any_suppressed
        assert (
            by_quarter.row_totals[[r.key for r in by_quarter.figure.rows].index("sin")].value == 2
        )


# --- queries ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["icb_a", "region", "national"])
def test_a_cache_hit_makes_fewer_queries_and_a_fixed_number(client, people, data, person):
    sign_in(client, people[person])
    counts = {}
    for path in ("/dashboard/", "/dashboard/themes/"):
        client.get(path)  # warm: sessions, and the cache
        with CaptureQueriesContext(connection) as hit:
            assert client.get(path).status_code == 200
        django_cache.clear()
        with CaptureQueriesContext(connection) as miss:
            assert client.get(path).status_code == 200
        assert len(hit) < len(miss), path
        counts[path] = len(hit)
    # A hit reads the session, the person, their scope, the facts version and the filters'
    # choices, never a fact table.
    for path in counts:
        client.get(path)
        with CaptureQueriesContext(connection) as hit:
            client.get(path)
        assert not [
            q
            for q in hit.captured_queries
            if "dashboard_" in q["sql"] and "factsversion" not in q["sql"]
        ]
        assert len(hit) == counts[path]
