"""A partnership's own timescales, where national guidance leaves them to local practice."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from safeguarding.versioning import VersionedModel

from .clocks import (
    CALENDAR_DAYS,
    DATE_FIELDS,
    DEFAULT_TARGETS,
    MONTHS,
    WORKING_DAYS,
    Target,
)


class ClockTarget(VersionedModel):
    """A partnership's target for one milestone of one review type.

    It replaces the default target with the same milestone, or adds a new milestone. Targets
    set nationally (statutory guidance or national policy) cannot be overridden.
    """

    class Unit(models.TextChoices):
        WORKING_DAYS = WORKING_DAYS, "Working days"
        CALENDAR_DAYS = CALENDAR_DAYS, "Calendar days"
        MONTHS = MONTHS, "Months"

    partnership = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="clock_targets",
        limit_choices_to={"kind": "partnership"},
    )
    review_type = models.CharField(max_length=12)
    milestone = models.CharField(max_length=40, help_text="Short code, e.g. decision or completion")
    label = models.CharField(
        max_length=200, help_text="What must be done, e.g. Complete the review"
    )
    start_field = models.CharField(max_length=40, help_text="The date the clock starts from")
    met_field = models.CharField(max_length=40, help_text="The date that meets the target")
    amount = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    unit = models.CharField(max_length=20, choices=Unit.choices)

    class Meta:
        ordering = ("partnership", "review_type", "milestone")
        constraints = (
            models.UniqueConstraint(
                fields=("partnership", "review_type", "milestone"),
                name="clocktarget_unique_milestone",
            ),
        )

    def __str__(self):
        return f"{self.partnership}: {self.review_type} {self.milestone}"

    def clean(self):
        super().clean()
        errors = {}
        if self.review_type not in DEFAULT_TARGETS:
            errors["review_type"] = f"Unknown review type: {self.review_type}"
        else:
            national = {t.milestone for t in DEFAULT_TARGETS[self.review_type] if t.set_nationally}
            if self.milestone in national:
                errors["milestone"] = (
                    f"The {self.milestone} target for this review type is set nationally "
                    "and cannot be changed locally"
                )
        allowed = ", ".join(DATE_FIELDS)
        for name in ("start_field", "met_field"):
            value = getattr(self, name)
            if value and value not in DATE_FIELDS:
                errors[name] = f"Choose one of the review's dates: {allowed}"
        if self.start_field and self.start_field == self.met_field and "start_field" not in errors:
            errors["met_field"] = "The target must be met by a different date from the start"
        if errors:
            raise ValidationError(errors)

    def as_target(self) -> Target:
        return Target(
            milestone=self.milestone,
            label=self.label,
            start_fields=(self.start_field,),
            met_field=self.met_field,
            amount=self.amount,
            unit=self.unit,
            set_nationally=False,
        )
