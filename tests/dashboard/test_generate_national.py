"""The national synthetic volume (manage.py generate_national), at a small scale.

One data set is generated for a class of tests (inside a transaction rolled back at the end) and
checked from many sides; the tests of --replace, determinism and refusal make their own.
On PostgreSQL this exercises the COPY path, on SQLite the executemany path.
"""

from collections import Counter, defaultdict
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from safeguarding.actions.models import Action, Recommendation
from safeguarding.dashboard import synthetic
from safeguarding.organisations.models import Organisation
from safeguarding.organisations.reference import load_reference_data
from safeguarding.reviews import types
from safeguarding.reviews.models import Review, ReviewTheme
from safeguarding.themes.models import Theme
from safeguarding.timescales import clocks

SCALE = 0.01  # about 700 reviews: every ICB has some
SMALL = 0.002  # about 140 reviews, for the tests that generate more than once


def generate(*args, scale=SMALL):
    out = StringIO()
    call_command("generate_national", "--scale", str(scale), *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def dataset(django_db_setup, django_db_blocker):
    """Reference data and one synthetic data set for the class; rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        with mock.patch("safeguarding.dashboard.services.refresh_figures") as refresh:
            output = generate("--seed", "7", scale=SCALE)
        assert refresh.call_count == 1
        connection.check_constraints()  # the deferred foreign keys hold
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def reviews(dataset, db):
    return list(Review.objects.filter(source=synthetic.SOURCE).select_related("partnership"))


class TestOneNationalDataSet:
    """Checks of one data set, generated once for the class."""

    def test_summary_line(self, dataset):
        line = dataset.strip()
        assert line.startswith("Synthetic national data: ")
        for word in ("reviews", "recommendations", "actions", " s"):
            assert word in line

    def test_volumes_by_type(self, reviews):
        counts = Counter(r.review_type for r in reviews)
        start, today = synthetic.window(synthetic.DEFAULT_YEARS)
        years = ((today - start).days + 1) / 365.25
        for review_type, per_year in synthetic.VOLUMES.items():
            expected = per_year * years * SCALE
            assert counts[review_type] == synthetic.planned_count(review_type, scale=SCALE)
            assert abs(counts[review_type] - expected) <= 1
        # A quarter of rapid reviews (those already decided) became LCSPRs.
        assert 0.1 * counts["rapid"] <= counts["lcspr"] <= 0.4 * counts["rapid"]
        total = sum(counts.values())
        assert 0.9 * 70_000 * SCALE <= total <= 1.05 * 70_000 * SCALE
        assert set(counts) <= set(types.REVIEW_TYPES)

    def test_recommendations_and_actions_volume(self, reviews):
        recommendations = Recommendation.objects.filter(review__source=synthetic.SOURCE).count()
        actions = Action.objects.filter(recommendation__review__source=synthetic.SOURCE).count()
        # At scale 1: about 200,000 recommendations and 300,000 actions for 70,000 reviews.
        assert 2.0 <= recommendations / len(reviews) <= 3.6
        assert 1.3 <= actions / recommendations <= 1.8

    def test_marked_synthetic_with_unique_ids_and_titles(self, reviews):
        source_ids = [r.source_id for r in reviews]
        assert len(set(source_ids)) == len(source_ids)
        assert all(s.startswith("syn-") for s in source_ids)
        assert all(r.title.split()[0] in {"Child", "Adult"} and "-" in r.title for r in reviews)
        assert all(r.version == 1 for r in reviews)

    def test_dates_in_order_and_never_in_the_future(self, reviews):
        today = timezone.localdate()
        for review in reviews:
            assert types.date_order_errors(review.dates(), today) == {}, review.source_id
            assert review.created_at <= timezone.now()
            assert review.created_at <= review.updated_at

    def test_stages_old_finished_recent_in_progress(self, reviews):
        today = timezone.localdate()
        old = [r for r in reviews if r.created_at.date() < today.replace(year=today.year - 3)]
        recent = [
            r for r in reviews if (today - r.created_at.date()).days < 60 and r.review_type != "sin"
        ]
        assert sum(not r.is_open for r in old if r.review_type != "sin") >= 0.9 * len(
            [r for r in old if r.review_type != "sin"]
        )
        assert sum(r.is_open for r in recent) >= 0.6 * len(recent)
        stages = Counter(r.stage.code for r in reviews)
        assert {"signed_off", "published", "in_progress", "panel_response"} <= set(stages)

    def test_some_clocks_missed(self, reviews):
        today = timezone.localdate()
        statuses = Counter(
            clock.status
            for review in reviews
            for clock in clocks.evaluate(review.review_type, review.dates(), today)
        )
        missed = statuses[clocks.MET_LATE] + statuses[clocks.OVERDUE]
        assert statuses[clocks.OVERDUE] > 0
        assert 0.15 <= missed / sum(statuses.values()) <= 0.4

    def test_publication_status_follows_the_published_date(self, reviews):
        for review in reviews:
            published = review.publication_status == Review.PublicationStatus.PUBLISHED
            assert published == bool(review.published_date), review.source_id
            if review.publication_url:
                assert review.published_date

    def test_placed_on_the_right_partnership_with_icb_and_region(self, reviews):
        icbs = set()
        for review in reviews:
            partnership = review.partnership
            assert partnership.kind == Organisation.Kind.PARTNERSHIP
            assert review.icb_id == partnership.icb_id
            assert review.region_id == partnership.region_id
            wanted = types.COMMISSIONED_BY[review.review_type]
            if wanted:
                assert partnership.partnership_type == wanted
            icbs.add(review.icb_id)
        assert icbs == set(Organisation.objects.filter(kind="icb").values_list("pk", flat=True))

    def test_converted_reviews_point_at_rapid_reviews_in_the_same_partnership(self, reviews):
        by_id = {r.pk: r for r in reviews}
        converted = [r for r in reviews if r.converted_from_id]
        assert converted
        for review in converted:
            rapid = by_id[review.converted_from_id]
            assert review.review_type == "lcspr"
            assert rapid.review_type == "rapid"
            assert rapid.partnership_id == review.partnership_id
            assert rapid.signed_off_date <= review.decision_date
        assert all(r.converted_from_id for r in reviews if r.review_type == "lcspr")

    def test_themes(self, reviews):
        rows = defaultdict(lambda: [0, 0])
        for review_id, is_primary in ReviewTheme.objects.filter(
            review__source=synthetic.SOURCE
        ).values_list("review_id", "is_primary"):
            rows[review_id][0 if is_primary else 1] += 1
        assert set(rows) == {r.pk for r in reviews}
        assert all(1 <= primary <= 3 and 0 <= other <= 3 for primary, other in rows.values())
        per_recommendation = Counter(
            Recommendation.themes.through.objects.filter(
                recommendation__review__source=synthetic.SOURCE
            ).values_list("recommendation_id", flat=True)
        )
        assert per_recommendation and max(per_recommendation.values()) <= 2
        assert Theme.objects.filter(active=True).count() >= 30

    def test_missing_fields_at_realistic_rates(self, reviews):
        sars = [r for r in reviews if r.review_type == "sar"]
        assert sum(not r.referral_source for r in sars) >= 0.5 * len(sars)
        no_scope = sum(not (r.scope_start and r.scope_end) for r in reviews)
        assert 0.15 <= no_scope / len(reviews) <= 0.45
        no_time = sum(not (r.decision_date or r.start_date) for r in reviews)
        assert 0.25 <= no_time / len(reviews) <= 0.75
        assert any(not r.designated_professional for r in reviews)

    def test_actions(self, reviews):
        today = timezone.localdate()
        by_id = {r.pk: r for r in reviews}
        members = defaultdict(set)
        for from_id, to_id in Organisation.members.through.objects.values_list(
            "from_organisation_id", "to_organisation_id"
        ):
            members[from_id].add(to_id)
        actions = list(
            Action.objects.filter(recommendation__review__source=synthetic.SOURCE).select_related(
                "recommendation"
            )
        )
        statuses = Counter(a.status for a in actions)
        for action in actions:
            review = by_id[action.recommendation.review_id]
            assert action.owner_id in members[review.partnership_id] | {review.icb_id}
            base = review.signed_off_date or review.decision_date or review.start_date
            if base:
                assert action.due_date > base
            assert action.version == 1 and action.recommendation.version == 1
            assert action.lead and action.description
            if action.status in ("completed", "closed_with_evidence"):
                assert action.recommendation.created_at.date() <= action.completed_date <= today
                assert action.rag == "green"
            else:
                assert action.completed_date is None
            if action.status == "not_accepted":
                assert action.not_accepted_reason
        done = statuses["completed"] + statuses["closed_with_evidence"]
        assert done >= 0.5 * len(actions)
        overdue = [a for a in actions if a.is_open and a.due_date < today]
        assert overdue
        assert all(a.rag in ("red", "amber") for a in overdue)

    def test_new_records_after_the_load_get_fresh_keys(self, reviews):
        """The sequences moved past the keys handed out by the load."""
        review = Review.objects.create(
            title="Child T", review_type="rapid", partnership=reviews[0].partnership
        )
        recommendation = Recommendation.objects.create(review=review, number="1", text="Do it")
        assert review.pk > max(r.pk for r in reviews)
        assert (
            recommendation.pk > Recommendation.objects.exclude(pk=recommendation.pk).latest("pk").pk
        )


# --- runs of their own ---------------------------------------------------------------------


def counts():
    return (
        Review.objects.filter(source=synthetic.SOURCE).count(),
        Recommendation.objects.filter(review__source=synthetic.SOURCE).count(),
        Action.objects.filter(recommendation__review__source=synthetic.SOURCE).count(),
        ReviewTheme.objects.filter(review__source=synthetic.SOURCE).count(),
    )


def first_titles(n=20):
    return list(
        Review.objects.filter(source=synthetic.SOURCE)
        .order_by("source_id")
        .values_list("title", "review_type", "partnership_id")[:n]
    )


def test_same_seed_same_data(orgs):
    generate("--seed", "3")
    before, titles = counts(), first_titles()
    generate("--seed", "3", "--replace")
    assert counts() == before
    assert first_titles() == titles
    generate("--seed", "4", "--replace")
    assert first_titles() != titles


def test_replace_removes_the_old_rows_and_nothing_else(orgs, review_factory):
    mine = review_factory()
    Recommendation.objects.create(review=mine, number="1", text="Keep this")
    generate("--seed", "1")  # with the real figures refresh: facts hang off the reviews
    # Mark the old rows (keys may be handed out again once they are gone).
    old = Review.objects.filter(source=synthetic.SOURCE)
    assert old.update(comments="old") > 0
    assert Recommendation.objects.filter(review__in=old).update(text="old") > 0
    assert Action.objects.filter(recommendation__review__in=old).update(lead="old") > 0
    out = generate("--seed", "2", "--replace")
    connection.check_constraints()  # nothing left pointing at the removed rows
    assert not Review.objects.filter(comments="old").exists()
    assert not Recommendation.objects.filter(text="old").exists()
    assert not Action.objects.filter(lead="old").exists()
    reviews, recommendations, actions, _ = counts()
    assert f"{reviews:,} reviews, {recommendations:,} recommendations, {actions:,} actions" in out
    assert Review.objects.filter(pk=mine.pk).exists()
    assert Recommendation.objects.filter(review=mine).count() == 1


def test_refuses_without_replace_when_synthetic_data_exists(orgs):
    generate()
    before = counts()
    with pytest.raises(CommandError, match="already loaded.*--replace"):
        generate()
    assert counts() == before


def test_refuses_when_there_are_no_icbs(db):
    with pytest.raises(CommandError, match="no ICBs.*load_organisations"):
        generate()
    assert not Review.objects.exists()


def test_refuses_bad_options(orgs):
    with pytest.raises(CommandError, match="--years"):
        generate("--years", "0")
    with pytest.raises(CommandError, match="--scale"):
        generate(scale=0)


def test_refresh_figures_is_called(orgs):
    with mock.patch("safeguarding.dashboard.services.refresh_figures") as refresh:
        generate()
    refresh.assert_called_once_with()
