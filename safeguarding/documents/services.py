"""Review reports: upload, processing in the background, and people's decisions on what the
pipeline proposed. Each change runs in one transaction with its audit row.

- ``upload_document`` reads the file with the pipeline first, as validation: a file it refuses
  leaves nothing behind (no stored file, no rows). A file it reads is stored, its pages and
  what was read saved (so the file is read once), and ``process_document`` queued once the
  transaction commits.
- ``process_document`` (run by the Celery task) finds sections, draft recommendations and
  theme suggestions. Each stage saves its progress in its own short transaction so the pages
  show it while the work goes on. Once the document is ready it is announced for search
  (``safeguarding.indexing``) and indexed after that commit, in the worker: the person does
  not wait for the encoder.
- Nothing becomes a record until a person confirms a draft or accepts a theme.
"""

import hashlib
import logging
import os
import threading
import time
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connections, transaction
from django.http import Http404
from django.utils import timezone

from safeguarding import indexing
from safeguarding.accounts.scope import scope_for
from safeguarding.audit import services as audit
from safeguarding.reviews.services import NotAllowed, visible_reviews
from safeguarding.versioning import FieldChange, check_version, diff

from .models import Document, DocumentPage, DraftRecommendation, ThemeSuggestion
from .pipeline import DocumentError, extract_recommendations, find_sections
from .pipeline.errors import _size as describe_size
from .pipeline.errors import too_large
from .pipeline.extract import extract, from_data

logger = logging.getLogger(__name__)

DRAFT_FIELDS = ("number", "text")
PASSAGE_SUGGESTIONS = 3  # the best few theme suggestions kept for each passage
FAILED_MESSAGE = (
    "Something went wrong while reading this document. Upload it again; if that does not "
    "work, contact the service desk and give them the document's number."
)
NOT_QUEUED_MESSAGE = (
    "The document was saved but could not be sent for reading. Upload it again later; if "
    "that does not work, contact the service desk."
)
SECTION_LABELS = {
    "executive_summary": "Executive summary",
    "findings": "Findings",
    "recommendations": "Recommendations",
    "action_plan": "Action plan",
}
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "text": ".txt"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "text": "text/plain",
}


class AlreadyDecided(Exception):
    """The draft or suggestion was decided already (by this person or someone else)."""


def storage():
    """Where original files are kept: ``STORAGES["documents"]``, never served publicly."""
    return storages["documents"]


def max_bytes():
    return settings.DOCUMENT_MAX_BYTES


# --- reading ------------------------------------------------------------------------------


def documents_for_review(review):
    """The documents of a review already read in scope (for the review page)."""
    return list(review.documents.select_related("uploaded_by").order_by("-uploaded_at", "-id"))


def get_document(user, pk, *, request=None, audit_view=True):
    queryset = Document.objects.visible_to(user).select_related(
        "review", "review__partnership", "uploaded_by"
    )
    return audit.read_one(
        user, queryset, pk, request=request, audit_view=audit_view, not_found="No document found"
    )


def progress_of(user, pk):
    """Status and progress only, for the page that polls while a document is read. Not
    audited: it holds nothing from the document (the page that shows it is audited)."""
    row = (
        Document.objects.visible_to(user)
        .filter(pk=pk)
        .values("pk", "status", "progress", "stage", "error")
        .first()
    )
    if row is None:
        raise Http404("No document found")
    row["status_label"] = str(Document.Status(row["status"]).label)
    row["done"] = row["status"] in (Document.Status.READY, Document.Status.FAILED)
    return row


PASSAGES_SHOWN = 3  # the strongest passages shown for each theme suggested passage by passage


def document_contents(document):
    """What the document page shows: drafts, document-level theme suggestions (most
    confident first) and, for each theme suggested passage by passage, its strongest few
    passages with a count of the rest. A fixed number of queries.

    Drafts still waiting for a decision that are doubtful (``DraftRecommendation.doubtful``)
    come first, least confident first, so a person checks them first; then every other
    draft in the order of the document (id)."""
    drafts = list(document.drafts.select_related("recommendation", "decided_by").order_by("id"))
    doubtful = sorted(
        (d for d in drafts if d.status == DraftRecommendation.Status.DRAFT and d.doubtful),
        key=lambda d: (d.confidence, d.pk),
    )
    doubtful_ids = {d.pk for d in doubtful}
    others = [d for d in drafts if d.pk not in doubtful_ids]
    suggestions = list(
        document.theme_suggestions.select_related("theme", "decided_by").order_by(
            "level", "-confidence", "theme__label", "id"
        )
    )
    overall = [s for s in suggestions if s.level == ThemeSuggestion.Level.DOCUMENT]
    by_theme = {}
    for suggestion in suggestions:  # most confident first
        if suggestion.level != ThemeSuggestion.Level.PASSAGE:
            continue
        group = by_theme.setdefault(
            suggestion.theme_id, {"theme": suggestion.theme, "passages": [], "more": 0}
        )
        if len(group["passages"]) < PASSAGES_SHOWN:
            group["passages"].append(suggestion)
        else:
            group["more"] += 1
    review_theme_ids = set(document.review.review_themes.values_list("theme_id", flat=True))
    primary_themes = list(
        document.review.review_themes.filter(is_primary=True)
        .select_related("theme")
        .values_list("theme__label", flat=True)
    )
    return {
        "drafts": doubtful + others,
        "check_first": doubtful,
        "other_drafts": others,
        "doubtful_drafts": len(doubtful),
        "remaining_drafts": sum(1 for d in drafts if d.status == DraftRecommendation.Status.DRAFT),
        "suggestions": overall,
        "pending_suggestions": [
            s for s in overall if s.decision == ThemeSuggestion.Decision.PENDING
        ],
        "decided_suggestions": [
            s for s in overall if s.decision != ThemeSuggestion.Decision.PENDING
        ],
        "passage_themes": list(by_theme.values()),
        "passages_shown": PASSAGES_SHOWN,
        "review_theme_ids": review_theme_ids,
        "primary_themes": primary_themes,
        "section_labels": SECTION_LABELS,
        "size_text": describe_size(document.size),
    }


def get_draft(user, pk, *, request=None, audit_view=True):
    queryset = DraftRecommendation.objects.visible_to(user).select_related(
        "document", "document__review", "document__review__partnership", "recommendation"
    )
    return audit.read_one(
        user, queryset, pk, request=request, audit_view=audit_view, not_found="No draft found"
    )


def get_suggestion(user, pk, *, request=None, audit_view=True):
    queryset = ThemeSuggestion.objects.visible_to(user).select_related(
        "theme", "document", "document__review", "document__review__partnership"
    )
    return audit.read_one(
        user,
        queryset,
        pk,
        request=request,
        audit_view=audit_view,
        not_found="No theme suggestion found",
    )


def open_original(user, pk, *, request=None):
    """The original file, for download. Scoped (404 out of scope) and audited."""
    document = get_document(user, pk, audit_view=False)
    try:
        handle = storage().open(document.stored_name, "rb")
    except (FileNotFoundError, OSError):
        logger.error("Document %s: stored file %s is missing", document.pk, document.stored_name)
        raise Http404("The original file is no longer available") from None
    with transaction.atomic():
        audit.record(
            user,
            "export",
            document,
            request=request,
            details={"operation": "download", "filename": document.filename},
        )
    return document, handle, CONTENT_TYPES.get(document.kind, "application/octet-stream")


# --- upload -------------------------------------------------------------------------------


def may_upload(user, review):
    return scope_for(user).may_own(review.partnership)


def read_upload(upload):
    """The bytes of an uploaded file and what the pipeline read from them, or DocumentError.

    The size is checked before anything is read, so an oversized file is refused with the
    pipeline's own message without being loaded."""
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise too_large(upload.size, limit)
    data = upload.read()
    return data, extract(data, upload.name or "", max_bytes=limit)


def _clean_name(name):
    name = os.path.basename((name or "").replace("\\", "/")).strip() or "document"
    return name[-255:]


