"""A recommendation number is used once per review (trimmed, any case): the form, the
service, a draft's confirmation and "Confirm all" all keep it so."""

import pytest
from django.urls import reverse

from safeguarding.actions import services
from safeguarding.actions.models import Recommendation
from safeguarding.documents import services as document_services
from safeguarding.documents.models import DraftRecommendation
from tests.conftest import sign_in
from tests.documents.factories import make_document


@pytest.fixture
def review(review_factory):
    return review_factory(title="Adult B", review_type="sar")


@pytest.fixture
def editor(client, people):
    return sign_in(client, people["icb_a"])


def add(people, review, number, text="Share information about risk."):
    return services.add_recommendation(people["icb_a"], review.pk, {"number": number, "text": text})


def test_typed_duplicate_is_refused_on_the_form(editor, people, review):
    add(people, review, "3")
    response = editor.post(
        reverse("actions:recommendation-add", args=[review.pk]),
        {"number": " 3 ", "text": "Another one."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Recommendation 3 already exists on this review" in page
    assert "such as 3a or 4" in page
    assert "nhsuk-error-summary" in page
    assert Recommendation.objects.filter(review=review).count() == 1


def test_service_refuses_a_duplicate_trimmed_and_case_insensitive(people, review):
    add(people, review, "2a")
    with pytest.raises(services.DuplicateNumber) as error:
        add(people, review, " 2A ")
    assert "Recommendation 2A already exists on this review" in str(error.value)
    assert Recommendation.objects.filter(review=review).count() == 1


def test_another_review_may_use_the_same_number(people, review, review_factory):
    other = review_factory(title="Adult C", review_type="sar")
    add(people, review, "1")
    add(people, other, "1")
    assert Recommendation.objects.filter(number="1").count() == 2


def test_edit_to_a_clashing_number_is_refused(editor, people, review):
    add(people, review, "1")
    second = add(people, review, "2")
    response = editor.post(
        reverse("actions:recommendation-edit", args=[second.pk]),
        {"number": "1", "text": second.text, "version": 1},
    )
    assert response.status_code == 400
    assert "Recommendation 1 already exists on this review" in response.content.decode()
    second.refresh_from_db()
    assert (second.number, second.version) == ("2", 1)
    with pytest.raises(services.DuplicateNumber):
        services.update_recommendation(
            people["icb_a"], second.pk, {"number": "1", "text": second.text}, 1
        )


def test_edit_keeping_its_own_number_is_allowed(editor, people, review):
    first = add(people, review, "1")
    response = editor.post(
        reverse("actions:recommendation-edit", args=[first.pk]),
        {"number": "1", "text": "Changed wording.", "version": 1},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.number, first.text, first.version) == ("1", "Changed wording.", 2)


def test_draft_confirm_with_a_taken_number_is_refused_with_a_way_to_edit(editor, people, review):
    document = make_document(review, user=people["icb_a"])
    draft = document.drafts.get()  # numbered 1
    add(people, review, "1")
    response = editor.post(reverse("documents:draft-confirm", args=[draft.pk]), {"version": 1})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Recommendation 1 already exists on this review" in page
    assert reverse("documents:draft-edit", args=[draft.pk]) in page
    draft.refresh_from_db()
    assert draft.status == DraftRecommendation.Status.DRAFT
    assert Recommendation.objects.filter(review=review).count() == 1
    # Editing the number, then confirming, works.
    editor.post(
        reverse("documents:draft-edit", args=[draft.pk]),
        {"number": "1a", "text": draft.text, "version": 1},
    )
    editor.post(reverse("documents:draft-confirm", args=[draft.pk]), {"version": 2})
    assert sorted(
        Recommendation.objects.filter(review=review).values_list("number", flat=True)
    ) == [
        "1",
        "1a",
    ]


def test_confirm_all_numbers_clashing_drafts_after_the_existing_ones(editor, people, review):
    document = make_document(review, user=people["icb_a"])
    for number in ("2", "3"):
        DraftRecommendation.objects.create(
            document=document, number=number, text=f"Draft {number}.", page=1
        )
    add(people, review, "1")
    add(people, review, "2")
    url = reverse("documents:confirm-all", args=[document.pk])
    before = editor.get(url).content.decode()
    assert "1 becomes 3; 2 becomes 4; 3 becomes 5" in before
    response = editor.post(url, follow=True)
    page = response.content.decode()
    assert "3 recommendations added to the review: 3, 4, 5." in page
    assert "1 became 3, 2 became 4, 3 became 5" in page
    numbers = list(
        Recommendation.objects.filter(review=review).order_by("id").values_list("number", flat=True)
    )
    assert numbers == ["1", "2", "3", "4", "5"]
    texts = dict(Recommendation.objects.filter(review=review).values_list("number", "text"))
    assert texts["4"] == "Draft 2." and texts["5"] == "Draft 3."


def test_confirm_all_keeps_numbers_that_are_free(people, review):
    document = make_document(review, user=people["icb_a"])
    DraftRecommendation.objects.create(document=document, number="2", text="Two.", page=1)
    confirmed = document_services.confirm_all(people["icb_a"], document.pk)
    assert [(r.number, r.renumbered_from) for r in confirmed] == [("1", None), ("2", None)]
