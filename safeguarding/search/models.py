"""The search index: passages of text from reviews, recommendations and uploaded documents,
each with its meaning vector. Passages are derived data: ``services.index_*`` replaces a
source's passages whenever its text changes, and ``manage.py reindex`` rebuilds them."""

import numpy as np
from django.db import models

from safeguarding.accounts.scope import ScopedQuerySet


class PassageQuerySet(ScopedQuerySet, models.QuerySet):
    scope_prefix = "review__"


class Passage(models.Model):
    class Source(models.TextChoices):
        REVIEW = "review", "Review"
        RECOMMENDATION = "recommendation", "Recommendation"
        DOCUMENT = "document", "Document"

    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="passages")
    # A plain reference (no foreign key): documents live in another app, and a passage is
    # removed with its source by the indexing service.
    source_type = models.CharField(max_length=20, choices=Source.choices)
    source_id = models.PositiveBigIntegerField()
    field = models.CharField(
        max_length=40, blank=True, default="", help_text="The review field the text came from"
    )
    page = models.PositiveIntegerField(null=True, blank=True)
    ordinal = models.PositiveIntegerField(default=0)
    text = models.TextField()
    vector = models.BinaryField(null=True, blank=True, help_text="float32, unit length")
    encoder = models.CharField(max_length=40, blank=True, default="")
    checksum = models.CharField(
        max_length=64, blank=True, default="", help_text="SHA-256 of the source's text when indexed"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PassageQuerySet.as_manager()

    class Meta:
        ordering = ["review", "source_type", "source_id", "ordinal"]
        indexes = [
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["review", "source_type"]),
            models.Index(fields=["encoder", "id"]),
        ]

    def __str__(self):
        return f"{self.source_type} {self.source_id} passage {self.ordinal}"

    def as_vector(self):
        if self.vector is None:
            return None
        return np.frombuffer(bytes(self.vector), dtype=np.float32)
