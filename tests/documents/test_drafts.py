"""People's decisions: confirm, edit (stale saves refused) and discard draft
recommendations; accept and reject theme suggestions. Every decision is audited."""

import pytest
from django.urls import reverse

from safeguarding.actions.models import Recommendation
from safeguarding.audit.models import AuditEvent
from safeguarding.documents import services
from safeguarding.documents.models import DraftRecommendation, ThemeSuggestion
from safeguarding.reviews.models import ReviewTheme
from safeguarding.themes.models import Theme
from tests.conftest import sign_in
from tests.documents.factories import make_document


@pytest.fixture
def review(review_factory):
    return review_factory(title="Adult B", review_type="sar")


@pytest.fixture
def document(review, people):
    return make_document(review, user=people["icb_a"])


@pytest.fixture
def draft(document):
    return document.drafts.get()


@pytest.fixture
def editor(client, people):
    return sign_in(client, people["icb_a"])


def events(obj, action="change"):
    return AuditEvent.objects.filter(
        object_type=obj._meta.model_name, object_id=str(obj.pk), action=action
    )


def test_confirm_makes_a_recommendation_and_links_it(editor, review, document, draft):
    page = editor.get(reverse("documents:draft-confirm", args=[draft.pk]))
    assert page.status_code == 200 and "Confirm recommendation" in page.content.decode()
    response = editor.post(reverse("documents:draft-confirm", args=[draft.pk]), {"version": 1})
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert (recommendation.review, recommendation.number, recommendation.text) == (
        review,
        draft.number,
        draft.text,
    )
    draft.refresh_from_db()
    assert (draft.status, draft.recommendation, draft.version) == ("confirmed", recommendation, 2)
    assert draft.decided_by.username == "icb-a" and draft.decided_at
    assert events(recommendation, "create").count() == 1
    event = events(draft).get()
    assert event.details["recommendation"] == recommendation.pk
    assert event.details["changes"][0]["after"] == "Confirmed"
    # A second confirmation (another tab) adds nothing.
    again = editor.post(
        reverse("documents:draft-confirm", args=[draft.pk]), {"version": 2}, follow=True
    )
    assert "already confirmed" in again.content.decode()
    assert Recommendation.objects.count() == 1
    detail = editor.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "Added to the review" in detail


def test_edit_then_confirm_uses_the_corrected_text(editor, draft):
    url = reverse("documents:draft-edit", args=[draft.pk])
    assert editor.get(url).status_code == 200
    response = editor.post(url, {"number": "1a", "text": "Corrected wording.", "version": 1})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.number, draft.text, draft.version) == ("1a", "Corrected wording.", 2)
    change = events(draft).get()
    assert {c["field"] for c in change.details["changes"]} == {"number", "text"}
    editor.post(reverse("documents:draft-confirm", args=[draft.pk]), {"version": 2})
    assert Recommendation.objects.get().text == "Corrected wording."


