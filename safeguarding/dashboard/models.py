"""Pre-aggregated facts the dashboard reads: one narrow row per review, review theme,
recommendation and action, with the dimensions the figures group by (region, ICB,
partnership, review type, quarter) copied onto each.

They are derived data, rebuilt by ``services.refresh_figures`` (a task) and kept up to date
by ``services.refresh_reviews`` when a review, recommendation or action is saved. Each has
the same ``visible_to(user)`` gate as the records it summarises.
"""

from django.db import models

from safeguarding.accounts.scope import ScopedQuerySet


class FactQuerySet(ScopedQuerySet, models.QuerySet):
    scope_prefix = ""


class _Dimensions(models.Model):
    """Where and when: the columns every figure can be filtered and grouped by."""

    region = models.ForeignKey(
        "organisations.Region", null=True, on_delete=models.DO_NOTHING, related_name="+"
    )
    icb = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.DO_NOTHING, related_name="+"
    )
    partnership = models.ForeignKey(
        "organisations.Organisation", on_delete=models.DO_NOTHING, related_name="+"
    )
    review_type = models.CharField(max_length=12)
    #: Calendar quarter of the review's start (notification, decision or incident date, or
    #: the day it was recorded), as year * 10 + quarter: 20243 is July to September 2024.
    quarter = models.PositiveIntegerField()

    objects = FactQuerySet.as_manager()

    class Meta:
        abstract = True


class ReviewFact(_Dimensions):
    review = models.OneToOneField(
        "reviews.Review", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    stage = models.CharField(max_length=20)
    is_open = models.BooleanField()
    #: "month" or "year" when the date the review counts from (``quarter``) is known only
    #: to the month or year; a year-only date is counted in the year's first quarter.
    period_precision = models.CharField(max_length=5, blank=True, default="")
    #: This review was converted from a rapid review.
    converted_from_rapid = models.BooleanField(default=False)
    #: This rapid review was converted into a review.
    converted = models.BooleanField(default=False)
    #: The earliest due date among clocks that have started and are not met; overdue when
    #: it is before today (worked out when the figures are read, so it never goes stale).
    clock_due = models.DateField(null=True)
    #: Some clock was met after its due date.
    clock_met_late = models.BooleanField(default=False)
    #: The review has at least one clock that has started.
    has_clock = models.BooleanField(default=False)
    #: Working time from decision (or start) to sign-off, in days.
    days_to_complete = models.PositiveIntegerField(null=True)
    #: The data-quality checks (reviews.quality.CHECKS) as a string of one character per
    #: check, in order: "m" missing, "." present, "-" not applicable to this review type.
    completeness = models.CharField(max_length=20, default="")

    class Meta:
        indexes = [
            models.Index(fields=["region", "quarter"]),
            models.Index(fields=["icb", "quarter"]),
            models.Index(fields=["partnership", "quarter"]),
            models.Index(fields=["quarter", "review_type"]),
        ]


class ReviewThemeFact(_Dimensions):
    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey("themes.Theme", on_delete=models.DO_NOTHING, related_name="+")
    is_primary = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(fields=["theme", "review"]),
            models.Index(fields=["quarter", "theme"]),
            models.Index(fields=["review"]),
        ]


class ActionFact(_Dimensions):
    action = models.OneToOneField(
        "actions.Action", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="+")
    recommendation = models.ForeignKey(
        "actions.Recommendation", on_delete=models.CASCADE, related_name="+"
    )
    owner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.DO_NOTHING, related_name="+"
    )
    status = models.CharField(max_length=25)
    is_open = models.BooleanField()
    due_date = models.DateField()
    completed_date = models.DateField(null=True)
    #: Days from the action being recorded to its completion.
    days_to_complete = models.PositiveIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["quarter", "review_type"]),
            models.Index(fields=["region", "quarter"]),
            models.Index(fields=["icb", "quarter"]),
            models.Index(fields=["review"]),
            # Overdue actions: only the open ones, with what the figure groups by (an
            # index-only scan on PostgreSQL; other databases ignore ``include``).
            models.Index(
                fields=["due_date"],
                condition=models.Q(is_open=True),
                include=["quarter", "owner", "region", "icb", "partnership", "review_type"],
                name="dashboard_action_open_due",
            ),
        ]


class RecommendationFact(_Dimensions):
    recommendation = models.OneToOneField(
        "actions.Recommendation", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="+")
    actions = models.PositiveIntegerField()
    actions_done = models.PositiveIntegerField()
    actions_open = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["quarter", "review_type"]),
            models.Index(fields=["review"]),
        ]


class FactsVersion(models.Model):
    """One row whose ``version`` changes, in the same transaction, whenever any fact table
    changes (``services.bump_facts_version``): the dashboard's cached figures are keyed by
    it, so every web process stops using them when the facts change (``cache.py``). A new
    random token each time, never a counter: two databases (or a database restored from a
    backup) never share a version, even on one Redis."""

    version = models.CharField(max_length=32)