def upload_document(user, review_pk, upload, *, request=None, background=False):
    """Read, store and queue one uploaded report. DocumentError leaves nothing stored.

    background=True (the upload page) says the caller will not wait for the processing:
    with no worker and DOCUMENTS_IN_THREAD on, it then runs in a thread of this process.
    Otherwise (a command, a script) it runs inline, as Celery's eager mode does."""
    review = visible_reviews(user).select_related("partnership").filter(pk=review_pk).first()
    if review is None:
        raise Http404("No review found")
    if not may_upload(user, review):
        raise NotAllowed("You cannot add documents to this review")
    data, parsed = read_upload(upload)
    filename = _clean_name(upload.name)
    stored = None
    try:
        with transaction.atomic():
            review = visible_reviews(user).select_for_update().filter(pk=review_pk).first()
            if review is None:
                raise Http404("No review found")
            stored = storage().save(
                f"review-{review.pk}/{uuid.uuid4().hex}{EXTENSIONS[parsed.kind]}",
                ContentFile(data),
            )
            document = Document.objects.create(
                review=review,
                stored_name=stored,
                filename=filename,
                kind=parsed.kind,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                page_count=len(parsed.pages),
                warnings=list(parsed.warnings),
                extracted=_without_nul(parsed.as_data()),
                status=Document.Status.QUEUED,
                stage="Waiting to be read",
                uploaded_by=user if user and user.is_authenticated else None,
            )
            paragraphs = _page_paragraphs(parsed)
            DocumentPage.objects.bulk_create(
                [
                    DocumentPage(
                        document=document,
                        number=page.number,
                        text=_text(paragraphs.get(page.number) or page.text),
                    )
                    for page in parsed.pages
                ],
                batch_size=500,
            )
            audit.record(
                user,
                "create",
                document,
                request=request,
                details={
                    "version": 1,
                    "review": review.pk,
                    "filename": filename,
                    "kind": parsed.kind,
                    "size": len(data),
                    "sha256": document.sha256,
                    "pages": len(parsed.pages),
                },
            )
            document_id = document.pk
            transaction.on_commit(lambda: queue_processing(document_id, background=background))
    except BaseException:
        if stored:
            storage().delete(stored)
        raise
    return document


def _page_paragraphs(parsed):
    """Each page's text as its paragraphs separated by blank lines, so that search indexes
    paragraphs (a PDF's or DOCX's raw page text has no blank lines between them)."""
    by_page = {}
    for paragraph in parsed.paragraphs:
        if paragraph.text.strip():
            by_page.setdefault(paragraph.page, []).append(paragraph.text.strip())
    return {page: "\n\n".join(texts) for page, texts in by_page.items()}


def _text(value):
    # PostgreSQL text cannot hold NUL characters.
    return (value or "").replace("\x00", "")


def _without_nul(value):
    """JSON-ready data with NUL characters taken out of every string (PostgreSQL's jsonb
    cannot hold them either)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list | tuple):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_nul(item) for key, item in value.items()}
    return value


PROCESS_TASK = "documents.process_document"


def _process_task():
    """The processing task, found by its name in Celery's registry: ``tasks.py`` imports this
    module, never the reverse."""
    from safeguarding.celery import app

    return app.tasks[PROCESS_TASK]


def queue_processing(document_id, *, background=False):
    """Send the document to the task queue (runs it inline when REDIS_URL is unset, or in a
    thread of this process when the caller does not wait and DOCUMENTS_IN_THREAD is on)."""
    try:
        task = _process_task()
        if background and settings.DOCUMENTS_IN_THREAD:
            threading.Thread(
                target=_process_in_thread,
                args=(document_id,),
                name=f"document-{document_id}",
                daemon=True,
            ).start()
        else:
            task.delay(document_id)
    except Exception:
        logger.exception("Document %s could not be queued", document_id)
        _fail(document_id, NOT_QUEUED_MESSAGE)


# One document at a time in a process, as a worker does: PDFium and the themes engine's
# tokenizer are not thread-safe ("Already borrowed"). Later uploads wait, showing "queued".
_ONE_AT_A_TIME = threading.Lock()


def _process_in_thread(document_id):
    """The Celery task's own function, run in a thread: the upload's response has gone, so
    nothing here may raise. process_document marks its own failures; anything that escapes
    it marks the document failed too. The thread's database connections close at the end."""
    try:
        task = _process_task()
        with _ONE_AT_A_TIME:
            task(document_id)
    except Exception:
        logger.exception("Document %s could not be processed in a thread", document_id)
        try:
            _fail(document_id, FAILED_MESSAGE)
        except Exception:
            logger.exception("Document %s could not be marked failed", document_id)
    finally:
        connections.close_all()


