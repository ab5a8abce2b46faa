"""Processing in the background: stages and progress, drafts, theme suggestions, the search
index, failures, progress that survives a reload, the document page and the download."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding import indexing
from safeguarding.actions.models import Recommendation
from safeguarding.audit.models import AuditEvent
from safeguarding.documents import services
from safeguarding.documents.models import Document, DraftRecommendation, ThemeSuggestion
from safeguarding.search.models import Passage
from safeguarding.themes.engine import Suggestion
from tests.conftest import sign_in
from tests.documents.conftest import upload
from tests.documents.factories import make_document


@pytest.fixture
def uploaded(editor, review, review_pdf):
    """A PDF uploaded but not yet processed (the on-commit queueing has not run)."""
    assert upload(editor, review, "review.pdf", review_pdf).status_code == 302
    return Document.objects.get()


def test_queued_document_shows_its_status_and_a_refresh_link(editor, review, uploaded):
    assert uploaded.status == "queued"
    for url in (
        reverse("reviews:detail", args=[review.pk]),
        reverse("documents:detail", args=[uploaded.pk]),
    ):
        page = editor.get(url).content.decode()
        assert "Waiting to be read" in page
        assert 'aria-live="polite"' in page
        assert reverse("documents:progress", args=[uploaded.pk]) in page
        assert "documents.js" in page
        assert ">Refresh<" in page
    progress = editor.get(reverse("documents:progress", args=[uploaded.pk]))
    assert progress["Content-Type"] == "application/json"
    assert progress["Cache-Control"] == "no-store"
    assert progress.json() == {
        "pk": uploaded.pk,
        "status": "queued",
        "status_label": "Waiting to be read",
        "progress": 0,
        "stage": "Waiting to be read",
        "error": "",
        "done": False,
    }


def test_processing_saves_each_stage_and_its_results(
    uploaded, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.SEARCH_ENCODER = "static"
    seen = []
    real = services.find_sections

    def spy_sections(parsed):
        seen.append(Document.objects.values_list("status", "progress", "stage").get())
        return real(parsed)

    def fake_suggest(passages):
        seen.append(Document.objects.values_list("status", "progress", "stage").get())
        per_passage = [
            [
                Suggestion("neglect", 0.9, passage),
                Suggestion("self-neglect", 0.8, passage),
                Suggestion("mental-capacity", 0.7, passage),
                Suggestion("domestic-abuse", 0.6, passage),
                Suggestion("not-a-theme", 0.5, passage),
            ]
            if "self-neglect" in passage
            else []
            for passage in passages
        ]
        first = next(i for i, s in enumerate(per_passage) if s)
        overall = [
            Suggestion("self-neglect", 0.8, passages[first]),
            Suggestion("not-a-theme", 0.5, passages[first]),
        ]
        return overall, per_passage

    indexed = []

    def announced(sender, records, **kwargs):
        indexed.append((records, Document.objects.values_list("status", flat=True).get()))

    monkeypatch.setattr(services, "find_sections", spy_sections)
    monkeypatch.setattr("safeguarding.themes.services.suggest_for_passages", fake_suggest)
    indexing.text_changed.connect(announced)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            document = services.process_document(uploaded.pk)
    finally:
        indexing.text_changed.disconnect(announced)

    assert seen == [
        ("processing", 20, "Finding the sections"),
        ("processing", 50, "Suggesting themes"),
    ]
    # Indexed after the document is ready, in its own task: the person does not wait for it.
    assert indexed == [([["document", uploaded.pk]], "ready")]
    assert Passage.objects.filter(source_type="document", source_id=uploaded.pk).exists()
    assert (document.status, document.progress, document.stage) == ("ready", 100, "Done")
    assert document.processed_at is not None
    assert set(document.timings) >= {"extract", "sections", "recommendations", "themes", "total"}
    kinds = [s["kind"] for s in document.sections]
    assert kinds == ["executive_summary", "findings", "recommendations", "action_plan"]
    recommendations = next(s for s in document.sections if s["kind"] == "recommendations")
    assert (recommendations["start_page"], recommendations["end_page"]) == (4, 5)

    drafts = list(document.drafts.order_by("id"))
    assert [d.number for d in drafts] == ["1", "2", "3", "4", "5"]
    assert drafts[0].text.startswith("The Safeguarding Adults Board should seek assurance")
    assert drafts[3].page == 5
    assert {d.status for d in drafts} == {"draft"}
    assert Recommendation.objects.count() == 0  # nothing is a record until confirmed

    overall = ThemeSuggestion.objects.filter(document=document, level="document")
    assert [(s.theme.code, s.confidence) for s in overall] == [("self-neglect", 0.8)]
    assert "self-neglect" in overall[0].passage and overall[0].page == 3
    passage_level = ThemeSuggestion.objects.filter(document=document, level="passage")
    per_passage = {}
    for suggestion in passage_level:
        per_passage.setdefault(suggestion.passage_index, []).append(suggestion.theme.code)
    assert per_passage  # the best three known themes of each passage
    assert all(
        codes == ["neglect", "self-neglect", "mental-capacity"] for codes in per_passage.values()
    )

    event = AuditEvent.objects.get(object_type="document", action="change")
    assert event.details["operation"] == "processed"
    assert event.details["draft_recommendations"] == 5


def test_processing_with_the_real_theme_engine(uploaded):
    document = services.process_document(uploaded.pk)
    assert document.status == "ready"
    for suggestion in document.theme_suggestions.all():
        assert 0 <= suggestion.confidence <= 1 and suggestion.passage


def test_processing_twice_does_not_duplicate(uploaded):
    services.process_document(uploaded.pk)
    Document.objects.filter(pk=uploaded.pk).update(status="processing")  # a redelivered task
    services.process_document(uploaded.pk)
    assert DraftRecommendation.objects.filter(document=uploaded).count() == 5


def test_an_unexpected_error_fails_the_document_with_a_plain_message(
    editor, uploaded, monkeypatch, caplog
):
    def broken(parsed):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "find_sections", broken)
    document = services.process_document(uploaded.pk)  # never raises
    assert document.status == "failed"
    assert document.error == services.FAILED_MESSAGE
    assert "could not be processed" in caplog.text
    page = editor.get(reverse("documents:detail", args=[uploaded.pk]))
    assert page.status_code == 200
    assert "This document could not be read" in page.content.decode()
    assert editor.get(reverse("documents:progress", args=[uploaded.pk])).json()["done"] is True


def test_the_file_is_read_once_per_upload(
    editor, review, review_pdf, monkeypatch, django_capture_on_commit_callbacks
):
    reads = []
    real = services.extract

    def counted(*args, **kwargs):
        reads.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "extract", counted)
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(editor, review, "review.pdf", review_pdf).status_code == 302
    document = Document.objects.get()
    assert (document.status, reads) == ("ready", ["review.pdf"])
    assert document.drafts.count() == 5
    assert document.extracted is None  # what the upload read is not kept once it is used


def test_processing_uses_what_the_upload_read(uploaded):
    assert uploaded.extracted["kind"] == "pdf"
    services.storage().delete(uploaded.stored_name)  # not needed again
    document = services.process_document(uploaded.pk)
    assert document.status == "ready" and document.drafts.count() == 5


def test_a_missing_stored_file_fails_an_earlier_document(uploaded):
    # A document uploaded before what was read was kept is read again from its file.
    Document.objects.filter(pk=uploaded.pk).update(extracted=None)
    services.storage().delete(uploaded.stored_name)
    assert services.process_document(uploaded.pk).status == "failed"


def test_an_earlier_document_is_read_from_its_file(uploaded):
    Document.objects.filter(pk=uploaded.pk).update(extracted=None)
    document = services.process_document(uploaded.pk)
    assert document.status == "ready" and document.drafts.count() == 5


def test_a_queue_that_cannot_be_reached_fails_the_document(
    editor, review, review_pdf, monkeypatch, django_capture_on_commit_callbacks
):
    from safeguarding.documents import tasks

    def unreachable(*args, **kwargs):
        raise ConnectionError("no broker")

    monkeypatch.setattr(tasks.process_document, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(editor, review, "review.pdf", review_pdf).status_code == 302
    document = Document.objects.get()
    assert (document.status, document.error) == ("failed", services.NOT_QUEUED_MESSAGE)


def test_document_page_shows_sections_drafts_and_themes(
    editor, review, review_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(editor, review, "review.pdf", review_pdf)
    document = Document.objects.get()
    response = editor.get(reverse("documents:detail", args=[document.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Sections found", "Key findings", "Draft recommendations", "Confirm all 5"):
        assert text in page
    assert reverse("documents:draft-confirm", args=[document.drafts.first().pk]) in page
    assert reverse("documents:download", args=[document.pk]) in page
    assert AuditEvent.objects.filter(
        object_type="document", object_id=str(document.pk), action="view"
    ).exists()


def test_document_page_does_not_grow_with_drafts_and_suggestions(editor, review):
    document = make_document(review)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert editor.get(reverse("documents:detail", args=[document.pk])).status_code == 200
        return len(captured)

    few = count()
    first = document.theme_suggestions.first()
    for i in range(10):
        DraftRecommendation.objects.create(document=document, number=str(i + 2), text="x")
        ThemeSuggestion.objects.create(
            document=document,
            theme=first.theme,
            level="passage",
            passage_index=i + 1,
            passage=f"passage {i}",
            page=1,
            confidence=0.5,
        )
    assert count() == few


def test_download_is_scoped_and_audited(client, people, review, review_pdf):
    sign_in(client, people["icb_a"])
    upload(client, review, "Adult B final.pdf", review_pdf)
    document = Document.objects.get()
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == review_pdf
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Adult%20B%20final.pdf" in response["Content-Disposition"] or (
        "Adult B final.pdf" in response["Content-Disposition"]
    )
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(object_type="document", action="export")
    assert event.details == {"operation": "download", "filename": "Adult B final.pdf"}
    sign_in(client, people["icb_b"])
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_other_icb_gets_404_on_every_document_url(client, people, review):
    document = make_document(review)
    draft = document.drafts.first()
    suggestion = document.theme_suggestions.first()
    urls = [
        reverse("documents:upload", args=[review.pk]),
        reverse("documents:detail", args=[document.pk]),
        reverse("documents:progress", args=[document.pk]),
        reverse("documents:download", args=[document.pk]),
        reverse("documents:confirm-all", args=[document.pk]),
        reverse("documents:draft-edit", args=[draft.pk]),
        reverse("documents:draft-confirm", args=[draft.pk]),
        reverse("documents:draft-discard", args=[draft.pk]),
        reverse("documents:suggestion-decide", args=[suggestion.pk]),
    ]
    sign_in(client, people["icb_b"])
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"decision": "accept", "version": "1"}).status_code == 404, url
    draft.refresh_from_db()
    assert draft.status == "draft"
