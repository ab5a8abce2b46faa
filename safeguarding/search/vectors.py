"""The meaning index: every passage's vector in one numpy matrix, held per process.

It is loaded on first use and refreshed incrementally: a cheap aggregate (count, highest id,
sum of ids) tells whether passages were added or removed since the last look; new rows are
fetched by id, removed ones dropped. It refreshes at once after this process wrote to the
index, and otherwise at most every ``SEARCH_REFRESH_SECONDS`` (default 2). Only vectors made
by the current encoder are loaded; others wait for ``manage.py reindex --changed``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models import Count, Max, Sum

from .models import Passage

KINDS = {code: number for number, code in enumerate(Passage.Source.values)}


class VectorIndex:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset(None)

    def reset(self, encoder):
        self.encoder = encoder
        self.dim = 0  # taken from the first vector loaded
        self.ids = np.zeros(0, dtype=np.int64)
        self.review_ids = np.zeros(0, dtype=np.int64)
        self.source_ids = np.zeros(0, dtype=np.int64)
        self.kinds = np.zeros(0, dtype=np.int8)
        self.matrix = np.zeros((0, 0), dtype=np.float32)
        self.top = 0
        self.stats = None
        self.checked = 0.0
        self.dirty = True

    def _append(self, queryset):
        ids, reviews, sources, kinds, chunks = [], [], [], [], []
        rows = queryset.values_list("id", "review_id", "source_id", "source_type", "vector")
        for pk, review_id, source_id, kind, vector in rows.iterator(chunk_size=5000):
            if vector is None:
                continue
            if not self.dim:
                self.dim = len(vector) // 4
            if len(vector) != self.dim * 4:
                continue
            ids.append(pk)
            reviews.append(review_id)
            sources.append(source_id)
            kinds.append(KINDS[kind])
            chunks.append(bytes(vector))
        if not ids:
            return
        block = np.frombuffer(b"".join(chunks), dtype=np.float32).reshape(len(ids), self.dim)
        self.ids = np.concatenate([self.ids, np.asarray(ids, dtype=np.int64)])
        self.review_ids = np.concatenate([self.review_ids, np.asarray(reviews, dtype=np.int64)])
        self.source_ids = np.concatenate([self.source_ids, np.asarray(sources, dtype=np.int64)])
        self.kinds = np.concatenate([self.kinds, np.asarray(kinds, dtype=np.int8)])
        self.matrix = np.vstack([self.matrix, block]) if len(self.matrix) else block.copy()
        self.top = max(self.top, int(self.ids.max()))

    def _keep(self, mask):
        self.ids = self.ids[mask]
        self.review_ids = self.review_ids[mask]
        self.source_ids = self.source_ids[mask]
        self.kinds = self.kinds[mask]
        self.matrix = self.matrix[mask]

    def refresh(self, encoder_name):
        """Bring the matrix up to date with the passages table (for this encoder) and return
        a consistent snapshot of it."""
        with self.lock:
            if encoder_name != self.encoder:
                self.reset(encoder_name)
            interval = getattr(settings, "SEARCH_REFRESH_SECONDS", 2)
            if self.dirty or time.monotonic() - self.checked >= interval:
                self._refresh(encoder_name)
            # Arrays are replaced, never changed in place, so a snapshot stays consistent.
            return Snapshot(self.ids, self.review_ids, self.source_ids, self.kinds, self.matrix)

    def _refresh(self, encoder_name):
        # Passages without a vector (titles) have no encoder, so this is all on one index.
        passages = Passage.objects.filter(encoder=encoder_name)
        found = passages.aggregate(n=Count("id"), top=Max("id"), total=Sum("id"))
        stats = (found["n"] or 0, found["top"] or 0, int(found["total"] or 0))
        if stats != self.stats:
            if stats[1] > self.top:
                self._append(passages.filter(id__gt=self.top))
            if (len(self.ids), int(self.ids.sum())) != (stats[0], stats[2]):
                present = np.fromiter(
                    passages.values_list("id", flat=True).iterator(chunk_size=20000),
                    dtype=np.int64,
                )
                self._keep(np.isin(self.ids, present))
                missing = np.setdiff1d(present, self.ids).tolist()
                for start in range(0, len(missing), 2000):
                    self._append(passages.filter(id__in=missing[start : start + 2000]))
            self.stats = stats
        self.checked = time.monotonic()
        self.dirty = False


@dataclass(frozen=True)
class Snapshot:
    ids: np.ndarray
    review_ids: np.ndarray
    source_ids: np.ndarray
    kinds: np.ndarray
    matrix: np.ndarray

    def mask(self, *, review_ids, kind=None):
        mask = np.isin(self.review_ids, np.asarray(review_ids, dtype=np.int64))
        if kind is not None:
            mask &= self.kinds == KINDS[kind]
        return mask

    def scores(self, query_vector, *, review_ids, kind=None):
        """Cosine of the query with every passage; -inf where the review is not allowed."""
        scores = self.matrix @ np.asarray(query_vector, dtype=np.float32)
        scores[~self.mask(review_ids=review_ids, kind=kind)] = -np.inf
        return scores


_INDEX = VectorIndex()


def index():
    return _INDEX


def mark_dirty():
    _INDEX.dirty = True


def reset():
    """Forget everything loaded (tests, and after a bulk rebuild)."""
    with _INDEX.lock:
        _INDEX.reset(None)