# --- processing ---------------------------------------------------------------------------


def _save_progress(document_id, **fields):
    # Outside any transaction this commits at once, so other requests see it.
    Document.objects.filter(pk=document_id).update(**fields)


def _fail(document_id, message):
    _save_progress(
        document_id,
        status=Document.Status.FAILED,
        stage="Stopped",
        error=message,
        processed_at=timezone.now(),
    )


def _section_rows(sections):
    rows = []
    for section in sections:
        pages = [p.page for p in section.paragraphs if p.page] or [section.start_page]
        rows.append(
            {
                "kind": section.kind,
                "title": section.title,
                "level": section.level,
                "start_page": section.start_page,
                "end_page": max(max(pages), section.start_page),
            }
        )
    return rows


def _passages(parsed):
    """The document's passages and the page each came from: each page's paragraphs (headings
    and running headers and footers left out) cut with the theme engine's splitter."""
    from safeguarding.themes.engine import split_passages

    by_page = {}
    for paragraph in parsed.paragraphs:
        if paragraph.heading_level or not paragraph.text.strip():
            continue
        by_page.setdefault(paragraph.page, []).append(paragraph.text)
    passages, pages = [], []
    for page in sorted(by_page):
        for passage in split_passages("\n\n".join(by_page[page])):
            passages.append(passage)
            pages.append(page)
    return passages, pages


def _confidence(value):
    """The pipeline's confidence kept within 0 to 1. Not given: sure (the pipeline's
    default); not a number: 0, so a person checks the draft first."""
    if value is None:
        return 1.0
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 0.0
    if value != value:  # NaN
        return 0.0
    return min(1.0, max(0.0, value))


def _doubts(reasons):
    """The reasons for doubt, one a line (each reason kept to one line)."""
    if isinstance(reasons, str):
        reasons = reasons.splitlines()
    lines = (" ".join(_text(reason).split()) for reason in reasons or ())
    return "\n".join(line for line in lines if line)


def _save_drafts(document, recommendations):
    document.drafts.filter(status=DraftRecommendation.Status.DRAFT).delete()
    DraftRecommendation.objects.bulk_create(
        [
            DraftRecommendation(
                document=document,
                number=(item.number or str(i))[:10],
                text=_text(item.text),
                page=item.page,
                confidence=_confidence(getattr(item, "confidence", 1.0)),
                doubts=_doubts(getattr(item, "doubts", ())),
            )
            for i, item in enumerate(recommendations, start=1)
            if item.text and item.text.strip()
        ]
    )


def _save_suggestions(document, passages, pages, overall, per_passage):
    from safeguarding.themes.services import themes_by_code

    themes = themes_by_code()
    where = {}
    for index, passage in enumerate(passages):
        where.setdefault(" ".join(passage.split()), index)
    document.theme_suggestions.filter(decision=ThemeSuggestion.Decision.PENDING).delete()
    rows = []
    for suggestion in overall:
        if suggestion.code not in themes:
            continue
        index = where.get(" ".join(suggestion.evidence.split()))
        rows.append(
            ThemeSuggestion(
                document=document,
                theme=themes[suggestion.code],
                level=ThemeSuggestion.Level.DOCUMENT,
                passage_index=index,
                passage=_text(suggestion.evidence),
                page=pages[index] if index is not None else None,
                confidence=suggestion.confidence,
            )
        )
    for index, suggestions in enumerate(per_passage):
        kept = [s for s in suggestions if s.code in themes][:PASSAGE_SUGGESTIONS]
        for suggestion in kept:
            rows.append(
                ThemeSuggestion(
                    document=document,
                    theme=themes[suggestion.code],
                    level=ThemeSuggestion.Level.PASSAGE,
                    passage_index=index,
                    passage=_text(passages[index]),
                    page=pages[index],
                    confidence=suggestion.confidence,
                )
            )
    ThemeSuggestion.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _parsed(document):
    """What the upload read from the file; read again only for a document uploaded before
    that was kept."""
    if document.extracted:
        return from_data(document.extracted)
    with storage().open(document.stored_name, "rb") as handle:
        data = handle.read()
    return extract(data, document.filename, max_bytes=max(len(data), 1))


