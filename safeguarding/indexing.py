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

A batch belongs to the transaction that started it: its one on-commit hook is looked for
where Django keeps the pending hooks (``connection.run_on_commit``), and when that hook is
gone (the transaction, or the savepoint it was registered in, rolled back) the next change
starts a new batch, so records of a rolled-back change are never sent. A record named inside
a savepoint that rolls back while its batch lives on is sent anyway; harmless, because the
indexer reads each record as it is after the commit (a record never saved is not found, and
unchanged text is not encoded again).
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
        self.hook = None  # where its on-commit hook sits in connection.run_on_commit

    def pending_in(self, connection):
        hooks = connection.run_on_commit  # [(savepoint ids, function, robust)], Django 5.x
        return (
            not self.sent
            and self.hook is not None
            and self.hook < len(hooks)
            and hooks[self.hook][1] == self.send
        )

    def send(self):
        if self.sent:
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
    record = (kind, int(pk))
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # committed already: send it at once, on its own
        batch = _Batch()
        batch.records.add(record)
        batch.send()
        return
    batch = getattr(_local, "batch", None)
    if batch is None or not batch.pending_in(connection):
        batch = _local.batch = _Batch()
        transaction.on_commit(batch.send, robust=True)
        batch.hook = len(connection.run_on_commit) - 1
    batch.records.add(record)
