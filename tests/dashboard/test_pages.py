"""Dashboard pages: scoped figures, suppression above the owner, links to the records
behind a figure, filters that never fail, downloads, and a fixed number of queries."""

import csv
import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from safeguarding.actions.models import Action, Recommendation
from safeguarding.audit.models import AuditEvent
from safeguarding.dashboard import figures, services
from safeguarding.dashboard.periods import quarter_of, shift
from safeguarding.dashboard.suppression import (
    PRIMARY,
    PUBLISHED,
    SECONDARY,
    disclosed_cells,
)
from safeguarding.dashboard.tables import publish
from tests.conftest import sign_in

PAGES = [
    "/dashboard/",
    "/dashboard/themes/",
    "/dashboard/recommendations-and-actions/",
    "/dashboard/data-completeness/",
    "/dashboard/domestic-homicide-reviews/",
    "/dashboard/themes-and-learning/",
    "/dashboard/records/reviews/",
    "/dashboard/records/actions/",
]


def _today():
    return timezone.localdate()


def _reviews(review_factory, partnership, n, **fields):
    start = _today() - datetime.timedelta(days=40)
    out = []
    for i in range(n):
        values = {"title": f"Child {i}", "notification_date": start, **fields}
        out.append(review_factory(partnership=partnership, **values))
    return out


@pytest.fixture
def data(orgs, review_factory):
    a = _reviews(review_factory, orgs["partnership_a"], 7)
    a += _reviews(review_factory, orgs["partnership_a"], 2, review_type="sin")
    b = _reviews(review_factory, orgs["partnership_b"], 3)
    for review in a[:3]:
        recommendation = Recommendation.objects.create(review=review, number="1", text="Share")
        Action.objects.create(
            recommendation=recommendation,
            description="Audit",
            owner=orgs["icb_a"],
            lead="Designated nurse",
            due_date=_today() - datetime.timedelta(days=3),
        )
    services.refresh_figures()
    return {"a": a, "b": b}


def _published(user, page):
    return {p.key: p for p in services.page_figures(user, page, figures.Filters.default())}


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["icb_a", "icb_b", "region", "national"])
def test_every_page_opens_for_everyone(client, people, data, person):
    sign_in(client, people[person])
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, (person, path)


@pytest.mark.django_db
def test_figures_count_only_what_the_person_may_see(people, data):
    icb_b = _published(people["icb_b"], "overview")
    assert icb_b["reviews-by-quarter"].grand_total.value == 3
    icb_a = _published(people["icb_a"], "overview")
    assert icb_a["reviews-by-quarter"].grand_total.value == 9
    # icb-b cannot narrow the dashboard to an area it cannot see: the filter is refused.
    region_a = people["region"].region_id
    form_filters = figures.Filters(
        quarter_from=figures.Filters.default().quarter_from,
        quarter_to=figures.Filters.default().quarter_to,
        area=("region", region_a),
    )
    out_of_scope = services.page_figures(people["icb_b"], "overview", form_filters)
    assert all(p.grand_total.value in (0, None) for p in out_of_scope)