def process_document(document_id):
    """Sections, draft recommendations and theme suggestions for one uploaded document, then
    status "ready"; the search index follows after that commit, in its own task. Any failure
    leaves it "failed" with a plain message and is logged; nothing is raised to the caller."""
    document = Document.objects.select_related("review").filter(pk=document_id).first()
    if document is None:
        logger.warning("Document %s no longer exists; nothing to process", document_id)
        return None
    if document.status == Document.Status.READY:
        return document
    timings = {}
    try:
        started = time.perf_counter()
        _save_progress(
            document_id,
            status=Document.Status.PROCESSING,
            progress=5,
            stage="Reading the file",
            error="",
        )
        parsed = _parsed(document)
        timings["extract"] = round(time.perf_counter() - started, 4)

        _save_progress(document_id, progress=20, stage="Finding the sections")
        step = time.perf_counter()
        sections = find_sections(parsed)
        _save_progress(
            document_id,
            sections=_section_rows(sections),
            progress=35,
            stage="Finding the recommendations",
        )
        timings["sections"] = round(time.perf_counter() - step, 4)

        step = time.perf_counter()
        recommendations = extract_recommendations(parsed, sections)
        with transaction.atomic():
            _save_drafts(document, recommendations)
            Document.objects.filter(pk=document_id).update(progress=50, stage="Suggesting themes")
        timings["recommendations"] = round(time.perf_counter() - step, 4)

        step = time.perf_counter()
        from safeguarding.themes.services import suggest_for_passages

        passages, pages = _passages(parsed)
        overall, per_passage = suggest_for_passages(passages) if passages else ([], [])
        with transaction.atomic():
            suggestion_count = _save_suggestions(document, passages, pages, overall, per_passage)
            Document.objects.filter(pk=document_id).update(progress=90, stage="Saving")
        timings["themes"] = round(time.perf_counter() - step, 4)
        timings["total"] = round(time.perf_counter() - started, 4)

        with transaction.atomic():
            Document.objects.filter(pk=document_id).update(
                status=Document.Status.READY,
                progress=100,
                stage="Done",
                processed_at=timezone.now(),
                timings=timings,
                extracted=None,
            )
            indexing.changed(indexing.DOCUMENT, document_id)  # indexed once this commits
            audit.record(
                None,
                "change",
                document,
                details={
                    "operation": "processed",
                    "sections": len(sections),
                    "draft_recommendations": len(recommendations),
                    "theme_suggestions": suggestion_count,
                    "seconds": timings["total"],
                },
            )
    except DocumentError as error:
        logger.warning("Document %s refused while processing: %s", document_id, error.code)
        _fail(document_id, error.message)
    except Exception:
        logger.exception("Document %s could not be processed", document_id)
        _fail(document_id, FAILED_MESSAGE)
    document.refresh_from_db()
    return document


# --- decisions on drafts ------------------------------------------------------------------


def _editable(user, document):
    review = document.review
    if not scope_for(user).may_own(review.partnership):
        raise NotAllowed("You cannot change this review's documents")
    return review


def _locked_draft(user, pk):
    draft = DraftRecommendation.objects.visible_to(user).select_for_update().filter(pk=pk).first()
    if draft is None:
        raise Http404("No draft found")
    return draft


def _undecided(draft):
    if draft.status != DraftRecommendation.Status.DRAFT:
        raise AlreadyDecided(
            f"Draft recommendation {draft.number} was already {draft.get_status_display().lower()}"
        )


def _decide_draft(user, draft, status, *, request=None, recommendation=None):
    before = draft.get_status_display()
    draft.status = status
    draft.recommendation = recommendation
    draft.decided_by = user
    draft.decided_at = timezone.now()
    draft.version += 1
    draft.save()
    change = FieldChange("status", "Status", before, draft.get_status_display())
    details = {"version": draft.version, "changes": [change.__dict__]}
    if recommendation is not None:
        details["recommendation"] = recommendation.pk
    audit.record(user, "change", draft, request=request, details=details)


