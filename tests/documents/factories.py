"""A processed document with a stored file, a page, a draft and theme suggestions, made
directly (without the pipeline) for tests that need one to exist, such as the scope gate."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from safeguarding.documents.models import (
    Document,
    DocumentPage,
    DraftRecommendation,
    ThemeSuggestion,
)
from safeguarding.themes.models import Theme

TEXT = b"Recommendation 1: The partnership should share information about risk.\n"


def make_document(review, *, status=Document.Status.READY, filename="report.txt", user=None):
    stored = storages["documents"].save(f"review-{review.pk}/test.txt", ContentFile(TEXT))
    document = Document.objects.create(
        review=review,
        stored_name=stored,
        filename=filename,
        kind=Document.Kind.TEXT,
        size=len(TEXT),
        sha256=hashlib.sha256(TEXT).hexdigest(),
        page_count=1,
        status=status,
        progress=100 if status == Document.Status.READY else 0,
        uploaded_by=user,
    )
    DocumentPage.objects.create(document=document, number=1, text=TEXT.decode())
    DraftRecommendation.objects.create(
        document=document,
        number="1",
        text="The partnership should share information about risk.",
        page=1,
    )
    theme = Theme.objects.order_by("code").first()
    ThemeSuggestion.objects.create(
        document=document,
        theme=theme,
        level=ThemeSuggestion.Level.DOCUMENT,
        passage_index=0,
        passage="share information about risk",
        page=1,
        confidence=0.8,
    )
    ThemeSuggestion.objects.create(
        document=document,
        theme=theme,
        level=ThemeSuggestion.Level.PASSAGE,
        passage_index=0,
        passage="share information about risk",
        page=1,
        confidence=0.8,
    )
    return document