@pytest.mark.django_db
def test_an_area_outside_the_scope_is_an_error_on_the_form(client, people, data, orgs):
    sign_in(client, people["icb_b"])
    response = client.get(f"/dashboard/?area=icb-{orgs['icb_a'].pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Child 0" not in html


@pytest.mark.django_db
def test_bad_filters_get_messages_and_the_defaults(client, people, data):
    sign_in(client, people["national"])
    for query in (
        "from=abc&to=zzz",
        "from=20264&to=20201",
        "type=nonsense",
        "theme=99999999999999999999",
        "area=region-abc",
        "area=icb-99999999999999999999",
    ):
        response = client.get(f"/dashboard/?{query}")
        assert response.status_code == 200, query
        assert "There is a problem" in response.content.decode(), query
    response = client.get("/dashboard/records/reviews/?quarter=x&icb=-1&missing=nonsense")
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


@pytest.mark.django_db
def test_the_owner_sees_exact_numbers_and_views_above_it_are_suppressed(people, data):
    own = _published(people["icb_a"], "overview")["reviews-by-quarter"]
    assert not own.any_suppressed
    region = _published(people["region"], "overview")["reviews-by-quarter"]
    texts = [c.text for row in region.cells for c in row]
    assert "<5" in texts  # the two serious incident notifications
    assert region.grand_total.value == 9


def _statuses(published):
    grid = []
    for row, total in zip(published.cells, published.row_totals, strict=True):
        grid.append([*row, total])
    grid.append([*published.column_totals, published.grand_total])
    mapping = {"": PUBLISHED, "primary": PRIMARY, "secondary": SECONDARY}
    return [[mapping.get(c.reason, c.reason) for c in row] for row in grid]


def _values(figure):
    counts = figure.counts
    rows = [[*row, sum(row)] for row in counts]
    columns = [sum(row[j] for row in counts) for j in range(len(figure.columns))]
    rows.append([*columns, sum(columns)])
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["overview", "themes", "progress", "completeness"])
def test_no_suppressed_value_on_a_page_can_be_worked_out(people, data, page):
    """Every table published to the region is audited with the true counts: no hidden value
    can be worked out from what the page shows (by subtraction or otherwise)."""
    for published in _published(people["region"], page).values():
        if not published.figure.rows or not published.figure.columns:
            continue
        assert disclosed_cells(_values(published.figure), _statuses(published)) == [], published.key
        # And the page never holds a hidden count: suppressed cells have no value.
        for row in published.cells:
            for cell in row:
                assert (cell.value is None) == cell.suppressed


@pytest.mark.django_db
def test_each_figure_links_to_the_records_behind_it(client, people, data):
    sign_in(client, people["icb_a"])
    published = _published(people["icb_a"], "overview")["reviews-by-quarter"]
    links = [
        (href, cell.value)
        for hrefs, cells in zip(published.hrefs, published.cells, strict=True)
        for href, cell in zip(hrefs, cells, strict=True)
        if href
    ]
    assert links
    for href, value in links:
        html = client.get(href).content.decode()
        assert re.search(rf"<p>{value} reviews?</p>", html), href
    # Suppressed cells carry no link.
    region = _published(people["region"], "overview")["reviews-by-quarter"]
    for hrefs, cells in zip(region.hrefs, region.cells, strict=True):
        for href, cell in zip(hrefs, cells, strict=True):
            assert not (href and cell.suppressed)


@pytest.mark.django_db
def test_overdue_actions_link_to_the_actions(client, people, data, orgs):
    sign_in(client, people["icb_a"])
    owners = _published(people["icb_a"], "progress")["overdue-by-owner"]
    assert [r.label for r in owners.figure.rows] == [orgs["icb_a"].name]
    assert owners.cells[0][0].value == 3
    html = client.get(owners.hrefs[0][0]).content.decode()
    assert "<p>3 actions</p>" in html