def confirm_draft(user, pk, expected_version, *, request=None, number=None):
    """Make a draft a real recommendation of the review (through the actions service).

    A number the review already has is refused (``actions.services.DuplicateNumber``);
    ``number`` gives the recommendation another number than the draft's (confirm all)."""
    from safeguarding.actions.services import add_recommendation

    with transaction.atomic():
        draft = _locked_draft(user, pk)
        review = _editable(user, draft.document)
        check_version(draft, expected_version)
        _undecided(draft)
        recommendation = add_recommendation(
            user, review.pk, {"number": number or draft.number, "text": draft.text}, request=request
        )
        recommendation.renumbered_from = draft.number.strip() if number else None
        _decide_draft(
            user,
            draft,
            DraftRecommendation.Status.CONFIRMED,
            request=request,
            recommendation=recommendation,
        )
    return recommendation


def discard_draft(user, pk, expected_version, *, request=None):
    with transaction.atomic():
        draft = _locked_draft(user, pk)
        _editable(user, draft.document)
        check_version(draft, expected_version)
        _undecided(draft)
        _decide_draft(user, draft, DraftRecommendation.Status.DISCARDED, request=request)
    return draft


def update_draft(user, pk, data, expected_version, *, request=None):
    """Correct a draft's number or text before it is confirmed; stale forms are refused."""
    with transaction.atomic():
        draft = _locked_draft(user, pk)
        _editable(user, draft.document)
        check_version(draft, expected_version)
        _undecided(draft)
        changes = diff(draft, data, DRAFT_FIELDS)
        if not changes:
            return draft, []
        for name in DRAFT_FIELDS:
            setattr(draft, name, data[name])
        draft.version += 1
        draft.save()
        audit.record(
            user,
            "change",
            draft,
            request=request,
            details={"version": draft.version, "changes": [c.__dict__ for c in changes]},
        )
    return draft, changes


def confirm_all_plan(document, pending=None):
    """The numbers the remaining drafts will get: ``[(draft, new_number or None)]``.

    A draft whose number the review (or an earlier draft of this batch) already has is
    numbered after the highest whole number in use, e.g. existing 1, 2 and drafts 1, 2, 3
    become 3, 4, 5."""
    from safeguarding.actions.services import next_free_number, normalise_number, numbers_in_use

    if pending is None:
        pending = list(
            document.drafts.filter(status=DraftRecommendation.Status.DRAFT).order_by("id")
        )
    taken = numbers_in_use(document.review_id)
    plan = []
    for draft in pending:
        number = normalise_number(draft.number)
        if not number or number in taken:
            new = next_free_number(taken)
            taken.add(new)
            plan.append((draft, new))
        else:
            taken.add(number)
            plan.append((draft, None))
    return plan


def _locked_editable_document(user, document_pk):
    """The document, locked for this transaction, if the person may change its review;
    404 out of scope. Call inside a transaction."""
    document = Document.objects.visible_to(user).select_for_update().filter(pk=document_pk).first()
    if document is None:
        raise Http404("No document found")
    _editable(user, document)
    return document


def confirm_all(user, document_pk, *, request=None):
    """Confirm every draft of the document still waiting for a decision, in one go,
    renumbering those whose number the review already has (see ``confirm_all_plan``).
    Each returned recommendation has ``renumbered_from`` (the draft's number, or None)."""
    from safeguarding.actions.services import _editable_review

    with transaction.atomic():
        document = _locked_editable_document(user, document_pk)
        _editable_review(user, document.review_id)  # lock the review: numbers stay free
        plan = confirm_all_plan(document)
        return [
            confirm_draft(user, draft.pk, None, request=request, number=new) for draft, new in plan
        ]


# --- decisions on theme suggestions --------------------------------------------------------


