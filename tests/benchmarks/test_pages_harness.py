"""The page benchmark's harness (benchmarks/pages.py) on a tiny database: it measures a page,
and its hand-written floor gives the same numbers as the page's own figures."""

import datetime
import importlib.util
from pathlib import Path

import pytest
from django.utils import timezone

from safeguarding.actions.models import Action, Recommendation
from safeguarding.dashboard import figures, services

HARNESS = Path(__file__).resolve().parents[2] / "benchmarks" / "pages.py"


@pytest.fixture(scope="module")
def pages():
    spec = importlib.util.spec_from_file_location("benchmark_pages", HARNESS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def data(orgs, review_factory):
    today = timezone.localdate()
    made = []
    for i, (partnership, days, fields) in enumerate(
        [
            ("partnership_a", 20, {}),
            ("partnership_a", 40, {"review_type": "sin"}),
            ("partnership_a", 120, {}),
            ("partnership_a", 200, {"review_type": "lcspr", "decision_date": None}),
            ("partnership_a_sab", 60, {"review_type": "sar"}),
            ("partnership_b", 30, {}),
            ("partnership_a", 900, {}),  # before the period
        ]
    ):
        made.append(
            review_factory(
                partnership=orgs[partnership],
                title=f"Child {i}",
                notification_date=today - datetime.timedelta(days=days),
                **fields,
            )
        )
    for review in made[:3]:
        recommendation = Recommendation.objects.create(review=review, number="1", text="Share")
        Action.objects.create(
            recommendation=recommendation,
            description="Audit",
            owner=orgs["icb_a"],
            lead="Designated nurse",
            due_date=today - datetime.timedelta(days=3),
        )
    services.refresh_figures()
    return made


def _counts(figure):
    """A figure's counts as {(row key, column key): n}, without the empty cells."""
    return {
        (row.key, column.key): n
        for row, line in zip(figure.rows, figure.counts, strict=True)
        for column, n in zip(figure.columns, line, strict=True)
        if n
    }


def _nonzero(numbers):
    return {k: v for k, v in numbers.items() if v}


@pytest.mark.django_db
def test_a_row_for_the_icb_overview_with_a_floor_giving_the_page_numbers(pages, people, data):
    user = people["icb_a"]
    person = pages.person("icb", user=user)
    client = pages.signed_in_client(user)
    ctx = pages.context_for(person, client)

    row = pages.measure("overview", ctx, client, runs=2, warmup=1)

    assert row.page == "overview" and row.user == "icb"
    assert row.queries > 0
    assert row.html_kb > 0 and row.p50 > 0 and row.p95 >= row.p50
    assert row.floor_p50 > 0
    first, last = ctx.period.counted(person)
    shown = {
        f.key: f for f in figures.overview(user, figures.Filters(first, last), today=ctx.today)
    }
    floor = row.floor
    # The owner's own view: exact counts, so the floor equals every figure cell for cell.
    assert floor["reviews"] == 5 == sum(_counts(shown["reviews-by-area"]).values())
    assert _nonzero(floor["by_area_type"]) == _counts(shown["reviews-by-area"])
    assert _nonzero(floor["by_type_stage"]) == _counts(shown["reviews-by-stage"])
    # The slippage figure leaves out the types whose reviews have no clock started.
    slipping = {r.key for r in shown["slippage"].rows}
    assert {
        k: n for k, n in _nonzero(floor["by_type_slippage"]).items() if k[0] in slipping
    } == _counts(shown["slippage"])
    assert _nonzero(floor["converted"]) == _counts(shown["rapid-converted"])
    period = figures.period_columns(figures.Filters(first, last))
    by_period = {}
    for (review_type, quarter), n in floor["by_type_quarter"].items():
        key = (review_type, period[2](quarter))
        by_period[key] = by_period.get(key, 0) + n
    assert _nonzero(by_period) == _counts(shown["reviews-by-quarter"])
    # And the page shows that total.
    published = {
        p.key: p for p in services.page_figures(user, "overview", figures.Filters(first, last))
    }
    assert published["reviews-by-area"].grand_total.value == floor["reviews"]


@pytest.mark.django_db
def test_the_national_floor_counts_the_whole_years_the_page_counts(pages, people, data):
    user = people["national"]
    person = pages.person("national", user=user)
    ctx = pages.context_for(person, pages.signed_in_client(user))
    first, last = ctx.period.counted(person)
    assert (first % 10, last % 10) == (1, 4)  # widened to whole years above the owner

    from django.db import connection

    with connection.cursor() as cursor:
        overview = pages.floor_overview(cursor, ctx)
        progress = pages.floor_progress(cursor, ctx)
        themes = pages.floor_themes(cursor, ctx)
    whole = figures.Filters(first, last)
    shown = {f.key: f for f in figures.overview(user, whole, today=ctx.today)}
    assert _nonzero(overview["by_area_type"]) == _counts(shown["reviews-by-area"])
    assert overview["reviews"] == 6
    assert sum(overview["by_year"].values()) == overview["reviews"]
    shown = {f.key: f for f in figures.actions_figures(user, whole, today=ctx.today)}
    assert _nonzero(progress["by_status"]) == _counts(shown["actions-by-status"])
    assert _nonzero(progress["by_state"]) == _counts(shown["recommendations"])
    assert progress["overdue"] == {people["icb_a"].organisation_id: 3}
    shown = {f.key: f for f in figures.themes(user, whole)}
    assert sum(themes["by_area"].values()) == sum(_counts(shown["themes-by-area"]).values())


@pytest.mark.django_db
def test_the_records_floor_counts_the_cell_the_page_links_to(pages, people, data):
    user = people["icb_a"]
    person = pages.person("icb", user=user)
    client = pages.signed_in_client(user)
    ctx = pages.context_for(person, client)
    assert ctx.cell_reviews_path.startswith("/dashboard/records/reviews/?")

    row = pages.measure("records-reviews", ctx, client, runs=1, warmup=1)

    first, last = ctx.period.counted(person)
    found = figures.records_reviews(
        user, figures.Filters(first, last), ctx.cell_reviews, today=ctx.today
    )
    assert row.floor["count"] == found.count() > 0
    assert row.floor["ids"] == list(found.values_list("pk", flat=True)[: pages.LIST_SIZE])
