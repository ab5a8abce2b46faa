"""The dashboard's facts follow the records: a full rebuild, and a refresh when a review,
its themes, recommendations or actions are saved or deleted."""

import datetime

import pytest

from safeguarding.actions.models import Action, Recommendation
from safeguarding.dashboard import figures, services
from safeguarding.dashboard.models import ActionFact, RecommendationFact, ReviewFact
from safeguarding.dashboard.periods import quarter_of
from safeguarding.reviews import quality
from safeguarding.reviews.models import Review


def _action(review, owner, **fields):
    recommendation = Recommendation.objects.create(review=review, number="1", text="Share")
    values = {
        "recommendation": recommendation,
        "description": "Audit",
        "owner": owner,
        "lead": "Designated nurse",
        "due_date": datetime.date(2025, 3, 31),
    }
    values.update(fields)
    return Action.objects.create(**values)


@pytest.mark.django_db
def test_a_full_refresh_matches_the_records(orgs, review_factory):
    a = review_factory(title="Child A", review_type="rapid")
    review_factory(
        title="Adult B",
        review_type="sar",
        partnership=orgs["partnership_a_sab"],
        notification_date=datetime.date(2023, 5, 2),
        decision_date=datetime.date(2023, 6, 1),
        start_date=datetime.date(2023, 7, 1),
        signed_off_date=datetime.date(2024, 1, 15),
    )
    review_factory(
        title="Child C",
        review_type="lcspr",
        converted_from=a,
        notification_date=datetime.date(2024, 12, 20),
        decision_date=datetime.date(2025, 1, 20),
    )
    _action(a, orgs["icb_a"], status="completed", completed_date=datetime.date(2025, 2, 1))
    assert services.refresh_figures() == 3
    for review in Review.objects.prefetch_related("review_themes"):
        fact = ReviewFact.objects.get(review=review)
        assert fact.stage == review.stage.code
        assert fact.is_open == review.is_open
        assert fact.partnership_id == review.partnership_id
        assert fact.icb_id == review.icb_id and fact.region_id == review.region_id
        missing = {c.code for c in quality.missing_fields(review)}
        codes = [c.code for c in quality.CHECKS]
        assert {codes[i] for i, ch in enumerate(fact.completeness) if ch == "m"} == missing
    sar = ReviewFact.objects.get(review__title="Adult B")
    assert sar.quarter == quarter_of(datetime.date(2023, 5, 2)) == 20232
    assert sar.days_to_complete == (datetime.date(2024, 1, 15) - datetime.date(2023, 6, 1)).days
    assert ReviewFact.objects.get(review=a).converted is True
    assert ReviewFact.objects.get(review__title="Child C").converted_from_rapid is True
    action = ActionFact.objects.get()
    assert action.status == "completed" and action.is_open is False
    assert action.review_type == "rapid" and action.partnership_id == a.partnership_id
    recommendation = RecommendationFact.objects.get()
    assert (recommendation.actions, recommendation.actions_done) == (1, 1)


@pytest.mark.django_db
def test_saving_and_deleting_refreshes_the_facts(
    orgs, review_factory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = review_factory(title="Child A")
    assert ReviewFact.objects.get(review=review).review_type == "rapid"

    with django_capture_on_commit_callbacks(execute=True):
        review.signed_off_date = datetime.date(2025, 1, 10)
        review.save()
    assert ReviewFact.objects.get(review=review).stage == "signed_off"

    with django_capture_on_commit_callbacks(execute=True):
        action = _action(review, orgs["icb_a"])
    assert ActionFact.objects.get().action_id == action.pk
    assert RecommendationFact.objects.get().actions_open == 1

    with django_capture_on_commit_callbacks(execute=True):
        action.delete()
    assert not ActionFact.objects.exists()
    assert RecommendationFact.objects.get().actions == 0

    with django_capture_on_commit_callbacks(execute=True):
        review.delete()
    assert not ReviewFact.objects.exists() and not RecommendationFact.objects.exists()


@pytest.mark.django_db
def test_overdue_is_worked_out_on_the_day_the_figures_are_read(people, review_factory):
    # Notified Friday 20 December 2024: the rapid review is due Wednesday 15 January 2025.
    review_factory(title="Child A", notification_date=datetime.date(2024, 12, 20))
    services.refresh_figures(today=datetime.date(2025, 1, 2))
    filters = figures.Filters(quarter_from=20244, quarter_to=20244)

    def slippage(today):
        figure = next(
            f
            for f in figures.overview(people["icb_a"], filters, today=today)
            if f.key == "slippage"
        )
        return dict(zip([c.key for c in figure.columns], figure.counts[0], strict=True))

    assert slippage(datetime.date(2025, 1, 15))["on_track"] == 1
    assert slippage(datetime.date(2025, 1, 16))["overdue"] == 1


@pytest.mark.django_db
def test_a_start_known_only_to_the_year_is_said_in_quarterly_figures(orgs, people, review_factory):
    review_factory(
        title="Adult Y",
        review_type="sar",
        partnership=orgs["partnership_a_sab"],
        incident_date=None,
        notification_date=None,
        decision_date=datetime.date(2023, 1, 1),
        start_date=datetime.date(2023, 1, 1),
        signed_off_date=datetime.date(2024, 1, 15),
        date_precision={"decision_date": "year", "start_date": "year"},
    )
    review_factory(
        title="Child M",
        review_type="lcspr",
        notification_date=datetime.date(2023, 3, 1),
        decision_date=datetime.date(2023, 4, 1),
        signed_off_date=datetime.date(2023, 10, 2),
        date_precision={"notification_date": "month", "decision_date": "month"},
    )
    services.refresh_figures()
    year_only = ReviewFact.objects.get(review__title="Adult Y")
    assert (year_only.quarter, year_only.period_precision) == (20231, "year")
    assert year_only.days_to_complete is None  # not worked out from a year alone
    month = ReviewFact.objects.get(review__title="Child M")
    assert (month.quarter, month.period_precision, month.days_to_complete) == (20231, "month", 184)

    quarterly = figures.Filters(quarter_from=20231, quarter_to=20244)
    by_quarter = {f.key: f for f in figures.overview(people["icb_a"], quarterly)}
    assert by_quarter["reviews-by-quarter"].notes == [figures.YEAR_ONLY_NOTE]
    yearly = figures.Filters(quarter_from=20151, quarter_to=20244)
    by_year = {f.key: f for f in figures.overview(people["icb_a"], yearly)}
    assert by_year["reviews-by-quarter"].notes == []
    Review.objects.filter(title="Adult Y").delete()
    services.refresh_figures()
    by_quarter = {f.key: f for f in figures.overview(people["icb_a"], quarterly)}
    assert by_quarter["reviews-by-quarter"].notes == []