def decide_suggestion(user, pk, accepted, *, request=None):
    """Accept (the theme is added to the review as an "other" theme, if it is not there
    already) or reject a theme suggestion. The decision is passed to the theme engine's
    feedback so later suggestions learn from it."""
    from safeguarding.reviews.services import add_theme
    from safeguarding.themes.services import record_feedback

    with transaction.atomic():
        suggestion = (
            ThemeSuggestion.objects.visible_to(user).select_for_update().filter(pk=pk).first()
        )
        if suggestion is None:
            raise Http404("No theme suggestion found")
        review = _editable(user, suggestion.document)
        if suggestion.decision != ThemeSuggestion.Decision.PENDING:
            raise AlreadyDecided(
                f"The suggestion of {suggestion.theme.label} was already "
                f"{suggestion.get_decision_display().lower()}"
            )
        added = False
        if accepted:
            added = add_theme(
                user,
                review.pk,
                suggestion.theme,
                request=request,
                details={"theme_suggestion": suggestion.pk},
            )
        before = suggestion.get_decision_display()
        suggestion.decision = (
            ThemeSuggestion.Decision.ACCEPTED if accepted else ThemeSuggestion.Decision.REJECTED
        )
        suggestion.decided_by = user
        suggestion.decided_at = timezone.now()
        suggestion.save()
        audit.record(
            user,
            "change",
            suggestion,
            request=request,
            label=f"{suggestion.theme.label} ({suggestion.get_level_display().lower()})",
            details={
                "changes": [
                    FieldChange(
                        "decision", "Decision", before, suggestion.get_decision_display()
                    ).__dict__
                ],
                "theme": suggestion.theme.code,
                "document": suggestion.document_id,
                "added_to_review": added,
            },
        )
        record_feedback(
            code=suggestion.theme.code, text=suggestion.passage, accepted=accepted, user=user
        )
    return suggestion, added


class InvalidChoice(Exception):
    """A choice in a form that no longer matches the data (decided, gone, or not this
    document's); nothing was changed."""


CHOICES_CHANGED = (
    "Some of the themes you chose were already decided or are not suggestions for this "
    "document. Nothing was changed: check the list and choose again."
)


def pending_document_suggestions(document):
    """The document's whole-document suggestions still waiting, most confident first."""
    return list(
        document.theme_suggestions.filter(
            level=ThemeSuggestion.Level.DOCUMENT, decision=ThemeSuggestion.Decision.PENDING
        )
        .select_related("theme")
        .order_by("-confidence", "theme__label", "id")
    )


def decide_suggestions(user, document_pk, suggestion_ids, accepted, *, primary=None, request=None):
    """Accept or reject several whole-document suggestions of one document in one go, all
    or nothing: any id that is not a pending whole-document suggestion of this document
    (in the person's scope) refuses the lot with ``InvalidChoice``. ``primary`` (one of the
    accepted ids) makes that theme the review's primary theme.

    Returns ``(decided, added, replaced_primary)``: the suggestions, the labels of the
    themes added to the review, and the codes of any primary themes that became others."""
    from safeguarding.reviews import services as review_services

    ids = {int(i) for i in suggestion_ids}
    if not ids or (primary is not None and (not accepted or int(primary) not in ids)):
        raise InvalidChoice(CHOICES_CHANGED)
    with transaction.atomic():
        document = _locked_editable_document(user, document_pk)
        if document.status != Document.Status.READY:
            raise InvalidChoice("This document is still being read. Wait until it is ready.")
        found = list(
            ThemeSuggestion.objects.visible_to(user)
            .select_for_update()
            .filter(
                pk__in=ids,
                document=document,
                level=ThemeSuggestion.Level.DOCUMENT,
                decision=ThemeSuggestion.Decision.PENDING,
            )
            .order_by("-confidence", "id")
        )
        if len(found) != len(ids):
            raise InvalidChoice(CHOICES_CHANGED)
        decided, added, replaced = [], [], []
        for suggestion in found:
            suggestion, was_added = decide_suggestion(
                user, suggestion.pk, accepted, request=request
            )
            decided.append(suggestion)
            if was_added:
                added.append(suggestion.theme.label)
        if primary is not None:
            chosen = next(s for s in found if s.pk == int(primary))
            replaced = review_services.make_primary_theme(
                user,
                document.review_id,
                chosen.theme,
                request=request,
                details={"theme_suggestion": chosen.pk},
            )
            replaced = [code for code in (replaced or []) if code != chosen.theme.code]
    return decided, added, replaced