def test_edit_with_missing_text_shows_the_error_summary(editor, draft):
    response = editor.post(
        reverse("documents:draft-edit", args=[draft.pk]), {"number": "1", "text": "", "version": 1}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Enter the recommendation" in page


def test_stale_edit_is_refused_with_what_changed(editor, people, draft):
    services.update_draft(
        people["admin"], draft.pk, {"number": "1", "text": "Someone else's wording."}, 1
    )
    response = editor.post(
        reverse("documents:draft-edit", args=[draft.pk]),
        {"number": "1", "text": "My wording.", "version": 1},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this record after you opened it" in page
    assert "Changed by admin" in page
    assert "Someone else&#39;s wording." in page
    draft.refresh_from_db()
    assert draft.text == "Someone else's wording."


def test_stale_confirm_is_refused(editor, people, draft):
    services.update_draft(people["admin"], draft.pk, {"number": "9", "text": "Changed."}, 1)
    response = editor.post(reverse("documents:draft-confirm", args=[draft.pk]), {"version": 1})
    assert response.status_code == 409
    assert "Someone else changed this record" in response.content.decode()
    assert Recommendation.objects.count() == 0


def test_discard(editor, draft):
    response = editor.post(reverse("documents:draft-discard", args=[draft.pk]), {"version": 1})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "discarded" and draft.recommendation is None
    assert Recommendation.objects.count() == 0
    assert events(draft).get().details["changes"][0]["after"] == "Discarded"
    # A discarded draft can be neither confirmed nor edited.
    editor.post(reverse("documents:draft-confirm", args=[draft.pk]), {"version": 2})
    assert Recommendation.objects.count() == 0
    assert editor.get(reverse("documents:draft-edit", args=[draft.pk])).status_code == 302


def test_confirm_all_remaining(editor, review, document, draft):
    DraftRecommendation.objects.create(document=document, number="2", text="Second.")
    DraftRecommendation.objects.create(
        document=document, number="3", text="Third.", status="discarded"
    )
    url = reverse("documents:confirm-all", args=[document.pk])
    page = editor.get(url).content.decode()
    assert "Confirm all 2" in page
    assert editor.post(url).status_code == 302
    assert sorted(Recommendation.objects.values_list("number", flat=True)) == ["1", "2"]
    assert set(document.drafts.values_list("status", flat=True)) == {"confirmed", "discarded"}
    assert editor.post(url).status_code == 302  # nothing left: nothing more added
    assert Recommendation.objects.count() == 2


def test_read_only_roles_cannot_decide(client, people, document, draft):
    sign_in(client, people["region"])
    suggestion = document.theme_suggestions.first()
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "Confirm all" not in page and ">Accept<" not in page
    for url, data in (
        (reverse("documents:draft-confirm", args=[draft.pk]), {"version": 1}),
        (reverse("documents:draft-discard", args=[draft.pk]), {"version": 1}),
        (reverse("documents:draft-edit", args=[draft.pk]), {"number": "1", "text": "x"}),
        (reverse("documents:confirm-all", args=[document.pk]), {}),
        (reverse("documents:suggestion-decide", args=[suggestion.pk]), {"decision": "accept"}),
    ):
        assert client.post(url, data).status_code == 403, url
    assert Recommendation.objects.count() == 0


@pytest.fixture
def feedback(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "safeguarding.themes.services.record_feedback", lambda **kwargs: calls.append(kwargs)
    )
    return calls


def test_accept_adds_the_theme_as_another_theme(editor, people, review, document, feedback):
    suggestion = document.theme_suggestions.get(level="document")
    response = editor.post(
        reverse("documents:suggestion-decide", args=[suggestion.pk]), {"decision": "accept"}
    )
    assert response.status_code == 302
    assert response.url.endswith(f"#suggestion-{suggestion.pk}")  # back to its row
    row = ReviewTheme.objects.get(review=review)
    assert (row.theme, row.is_primary) == (suggestion.theme, False)
    review.refresh_from_db()
    assert review.version == 2  # a review form opened before this is refused as stale
    suggestion.refresh_from_db()
    assert suggestion.decision == "accepted" and suggestion.decided_by == people["icb_a"]
    assert feedback == [
        {
            "code": suggestion.theme.code,
            "text": suggestion.passage,
            "accepted": True,
            "user": people["icb_a"],
        }
    ]
    review_change = events(review).get()
    assert review_change.details["theme_suggestion"] == suggestion.pk
    assert review_change.details["changes"][0]["field"] == "themes"
    assert events(suggestion).get().details["added_to_review"] is True
    # Accepting again (another tab) changes nothing.
    editor.post(
        reverse("documents:suggestion-decide", args=[suggestion.pk]), {"decision": "accept"}
    )
    assert len(feedback) == 1 and ReviewTheme.objects.filter(review=review).count() == 1


def test_accepting_a_theme_the_review_has_leaves_it_as_it_is(editor, review, document, feedback):
    suggestion = document.theme_suggestions.get(level="passage")
    ReviewTheme.objects.create(review=review, theme=suggestion.theme, is_primary=True)
    response = editor.post(
        reverse("documents:suggestion-decide", args=[suggestion.pk]),
        {"decision": "accept"},
        follow=True,
    )
    assert "the review already has the theme" in response.content.decode()
    assert ReviewTheme.objects.get(review=review).is_primary is True
    review.refresh_from_db()
    assert review.version == 1
    assert events(suggestion).get().details["added_to_review"] is False
    assert feedback[0]["accepted"] is True


def test_reject(editor, review, document, feedback):
    suggestion = document.theme_suggestions.get(level="passage")
    response = editor.post(
        reverse("documents:suggestion-decide", args=[suggestion.pk]), {"decision": "reject"}
    )
    assert response.url.endswith(f"#passage-theme-{suggestion.theme_id}")
    suggestion.refresh_from_db()
    assert suggestion.decision == "rejected"
    assert not ReviewTheme.objects.filter(review=review).exists()
    assert feedback[0]["accepted"] is False
    assert events(suggestion).get().details["changes"][0]["after"] == "Rejected"


def test_suggestion_page_and_a_missing_decision(editor, document, feedback):
    suggestion = document.theme_suggestions.get(level="document")
    url = reverse("documents:suggestion-decide", args=[suggestion.pk])
    page = editor.get(url)
    assert page.status_code == 200 and "80%" in page.content.decode()
    response = editor.post(url, {})
    assert response.status_code == 400
    assert "Choose whether to accept or reject the theme" in response.content.decode()
    assert feedback == []


def test_document_page_shows_confidence_evidence_and_passages(editor, document):
    page = editor.get(reverse("documents:detail", args=[document.pk])).content.decode()
    theme = Theme.objects.order_by("code").first()
    assert theme.label in page
    assert "80%" in page
    assert "share information about risk" in page
    assert "Themes passage by passage" in page
    assert ThemeSuggestion.objects.filter(document=document, decision="pending").count() == 2
