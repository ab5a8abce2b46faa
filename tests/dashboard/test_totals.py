"""Every figure on a page counts the same records, so its totals agree: reviews with no NHS
England region (Welsh DHRs) are a row of their own, "Outside NHS England (Wales)", not left
out of the figures by region (issue 19)."""

import datetime
import re

import pytest
from django.utils import timezone

from safeguarding.actions.models import Action, Recommendation
from safeguarding.dashboard import figures, services
from safeguarding.dashboard.periods import quarter_of, shift
from safeguarding.organisations.models import Organisation
from safeguarding.reviews.models import ReviewTheme
from safeguarding.themes.models import Theme
from tests.conftest import make_user, sign_in

WELSH = 11


def _ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def data(orgs, review_factory):
    wales = Organisation.objects.create(
        kind="partnership", partnership_type="csp", name="Cardiff CSP", area="Wales"
    )
    theme = Theme.objects.order_by("pk").first() or Theme.objects.create(
        code="test-theme", label="Test theme"
    )
    reviews = []
    for i in range(9):
        reviews.append(review_factory(title=f"Child {i}", notification_date=_ago(40)))
    for i in range(6):
        reviews.append(
            review_factory(
                partnership=orgs["partnership_a_sab"],
                title=f"Adult {i}",
                review_type="sar",
                notification_date=_ago(40),
            )
        )
    for i in range(WELSH):
        # Two of them three years back: a small number in that year, suppressed there.
        days = 3 * 365 if i < 2 else 40
        reviews.append(
            review_factory(
                partnership=wales,
                icb=None,
                region=None,
                title=f"Victim {i}",
                review_type="dhr",
                notification_date=_ago(days),
            )
        )
    for review in reviews:
        ReviewTheme.objects.create(review=review, theme=theme, is_primary=True)
        recommendation = Recommendation.objects.create(review=review, number="1", text="Share")
        Action.objects.create(
            recommendation=recommendation,
            description="Audit",
            owner=orgs["icb_a"],
            lead="Designated nurse",
            due_date=_ago(3),
        )
    services.refresh_figures()
    return {"reviews": reviews, "wales": wales}


def _ten_years():
    last = quarter_of(timezone.localdate())
    return figures.Filters(quarter_from=shift(last, -39), quarter_to=last)


def _total(figure):
    return sum(sum(row) for row in figure.counts)


PERIODS = {"default": figures.Filters.default, "ten years": _ten_years}


@pytest.mark.django_db
@pytest.mark.parametrize("period", PERIODS)
def test_the_figures_of_a_page_count_the_same_reviews(people, orgs, data, period):
    national = people["national"]
    filters = PERIODS[period]()
    expected = len(data["reviews"]) if period == "ten years" else len(data["reviews"]) - 2
    overview = {f.key: f for f in figures.overview(national, filters)}
    by_area = overview["reviews-by-area"]
    assert _total(by_area) == _total(overview["reviews-by-quarter"]) == expected
    assert _total(overview["reviews-by-stage"]) == expected
    outside = [r for r in by_area.rows if r.key == figures.NO_AREA]
    assert [r.label for r in outside] == ["Outside NHS England (Wales)"]
    assert by_area.rows[-1] == outside[0]  # after the regions
    welsh = WELSH if period == "ten years" else WELSH - 2
    assert sum(by_area.counts[-1]) == welsh

    themes = {f.key: f for f in figures.themes(national, filters)}
    assert _total(themes["themes-by-area"]) == _total(themes["themes-by-quarter"]) == expected
    assert themes["themes-by-area"].columns[-1].label == "Outside NHS England (Wales)"

    progress = {f.key: f for f in figures.actions_figures(national, filters)}
    assert _total(progress["actions-by-status"]) == expected  # one action each
    assert _total(progress["overdue-by-owner"]) == expected
    # Owners are named as organisations in a national view too (its rows are regions).
    assert [r.label for r in progress["overdue-by-owner"].rows] == [orgs["icb_a"].name]
    assert _total(progress["recommendations"]) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("period", PERIODS)
