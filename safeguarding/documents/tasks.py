"""Celery tasks for documents. Inline when REDIS_URL is unset (CELERY_TASK_ALWAYS_EAGER).

A task imports its service, never the reverse: ``services.queue_processing`` finds this task
by its name in Celery's registry."""

from celery import shared_task

from . import services


@shared_task(name=services.PROCESS_TASK)
def process_document(document_id):
    """Find a document's sections, draft recommendations and themes. Search indexing follows
    in its own task once the document is ready (``search.index_records``)."""
    services.process_document(document_id)
