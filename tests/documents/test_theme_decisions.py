"""A document's suggested themes are decided in one form: most confident first, accept or
reject the selected ones, optionally make one the review's primary theme; all or nothing.
The passage-by-passage part has no forms, so a long report's page stays small."""

import re

import pytest
from django.urls import reverse

from safeguarding.audit.models import AuditEvent
from safeguarding.documents.models import ThemeSuggestion
from safeguarding.reviews.models import ReviewTheme
from safeguarding.themes.models import Theme
from tests.conftest import sign_in
from tests.documents.factories import make_document


@pytest.fixture(autouse=True)
def no_feedback(monkeypatch):
    monkeypatch.setattr("safeguarding.themes.services.record_feedback", lambda **kwargs: None)


@pytest.fixture
def review(review_factory):
    return review_factory(title="Adult B", review_type="sar")


@pytest.fixture
def document(review, people):
    document = make_document(review, user=people["icb_a"])
    document.theme_suggestions.all().delete()
    themes = list(Theme.objects.order_by("code")[:4])
    for theme, confidence in zip(themes, (0.56, 0.98, 0.71, 0.64), strict=True):
        ThemeSuggestion.objects.create(
            document=document,
            theme=theme,
            level=ThemeSuggestion.Level.DOCUMENT,
            passage=f"Evidence for {theme.label}",
            page=1,
            confidence=confidence,
        )
    return document


@pytest.fixture
def editor(client, people):
    return sign_in(client, people["icb_a"])


def pending(document):
    return list(document.theme_suggestions.filter(level="document").order_by("-confidence"))


def url(document):
    return reverse("documents:theme-decisions", args=[document.pk])


def test_suggestions_are_listed_by_confidence_in_one_form(editor, document):
    page = editor.get(reverse("documents:detail", args=[document.pk])).content.decode()
    shown = [int(p) for p in re.findall(r"\((\d+)%\)\s*</label>", page)]
    assert shown == [98, 71, 64, 56]
    assert page.count('name="suggestions"') == 4
    assert "Accept selected themes" in page and "Reject selected themes" in page


def test_accept_selected_adds_exactly_the_chosen_themes(editor, review, document):
    best, second, third, fourth = pending(document)
    response = editor.post(
        url(document), {"suggestions": [best.pk, third.pk], "decision": "accept"}
    )
    assert response.status_code == 302 and response.url.endswith("#themes")
    codes = set(ReviewTheme.objects.filter(review=review).values_list("theme__code", flat=True))
    assert codes == {best.theme.code, third.theme.code}
    assert not ReviewTheme.objects.filter(review=review, is_primary=True).exists()
    decisions = dict(
        document.theme_suggestions.filter(level="document").values_list("pk", "decision")
    )
    assert decisions == {
        best.pk: "accepted",
        second.pk: "pending",
        third.pk: "accepted",
        fourth.pk: "pending",
    }
    for suggestion in (best, third):
        assert (
            AuditEvent.objects.filter(
                object_type="themesuggestion", object_id=str(suggestion.pk), action="change"
            ).count()
            == 1
        )
    page = editor.get(response.url).content.decode()
    assert "nhsuk-notification-banner" in page or "app-message" in page
    assert f"Added to the review's themes: {best.theme.label}, {third.theme.label}" in page.replace(
        "&#39;", "'"
    )


def test_primary_choice_sets_the_primary_theme_and_replaces_the_old_one(editor, review, document):
    best, second, *_ = pending(document)
    old = Theme.objects.exclude(pk__in=document.theme_suggestions.values("theme_id")).first()
    ReviewTheme.objects.create(review=review, theme=old, is_primary=True)
    page = editor.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "primary theme is now " + old.label in page.replace("&#39;", "'")
    version = review.version
    response = editor.post(
        url(document),
        {"suggestions": [best.pk, second.pk], "primary": second.pk, "decision": "accept"},
    )
    assert response.status_code == 302
    rows = dict(ReviewTheme.objects.filter(review=review).values_list("theme_id", "is_primary"))
    assert rows == {old.pk: False, best.theme_id: False, second.theme_id: True}
    review.refresh_from_db()
    assert review.version > version
    follow = editor.get(response.url).content.decode()
    assert f"{second.theme.label} is now the review's primary theme" in follow.replace("&#39;", "'")


