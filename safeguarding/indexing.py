"""Records whose searchable text changed, announced once their transaction commits.

A service that changes the text of a review, a recommendation or a document calls
``changed(kind, pk)`` inside its transaction. When the transaction commits, every record
named in it goes out in one ``text_changed`` signal (one batch: a spreadsheet import of 600
rows is one batch, not 600); if it rolls back, nothing goes out. Outside a transaction the
record goes out at once, on its own.

The search app listens (``safeguarding/search/apps.py``) and queues one indexing task per
batch, so the request or import that made the change never waits for the encoder. This
module imports nothing from the apps: reviews, actions and documents announce changes
without importing search (docs/decisions/0007-indexing-after-commit.md).

A batch can hold more than its own transaction's records only in one harmless way: records
named in a transaction that rolled back are carried into the next batch of the same thread.
The indexer reads each record as it is after the commit, so a record that was never saved is
not found and one whose text did not change is not encoded again.
"""

import logging
import threading

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

REVIEW = "review"
RECOMMENDATION = "recommendation"
DOCUMENT = "document"
KINDS = (REVIEW, RECOMMENDATION, DOCUMENT)

#: Sent after a commit with ``records``: a sorted list of ``[kind, pk]`` pairs.
text_changed = Signal()

_local = threading.local()


class _Batch:
    def __init__(self):
        self.records = set()
        self.sent = False

    def send(self):
        if self.sent:  # registered once per change; the first call sends them all
            return
        self.sent = True
        if getattr(_local, "batch", None) is self:
            _local.batch = None
        records = [[kind, pk] for kind, pk in sorted(self.records)]
        for receiver, error in text_changed.send_robust(sender=None, records=records):
            if error is not None:
                logger.error(
                    "Search indexing of %d records was not queued (%s): %r; "
                    "`manage.py reindex --changed` catches up",
                    len(records),
                    getattr(receiver, "__qualname__", receiver),
                    error,
                    exc_info=(type(error), error, error.__traceback__),
                )


def changed(kind, pk):
    """Announce that the searchable text of a record may have changed (after the commit)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of record: {kind!r}")
    batch = getattr(_local, "batch", None)
    if batch is None or batch.sent:
        batch = _local.batch = _Batch()
    batch.records.add((kind, int(pk)))
    transaction.on_commit(batch.send)
