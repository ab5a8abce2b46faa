"""A review's uploaded report, its pages, and what the pipeline proposed from it.

Every row belongs to one review and is seen through it (``visible_to(user)``). Drafts and
theme suggestions stay proposals until a person confirms or accepts them.
"""

from django.conf import settings
from django.db import models

from safeguarding.accounts.scope import ScopedQuerySet
from safeguarding.versioning import VersionedModel

from .pipeline.recommendations import DOUBTFUL  # noqa: F401 (shown first, for a person to check)


class DocumentQuerySet(ScopedQuerySet, models.QuerySet):
    scope_prefix = "review__"


class Document(VersionedModel):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document"
        HTML = "html", "Web page"
        TEXT = "text", "Text file"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be read"
        PROCESSING = "processing", "Being read"
        READY = "ready", "Ready to check"
        FAILED = "failed", "Could not be read"

    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="documents")
    stored_name = models.CharField(
        max_length=300, help_text="Where the original file is kept in the documents storage"
    )
    filename = models.CharField("file name", max_length=255)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField(help_text="Bytes")
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField(default=0)
    sections = models.JSONField(
        default=list, blank=True, help_text="[{kind, title, start_page, end_page}]"
    )
    warnings = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="0 to 100")
    stage = models.CharField(max_length=60, blank=True, default="")
    error = models.TextField(blank=True, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    timings = models.JSONField(default=dict, blank=True, help_text="Seconds per stage")
    extracted = models.JSONField(
        null=True,
        blank=True,
        help_text="What the upload read from the file (pipeline Document.as_data), kept so "
        "processing does not read the file again; cleared once the document is ready",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.filename

    @property
    def is_working(self):
        return self.status in (self.Status.QUEUED, self.Status.PROCESSING)


class DocumentChildQuerySet(ScopedQuerySet, models.QuerySet):
    scope_prefix = "document__review__"


class DocumentPage(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True, default="")

    objects = DocumentChildQuerySet.as_manager()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_page_once")
        ]

    def __str__(self):
        return f"Page {self.number}"


class DraftRecommendation(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONFIRMED = "confirmed", "Confirmed"
        DISCARDED = "discarded", "Discarded"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="drafts")
    number = models.CharField(max_length=10, help_text="As numbered in the report, e.g. 3 or 2a")
    text = models.TextField("recommendation")
    page = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    recommendation = models.ForeignKey(
        "actions.Recommendation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafts",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    confidence = models.FloatField(
        default=1.0, help_text="0 to 1: how sure the reading of the report is"
    )
    doubts = models.TextField(
        blank=True, default="", help_text="Why the reading may be wrong, one reason a line"
    )

    objects = DocumentChildQuerySet.as_manager()

    class Meta:
        ordering = ["document", "id"]

    def __str__(self):
        return f"Draft recommendation {self.number}"

    @property
    def percent(self):
        return round(self.confidence * 100)

    @property
    def doubtful(self):
        return self.confidence < DOUBTFUL

    @property
    def doubt_list(self):
        return [line.strip() for line in self.doubts.splitlines() if line.strip()]


class ThemeSuggestion(models.Model):
    class Level(models.TextChoices):
        DOCUMENT = "document", "Whole document"
        PASSAGE = "passage", "Passage"

    class Decision(models.TextChoices):
        PENDING = "pending", "Not decided"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="theme_suggestions"
    )
    theme = models.ForeignKey("themes.Theme", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=10, choices=Level.choices)
    passage_index = models.PositiveIntegerField(
        null=True, blank=True, help_text="Which passage of the document, for passage suggestions"
    )
    passage = models.TextField("evidence", help_text="The passage the suggestion rests on")
    page = models.PositiveIntegerField(null=True, blank=True)
    confidence = models.FloatField(help_text="0 to 1")
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = DocumentChildQuerySet.as_manager()

    class Meta:
        ordering = ["document", "level", "passage_index", "-confidence", "id"]
        indexes = [models.Index(fields=["document", "level"])]

    def __str__(self):
        return f"Theme suggestion: {self.theme_id}"

    @property
    def percent(self):
        return round(self.confidence * 100)