def test_primary_must_be_one_of_the_accepted(editor, review, document):
    best, second, *_ = pending(document)
    response = editor.post(
        url(document), {"suggestions": [best.pk], "primary": second.pk, "decision": "accept"}
    )
    assert response.status_code == 400
    assert "must be one of the themes you selected" in response.content.decode()
    assert not ReviewTheme.objects.filter(review=review).exists()


def test_reject_selected(editor, review, document):
    best, second, *_ = pending(document)
    response = editor.post(url(document), {"suggestions": [second.pk], "decision": "reject"})
    assert response.status_code == 302
    second.refresh_from_db()
    best.refresh_from_db()
    assert (second.decision, best.decision) == ("rejected", "pending")
    assert not ReviewTheme.objects.filter(review=review).exists()


@pytest.mark.parametrize("bad", ["decided", "missing", "passage", "not-a-number"])
def test_stale_or_invalid_ids_change_nothing(editor, review, document, bad):
    best, second, *_ = pending(document)
    if bad == "decided":
        second.decision = "rejected"
        second.save()
        other = second.pk
    elif bad == "missing":
        other = 999999
    elif bad == "passage":
        other = ThemeSuggestion.objects.create(
            document=document,
            theme=best.theme,
            level=ThemeSuggestion.Level.PASSAGE,
            passage_index=0,
            passage="x",
            confidence=0.9,
        ).pk
    else:
        other = "abc"
    response = editor.post(url(document), {"suggestions": [best.pk, other], "decision": "accept"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was changed" in page and "nhsuk-error-summary" in page
    best.refresh_from_db()
    assert best.decision == "pending"
    assert not ReviewTheme.objects.filter(review=review).exists()


def test_nothing_selected_is_a_clear_error(editor, document):
    response = editor.post(url(document), {"decision": "accept"})
    assert response.status_code == 400
    assert "Select at least one theme to accept or reject" in response.content.decode()


def test_a_suggestion_of_another_document_is_refused(editor, people, review, document):
    other = make_document(review, user=people["icb_a"])
    theirs = other.theme_suggestions.get(level="document")
    best = pending(document)[0]
    response = editor.post(
        url(document), {"suggestions": [best.pk, theirs.pk], "decision": "accept"}
    )
    assert response.status_code == 400
    theirs.refresh_from_db()
    best.refresh_from_db()
    assert (theirs.decision, best.decision) == ("pending", "pending")


def test_out_of_scope_document_is_404_and_unchanged(client, people, document):
    sign_in(client, people["icb_b"])
    best = pending(document)[0]
    response = client.post(url(document), {"suggestions": [best.pk], "decision": "accept"})
    assert response.status_code == 404
    best.refresh_from_db()
    assert best.decision == "pending"


def test_service_refuses_ids_all_or_nothing(people, review, document):
    from safeguarding.documents import services

    best, second, *_ = pending(document)
    with pytest.raises(services.InvalidChoice):
        services.decide_suggestions(people["icb_a"], document.pk, [best.pk, 424242], True)
    best.refresh_from_db()
    assert best.decision == "pending"


def test_a_page_with_many_passages_has_one_form_for_themes(editor, review, document):
    themes = list(Theme.objects.order_by("code")[:6])
    ThemeSuggestion.objects.bulk_create(
        ThemeSuggestion(
            document=document,
            theme=themes[i % len(themes)],
            level=ThemeSuggestion.Level.PASSAGE,
            passage_index=i // 3,
            passage=f"Passage {i} about the support given and what agencies knew. " * 4,
            page=1 + i // 40,
            confidence=0.5 + (i % 50) / 100,
        )
        for i in range(1050)
    )
    page = editor.get(reverse("documents:detail", args=[document.pk])).content.decode()
    theme_forms = page.count(url(document))
    assert theme_forms == 1
    assert page.count(reverse("documents:suggestion-decide", args=[1])[:-2]) == 0
    assert page.count("<form") <= 6  # the themes form and the drafts' few
    # At most 3 passages shown for each theme, the rest counted.
    shown = re.findall(r"Passage (\d+) about", page)
    assert len(set(shown)) <= 3 * len(themes)
    assert "more passages" in page
    print(f"document page with 1,050 passage suggestions: {len(page.encode())} bytes")
    assert len(page) < 200_000