def test_the_published_totals_agree_and_the_new_row_is_suppressed_like_any_other(
    people, data, period
):
    filters = PERIODS[period]()
    published = {p.key: p for p in services.page_figures(people["national"], "overview", filters)}
    by_area, by_year = published["reviews-by-area"], published["reviews-by-quarter"]
    assert by_area.grand_total.text == by_year.grand_total.text
    row = [r.key for r in by_area.figure.rows].index(figures.NO_AREA)
    if period == "default":  # 2025 and 2026: the two older Welsh DHRs are not in it
        assert by_area.grand_total.value == len(data["reviews"]) - 2
        assert by_area.row_totals[row].value == WELSH - 2
    else:
        # The year with only the two older Welsh DHRs publishes them as "<5": a ten-year
        # value is the sum of its years' published values, a range (24 + 1 to 4), never
        # the exact count of that year, and the same in every figure.
        assert by_area.grand_total.text == "25–28"
        assert by_area.row_totals[row].text == "10–13"
        dhr = [c.key for c in by_area.figure.columns].index("dhr")
        assert by_area.cells[row][dhr].text == "10–13"
        assert by_area.cells[row][dhr].value is None
    themes = {p.key: p for p in services.page_figures(people["national"], "themes", filters)}
    assert themes["themes-by-area"].grand_total.text == themes["themes-by-quarter"].grand_total.text


@pytest.mark.django_db
def test_the_outside_row_links_to_its_records(client, people, data):
    sign_in(client, people["national"])
    filters = figures.Filters.default()
    published = {p.key: p for p in services.page_figures(people["national"], "overview", filters)}
    by_area = published["reviews-by-area"]
    row = [r.key for r in by_area.figure.rows].index(figures.NO_AREA)
    href = by_area.row_hrefs[row]
    assert "region=none" in href
    html = client.get(href).content.decode()
    assert re.search(rf"<p>{WELSH - 2} reviews</p>", html), href
    assert "Victim 5" in html and "Child 0" not in html


@pytest.mark.django_db
def test_a_regional_view_counts_reviews_with_no_icb_in_a_row_of_their_own(orgs, review_factory):
    region = make_user("region-x", role="oversight", scope_level="region", region=orgs["region_a"])
    for i in range(6):
        review_factory(title=f"Child {i}", notification_date=_ago(40))
    for i in range(5):
        review_factory(title=f"Child X{i}", notification_date=_ago(40), icb=None)
    services.refresh_figures()
    overview = {f.key: f for f in figures.overview(region, figures.Filters.default())}
    by_area = overview["reviews-by-area"]
    assert _total(by_area) == _total(overview["reviews-by-quarter"]) == 11
    assert by_area.rows[-1].label == "No ICB recorded"
    assert sum(by_area.counts[-1]) == 5


def _shape(figure):
    return (
        figure.key,
        figure.title,
        figure.rows,
        figure.columns,
        figure.counts,
        figure.notes,
        figure.row_members,
        figure.period_columns,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["region", "national"])
def test_every_years_figures_come_from_one_query_set_and_equal_the_years_own(
    people, data, review_factory, person
):
    """Above the owner each year is suppressed on its own: its figures are counted by the
    same queries as the whole period, with the year as a column (issue 19), and equal
    what the year's own queries give."""
    review_factory(
        title="Child Y",
        notification_date=datetime.date(timezone.localdate().year - 3, 1, 1),
        date_precision={"notification_date": "year"},
    )
    services.refresh_figures()
    user = people[person]
    filters = _ten_years()
    years = list(range(filters.quarter_from // 10, filters.quarter_to // 10 + 1))
    today = timezone.localdate()
    builds = {
        "overview": lambda **kw: figures.overview(user, today=today, **kw),
        "themes": lambda **kw: figures.themes(user, **kw),
        "progress": lambda **kw: figures.actions_figures(user, today=today, top=None, **kw),
        "completeness": lambda **kw: figures.completeness(user, **kw),
    }
    for page, build in builds.items():
        by_year = build(filters=filters, years=years)
        assert sorted(by_year) == years
        for year in years:
            own = build(filters=figures.year_filters(filters, year))
            assert [_shape(f) for f in by_year[year]] == [_shape(f) for f in own], (page, year)
            for mine, theirs in zip(by_year[year], own, strict=True):
                for row in mine.rows:
                    for column in mine.columns:
                        if mine.href and theirs.href:
                            assert mine.href(row.key, column.key) == theirs.href(
                                row.key, column.key
                            )
    # And one query set for all the years, not one per year.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ten:
        figures.overview(user, filters=filters, years=years, today=today)
    with CaptureQueriesContext(connection) as two:
        figures.overview(user, filters=filters, years=years[-2:], today=today)
    assert len(ten) == len(two)
