"""An append-only record of who read or changed what, from where.

The database refuses UPDATE and DELETE on this table (triggers, see the migration),
and each row carries a keyed hash (HMAC) of itself and the one before, so a gap or an edit
is detectable; see docs/access-and-audit.md.
"""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        DELETE = "delete", "Deleted"
        EXPORT = "export", "Exported"
        IMPORT = "import", "Imported"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGN_OUT = "sign_out", "Signed out"
        TWO_FACTOR_FAILED = "two_factor_failed", "Second factor failed"
        NOT_FOUND = "not_found", "Not found (refused)"
        ANCHOR = "anchor", "Chain anchored"

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(max_length=150, blank=True, default="")
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=50, blank=True, default="", db_index=True)
    object_id = models.CharField(max_length=50, blank=True, default="")
    object_label = models.CharField(max_length=200, blank=True, default="")
    details = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True, default="")
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    #: How ``hash`` was made: ``hmac-sha256`` (keyed, see settings.AUDIT_HMAC_KEY), or empty
    #: for rows written before the chain was keyed (plain SHA-256). Nullable with no default
    #: so adding it changed no existing row (the triggers refuse UPDATE).
    scheme = models.CharField(max_length=20, null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted")
