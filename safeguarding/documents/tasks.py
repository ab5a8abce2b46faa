"""Celery tasks for documents. Inline when REDIS_URL is unset (CELERY_TASK_ALWAYS_EAGER)."""

from celery import shared_task


@shared_task(name="documents.process_document")
def process_document(document_id):
    """Find a document's sections, draft recommendations and themes; index it for search."""
    from . import services

    services.process_document(document_id)