@pytest.mark.django_db
def test_downloads_hold_the_published_values_and_are_audited(client, people, data):
    sign_in(client, people["region"])
    response = client.get("/dashboard/?download=csv&figure=reviews-by-quarter")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    published = _published(people["region"], "overview")["reviews-by-quarter"]
    assert rows[1:] == published.text_rows()

    response = client.get("/dashboard/?download=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Reviews by type and quarter"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0][0] == "Type of review"
    flat = [v for row in values[1:] for v in row[1:]]
    assert "<5" in flat and 9 in flat  # markers as text, published numbers as numbers

    response = client.get("/dashboard/themes/?download=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    exports = AuditEvent.objects.filter(action="export", object_type="dashboard")
    assert exports.count() == 3


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_data(client, people, orgs, review_factory):
    sign_in(client, people["national"])

    def queries(path):
        services.refresh_figures()
        client.get(path)  # warm: sessions, scope
        cache.clear()  # the figures worked out, not read from the cache (test_cache.py)
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200
        return len(context.captured_queries)

    _reviews(review_factory, orgs["partnership_a"], 2)
    small = {path: queries(path) for path in PAGES[:4]}
    _reviews(review_factory, orgs["partnership_b"], 12, review_type="sin")
    _reviews(review_factory, orgs["partnership_a_sab"], 6, review_type="sar")
    large = {path: queries(path) for path in PAGES[:4]}
    assert small == large


@pytest.mark.django_db
def test_reviews_count_in_the_quarter_they_started(people, data):
    published = _published(people["icb_a"], "overview")["reviews-by-quarter"]
    quarter = quarter_of(_today() - datetime.timedelta(days=40))
    column = [c.key for c in published.figure.columns].index(quarter)
    rapid = [r.key for r in published.figure.rows].index("rapid")
    assert published.cells[rapid][column].value == 7
    assert publish(published.figure, suppress=False).grand_total.value == 9


@pytest.mark.django_db
def test_a_long_period_is_shown_by_year_and_links_by_year(client, people, data):
    last = figures.Filters.default().quarter_to
    filters = figures.Filters(quarter_from=shift(last, -39), quarter_to=last)
    figure = next(
        f for f in figures.overview(people["icb_a"], filters) if f.key.endswith("quarter")
    )
    published = publish(figure, suppress=False)
    assert figure.title == "Reviews by type and year"
    assert [c.key for c in figure.columns] == list(range(last // 10 - 9, last // 10 + 1))
    assert published.grand_total.value == 9
    sign_in(client, people["icb_a"])
    for hrefs, cells in zip(published.hrefs, published.cells, strict=True):
        for href, cell in zip(hrefs, cells, strict=True):
            if href:
                assert "year=" in href
                html = client.get(href).content.decode()
                assert re.search(rf"<p>{cell.value} reviews?</p>", html), href


@pytest.mark.django_db
def test_tables_that_share_a_margin_publish_the_same_totals(people, orgs, review_factory):
    """Reviews by type appear as the margin of several tables: each type's total is shown
    (or hidden) the same way in all of them, so one table cannot give away another's.
    These counts by type and quarter ([[3, 20], [12, 12], [6, 0]]) are the case where the
    cheapest complements would be the row totals 23 and 6, which the stage table shows."""
    earlier = _today() - datetime.timedelta(days=40 + 92)
    later = _today() - datetime.timedelta(days=40)
    for review_type, (first, second) in {"rapid": (3, 20), "sin": (12, 12), "sar": (6, 0)}.items():
        partnership = orgs["partnership_a_sab" if review_type == "sar" else "partnership_a"]
        for day, n in ((earlier, first), (later, second)):
            _reviews(review_factory, partnership, n, review_type=review_type, notification_date=day)
    services.refresh_figures()
    published = _published(people["region"], "overview")
    by_type = {}
    for key in ("reviews-by-quarter", "reviews-by-stage"):
        table = published[key]
        totals = {r.key: t.text for r, t in zip(table.figure.rows, table.row_totals, strict=True)}
        by_type[key] = totals
    area = published["reviews-by-area"]
    by_type["reviews-by-area"] = {
        c.key: t.text for c, t in zip(area.figure.columns, area.column_totals, strict=True)
    }
    assert (
        by_type["reviews-by-quarter"] == by_type["reviews-by-stage"] == by_type["reviews-by-area"]
    )
    assert by_type["reviews-by-stage"] == {"sin": "24", "rapid": "23", "sar": "6"}
    assert published["reviews-by-quarter"].any_suppressed


@pytest.mark.django_db
def test_the_share_completed_counts_completed_and_closed_actions(people, data):
    actions = list(Action.objects.order_by("id")[:2])
    for action, status in zip(actions, ("completed", "closed_with_evidence"), strict=True):
        action.status = status
        action.completed_date = _today()
        action.save()
    services.refresh_figures()
    published = _published(people["icb_a"], "progress")["actions-by-status"]
    header = published.header()
    assert header[-1] == "Completed (share)"
    rows = published.text_rows()
    assert rows[1][-1] == "66.7%"  # 2 of the 3 actions
    assert rows[-1][-1] == "66.7%"  # and in the totals row
    region = _published(people["region"], "progress")["actions-by-status"]
    assert region.text_rows()[-1][-1] == "*"  # parts hidden: no share
