"""Statutory reviews: every S-CRT field, stages, dissemination, themes."""

from django.conf import settings
from django.db import models

from safeguarding.accounts.scope import ScopedQuerySet
from safeguarding.versioning import VersionedModel

from . import dates as partial_dates
from . import types


class ReviewQuerySet(ScopedQuerySet, models.QuerySet):
    scope_prefix = ""


class Review(VersionedModel):
    class PublicationStatus(models.TextChoices):
        NOT_YET = "not_yet", "Not yet published"
        PUBLISHED = "published", "Published"
        EMBARGOED = "embargoed", "Embargoed"
        NOT_FOR_PUBLICATION = "not_for_publication", "Completed, not for publication"

    class ReferralSource(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
        ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
        EDUCATION = "education", "Education"
        PROBATION = "probation", "Probation"
        HOUSING = "housing", "Housing"
        VOLUNTARY = "voluntary", "Voluntary sector"
        FAMILY = "family", "Family or friend"
        CORONER = "coroner", "Coroner"
        NATIONAL_PANEL = "national_panel", "National Panel"
        OTHER = "other", "Other"

    class Method(models.TextChoices):
        SYSTEMS = "systems", "Systems methodology (e.g. SCIE Learning Together)"
        SILP = "silp", "Significant incident learning process (SILP)"
        APPRECIATIVE = "appreciative", "Appreciative inquiry"
        HYBRID = "hybrid", "Hybrid"
        TRADITIONAL = "traditional", "Traditional (individual management reviews)"
        LEARNING_EVENT = "learning_event", "Practitioner learning event"
        OTHER = "other", "Other"

    class ParallelProcess(models.TextChoices):
        NONE = "none", "None"
        PENDING = "pending", "Under way"
        CONCLUDED = "concluded", "Concluded"

    reference = models.CharField(
        "local reference", max_length=60, blank=True, default="", db_index=True
    )
    steis_number = models.CharField("StEIS number", max_length=30, blank=True, default="")
    title = models.CharField(
        max_length=120, help_text="A short anonymised name, for example 'Child T' or 'Adult B'"
    )
    review_type = models.CharField(
        "type of review", max_length=12, choices=list(types.REVIEW_TYPES.items())
    )
    converted_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="converted_to",
        verbose_name="converted from",
    )
    partnership = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name="safeguarding partnership",
    )
    icb = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="icb_reviews",
        verbose_name="ICB",
    )
    region = models.ForeignKey(
        "organisations.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text="Set from the partnership or ICB",
    )
    designated_professional = models.CharField(max_length=120, blank=True, default="")
    case_information = models.TextField(blank=True, default="")
    comments = models.TextField(blank=True, default="")

    incident_date = models.DateField("date of incident", null=True, blank=True)
    aware_date = models.DateField("date the partnership became aware", null=True, blank=True)
    notification_date = models.DateField("date of notification", null=True, blank=True)
    decision_date = models.DateField("date of decision to review", null=True, blank=True)
    start_date = models.DateField("date the review started", null=True, blank=True)
    panel_response_date = models.DateField("date of Panel response", null=True, blank=True)
    signed_off_date = models.DateField("date report signed off", null=True, blank=True)
    published_date = models.DateField("date published", null=True, blank=True)

    publication_status = models.CharField(
        max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.NOT_YET
    )
    publication_url = models.URLField("publication link", max_length=500, blank=True, default="")
    scope_start = models.DateField("scope period from", null=True, blank=True)
    scope_end = models.DateField("scope period to", null=True, blank=True)
    date_precision = models.JSONField(
        default=dict,
        blank=True,
        help_text="Dates known only to the month or year: {field name: 'month' or 'year'}. "
        "A date not named here is known to the day.",
    )
    referral_source = models.CharField(
        max_length=30, choices=ReferralSource.choices, blank=True, default=""
    )
    method = models.CharField(max_length=20, choices=Method.choices, blank=True, default="")
    independent_reviewer = models.CharField(max_length=120, blank=True, default="")
    inquest = models.CharField(
        max_length=10, choices=ParallelProcess.choices, blank=True, default=""
    )
    criminal_proceedings = models.CharField(
        max_length=10, choices=ParallelProcess.choices, blank=True, default=""
    )
    learning_summary = models.TextField("lessons learnt and good practice", blank=True, default="")

    themes = models.ManyToManyField("themes.Theme", through="ReviewTheme", related_name="reviews")

    source = models.CharField(
        max_length=40, blank=True, default="", help_text="Where the record came from, if imported"
    )
    source_id = models.CharField(max_length=60, blank=True, default="")
    source_data = models.JSONField(
        default=dict, blank=True, help_text="Anonymised attributes kept from an imported dataset"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["region", "review_type"]),
            models.Index(fields=["icb", "review_type"]),
            models.Index(fields=["partnership", "review_type"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~models.Q(source=""),
                name="review_unique_source_id",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.get_review_type_display()})"

    def dates(self):
        return {name: getattr(self, name) for name in types.DATE_LABELS}

    def precision(self, name):
        """'day', 'month' or 'year': how well the date ``name`` is known."""
        return (self.date_precision or {}).get(name, partial_dates.DAY)

    def describe_date(self, name, fmt="%-d %B %Y"):
        """The date as known: '15 March 2021', 'March 2021', '2021', or ''."""
        return partial_dates.describe(getattr(self, name), self.precision(name), fmt)

    @property
    def stage(self):
        return types.current_stage(self.review_type, self.dates())

    @property
    def is_open(self):
        """S-CRT: open until published, embargoed, or completed and signed off."""
        if self.publication_status in {
            self.PublicationStatus.PUBLISHED,
            self.PublicationStatus.EMBARGOED,
        }:
            return False
        if self.published_date:
            return False
        if self.publication_status == self.PublicationStatus.NOT_FOR_PUBLICATION:
            return not self.signed_off_date
        return True

    @property
    def status_label(self):
        return "Open" if self.is_open else "Closed"

    @property
    def primary_themes(self):
        return [rt.theme for rt in self.review_themes.all() if rt.is_primary]

    @property
    def secondary_themes(self):
        return [rt.theme for rt in self.review_themes.all() if not rt.is_primary]


class ReviewTheme(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="review_themes")
    theme = models.ForeignKey("themes.Theme", on_delete=models.PROTECT, related_name="+")
    is_primary = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "theme"], name="review_theme_once")
        ]
        ordering = ["-is_primary", "theme__label"]


class DisseminationQuerySet(ScopedQuerySet, models.QuerySet):
    scope_prefix = "review__"


class Dissemination(VersionedModel):
    """How the learning from a review was shared."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", "7-minute briefing"
        LEARNING_EVENT = "learning_event", "Learning event"
        NEWSLETTER = "newsletter", "Newsletter or bulletin"
        TRAINING = "training", "Training"
        OTHER = "other", "Other"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="disseminations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    audience = models.CharField(max_length=200)
    notes = models.TextField(blank=True, default="")

    objects = DisseminationQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.date:%-d %B %Y}"
