"""Recommendations made by a review, and the actions that answer them."""

from django.conf import settings
from django.db import models

from safeguarding.accounts.scope import ScopedQuerySet
from safeguarding.versioning import VersionedModel


class RecommendationQuerySet(ScopedQuerySet, models.QuerySet):
    scope_prefix = "review__"


class Recommendation(VersionedModel):
    review = models.ForeignKey(
        "reviews.Review", on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.CharField(max_length=10, help_text="As numbered in the report, e.g. 3 or 2a")
    text = models.TextField("recommendation")
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="recommendations")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "id"]

    def __str__(self):
        return f"Recommendation {self.number}"


class ActionQuerySet(ScopedQuerySet, models.QuerySet):
    scope_prefix = "recommendation__review__"

    def open(self):
        return self.filter(status__in=Action.OPEN_STATUSES)


class Action(VersionedModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        ONGOING = "ongoing", "Ongoing"
        COMPLETED = "completed", "Completed"
        CLOSED_WITH_EVIDENCE = "closed_with_evidence", "Closed with evidence"
        NOT_ACCEPTED = "not_accepted", "Not accepted"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.ONGOING)

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField("action")
    owner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="owned_actions",
        verbose_name="owning organisation",
    )
    lead = models.CharField("lead", max_length=120, help_text="Role or name of the lead")
    due_date = models.DateField("due date")
    status = models.CharField(max_length=25, choices=Status.choices, default=Status.NOT_STARTED)
    rag = models.CharField("RAG rating", max_length=5, choices=Rag.choices, blank=True, default="")
    evidence_of_completion = models.TextField(blank=True, default="")
    evidence_of_impact = models.TextField(blank=True, default="")
    not_accepted_reason = models.TextField("reason not accepted", blank=True, default="")
    completed_date = models.DateField("date completed", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["owner", "status", "due_date"])]

    def __str__(self):
        return self.description[:80]

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES
