"""Celery tasks for search. Inline when REDIS_URL is unset (CELERY_TASK_ALWAYS_EAGER).

Records are indexed after the transaction that changed them commits, in the worker, one task
per batch (``safeguarding.indexing``): the request or import that made the change does not wait
for the encoder. A task imports its service, never the reverse."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="search.index_records")
def index_records(records):
    """(Re)index a batch of records, given as ``[kind, pk]`` pairs. Returns passages written."""
    return services.index_changed(records)


def queue(sender, records, **kwargs):
    """Receiver of ``indexing.text_changed``: one indexing task for the whole batch."""
    if records:
        index_records.delay(records)
