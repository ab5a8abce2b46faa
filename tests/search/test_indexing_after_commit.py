"""Search indexing follows the commit: nothing is indexed for a change that rolls back, a
committed change is found by search once its batch has been indexed, one batch (one task)
per transaction, and synthetic rows are never indexed."""

import io

import pytest
from celery.signals import task_prerun
from django.core.management import call_command
from django.db import transaction

from safeguarding import indexing
from safeguarding.actions import services as action_services
from safeguarding.actions.models import Recommendation
from safeguarding.reviews import services as review_services
from safeguarding.search import services
from safeguarding.search.models import Passage

pytestmark = pytest.mark.django_db


class Failure(Exception):
    pass


@pytest.fixture
def batches():
    """Every batch announced for indexing, and every indexing task that ran."""
    seen = {"batches": [], "tasks": []}

    def announced(sender, records, **kwargs):
        seen["batches"].append(records)

    def started(sender=None, task=None, args=None, **kwargs):
        if task is not None and task.name == "search.index_records":
            seen["tasks"].append(list(args))

    indexing.text_changed.connect(announced)
    task_prerun.connect(started)
    yield seen
    indexing.text_changed.disconnect(announced)
    task_prerun.disconnect(started)


def new_review(user, orgs, text="Neglect of dental care went unnoticed by the dentist."):
    return review_services.create_review(
        user,
        {
            "title": "Child Q",
            "review_type": "rapid",
            "partnership": orgs["partnership_a"],
            "case_information": text,
        },
    )


def test_nothing_is_indexed_when_the_transaction_fails(
    people, orgs, batches, django_capture_on_commit_callbacks
):
    user = people["icb_a"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Failure), transaction.atomic():
            review = new_review(user, orgs)
            action_services.add_recommendation(
                user, review.pk, {"number": "1", "text": "Dentists should report neglect."}
            )
            raise Failure  # after the review and its recommendation were saved
    assert callbacks == []
    assert batches == {"batches": [], "tasks": []}
    assert not Passage.objects.exists()
    assert services.search(user, "dentist").total == 0


def test_a_committed_review_is_found_once_indexed_after_the_commit(
    people, orgs, batches, django_capture_on_commit_callbacks
):
    user = people["icb_a"]
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            review = new_review(user, orgs)
            recommendation = action_services.add_recommendation(
                user, review.pk, {"number": "1", "text": "Dentists should report neglect."}
            )
            # Saved, not yet committed: nothing is indexed inside the transaction.
            assert not Passage.objects.exists()
        assert not Passage.objects.exists()  # committed; the batch goes out with the hooks
    expected = [["recommendation", recommendation.pk], ["review", review.pk]]
    assert batches == {"batches": [expected], "tasks": [[expected]]}
    found = services.search(user, "dentist")
    assert {(h.passage.source_type, h.passage.source_id) for h in found.hits} == {
        ("review", review.pk),
        ("recommendation", recommendation.pk),
    }


def test_a_rolled_back_change_is_not_carried_into_the_next_batch(
    people, orgs, batches, django_capture_on_commit_callbacks
):
    user = people["icb_a"]
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Failure), transaction.atomic():
            new_review(user, orgs, "Bruising that was rolled back.")
            raise Failure
        with transaction.atomic():
            kept = new_review(user, orgs, "Bruising that was kept.")
    assert batches["batches"] == [[["review", kept.pk]]]


def test_one_batch_for_a_transaction_of_many_changes(
    people, orgs, batches, django_capture_on_commit_callbacks
):
    user = people["icb_a"]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        reviews = [
            new_review(user, orgs, f"Bruising number {n} was not referred.") for n in range(5)
        ]
        review_services.update_review(user, reviews[0].pk, {"title": "Child R"}, 1)
    assert len(batches["batches"]) == len(batches["tasks"]) == 1
    assert batches["batches"][0] == [["review", r.pk] for r in reviews]
    assert services.search(user, "bruising").total == 5


def test_synthetic_rows_are_not_indexed(review_factory, people):
    synthetic = review_factory(case_information="Bruising was missed.", source="synthetic")
    Recommendation.objects.create(review=synthetic, number="1", text="Bruising protocol.")
    real = review_factory(case_information="Bruising was missed again.")
    assert services.index_changed(
        [["review", synthetic.pk], ["review", real.pk]]
        + [["recommendation", r.pk] for r in Recommendation.objects.all()]
    )
    assert set(Passage.objects.values_list("review_id", flat=True)) == {real.pk}

    services.index_review(synthetic)  # say an earlier version indexed it
    call_command("reindex", "--changed", stdout=io.StringIO())
    assert set(Passage.objects.values_list("review_id", flat=True)) == {real.pk}
    call_command("reindex", stdout=io.StringIO())
    assert set(Passage.objects.values_list("review_id", flat=True)) == {real.pk}
    assert services.search(people["icb_a"], "bruising").total == 1
