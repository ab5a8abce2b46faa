"""People who sign in, their role and the scope of records they may see."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class User(AbstractUser):
    class Role(models.TextChoices):
        DATA_INPUT = "data_input", "Data input"
        REPORTING = "reporting", "Reporting"
        OVERSIGHT = "oversight", "Oversight"
        ADMIN = "admin", "Administration"

    class ScopeLevel(models.TextChoices):
        ORGANISATION = "organisation", "Organisation"
        REGION = "region", "Region"
        NATIONAL = "national", "National"

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.DATA_INPUT)
    scope_level = models.CharField(
        max_length=20, choices=ScopeLevel.choices, default=ScopeLevel.ORGANISATION
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    region = models.ForeignKey(
        "organisations.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text="Required for a regional scope",
    )
    is_demo = models.BooleanField(
        default=False, help_text="Created by the demo data command; never on a live service"
    )
    #: Bumped by each change an administrator saves (see safeguarding.versioning).
    version = models.PositiveIntegerField(default=1, editable=False)

    def clean(self):
        super().clean()
        if self.scope_level == self.ScopeLevel.ORGANISATION and not self.organisation_id:
            raise ValidationError({"organisation": "Choose the organisation this person works for"})
        if self.scope_level == self.ScopeLevel.REGION and not self.region_id:
            raise ValidationError({"region": "Choose the region this person oversees"})

    @property
    def needs_two_factor(self):
        """Administrators and national users must sign in with a second factor."""
        return self.role == self.Role.ADMIN or self.scope_level == self.ScopeLevel.NATIONAL
