"""Regions, ICBs, local authorities, police forces and safeguarding partnerships.

Reference data (the real names and codes) is loaded from CSV files in
``organisations/reference/`` by ``python manage.py load_organisations``.
"""

from django.conf import settings
from django.db import models


class Region(models.Model):
    """One of NHS England's seven regions."""

    code = models.CharField(max_length=8, unique=True, help_text="ODS code, e.g. Y56")
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", "National body"
        ICB = "icb", "Integrated care board"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        POLICE = "police", "Police force"
        PROVIDER = "provider", "Health or care provider"
        VOLUNTARY = "voluntary", "Voluntary sector"
        PARTNERSHIP = "partnership", "Safeguarding partnership"

    class PartnershipType(models.TextChoices):
        CHILDREN = "scp", "Safeguarding children partnership"
        ADULTS = "sab", "Safeguarding adults board"
        COMMUNITY_SAFETY = "csp", "Community safety partnership"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    partnership_type = models.CharField(
        max_length=3, choices=PartnershipType.choices, blank=True, default=""
    )
    code = models.CharField(
        max_length=20,
        blank=True,
        default="",
        help_text="ODS code for NHS bodies, GSS code for local authorities, where known",
    )
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text="NHS England region; empty for bodies outside England",
    )
    icb = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="icb_area_organisations",
        limit_choices_to={"kind": "icb"},
        help_text="The ICB whose area this organisation is in",
    )
    area = models.CharField(
        max_length=100,
        blank=True,
        default="",
        help_text="Geographic region (ONS region, or Wales) the organisation serves",
    )
    members = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="partnerships"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "partnership_type", "name"], name="organisation_unique_name"
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="partnership") & ~models.Q(partnership_type=""))
                | (~models.Q(kind="partnership") & models.Q(partnership_type="")),
                name="organisation_partnership_type_iff_partnership",
            ),
        ]
        indexes = [models.Index(fields=["kind", "region"])]

    def __str__(self):
        return self.name

    @property
    def is_partnership(self):
        return self.kind == self.Kind.PARTNERSHIP


class OrganisationAlias(models.Model):
    """Another name an organisation is known by, such as a partnership's local short name.

    Added when a person importing a tracker says which partnership a name means; then it
    is recognised for everyone. Audited where it is made.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(
        max_length=200, help_text="The name normalised: lower case, letters and digits"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="alias_unique_per_org")
        ]

    def __str__(self):
        return f"{self.name} (for {self.organisation.name})"
