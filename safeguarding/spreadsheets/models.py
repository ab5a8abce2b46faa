"""An uploaded spreadsheet on its way to becoming reviews."""

from django.conf import settings
from django.db import models

from safeguarding.accounts.scope import scope_for
from safeguarding.versioning import VersionedModel


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A batch holds the raw file its uploader sent: only they may see it, and
        administrators with national scope (who may see every record anyway)."""
        scope = scope_for(user)
        if scope.level == "none":
            return self.none()
        if scope.is_admin and scope.level == "national":
            return self
        return self.filter(created_by_id=user.pk)


class ImportBatch(VersionedModel):
    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel workbook (XLSX)"
        DHRD = "dhrd", "Domestic Homicide Review Dataset"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        CHECKED = "checked", "Checked"
        COMMITTED = "committed", "Imported"
        FAILED = "failed", "Has errors"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_batches"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=8, choices=Format.choices)
    content = models.BinaryField(default=b"", help_text="The file as uploaded")
    size = models.PositiveIntegerField(default=0)
    header = models.JSONField(default=list, blank=True)
    header_line = models.PositiveIntegerField(default=1)
    sheet_name = models.CharField(max_length=100, blank=True, default="")
    heading_found = models.BooleanField(
        default=True, help_text="False when no row matched known headings and one was assumed"
    )
    mapping = models.JSONField(
        default=dict, blank=True, help_text="The file's column heading → canonical column name"
    )
    value_choices = models.JSONField(
        default=dict,
        blank=True,
        help_text="Canonical column → {value as written → code or name in the service}",
    )
    update_existing = models.BooleanField(
        default=False,
        help_text="Rows whose local reference is already recorded update that review",
    )
    checked_versions = models.JSONField(
        default=dict,
        blank=True,
        help_text="Review id → the version the last check compared the file with",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    row_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    committed_at = models.DateTimeField(null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "import batch"
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"Import {self.pk}: {self.file_name}"

    @property
    def is_committed(self):
        return self.status == self.Status.COMMITTED


class ImportChoices(VersionedModel):
    """What an organisation said its columns and values mean, applied to its next import.

    ``columns`` is {heading: canonical key, or "" for not imported}; ``values`` is
    {canonical key: {value as written: code or name in the service}}. The same shape as
    the choices file the mapping step downloads (``sheet`` and ``heading_row`` too).
    """

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="import_choices"
    )
    sheet = models.CharField(max_length=100, blank=True, default="")
    heading_row = models.PositiveIntegerField(null=True, blank=True)
    columns = models.JSONField(default=dict, blank=True)
    values = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "saved import choices"
        verbose_name_plural = "saved import choices"

    def __str__(self):
        return f"Import choices of {self.organisation}"
