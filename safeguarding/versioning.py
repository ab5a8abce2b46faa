"""Every editable record carries a version; a save from a stale form is refused.

Services call ``check_version`` inside their transaction, after locking the row. On a
mismatch it raises ``StaleEdit`` with the changes made since the form was loaded, read
from the audit trail (each change event records the version it produced and the
fields it changed).
"""

from dataclasses import dataclass

from django.db import models


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


class StaleEdit(Exception):
    def __init__(self, current_version, changes, changed_by):
        self.current_version = current_version
        self.changes = changes
        self.changed_by = changed_by
        super().__init__(
            f"This record was changed (now version {current_version}) after you opened it"
        )


def check_version(instance, expected_version):
    """Raise StaleEdit if ``instance`` (locked, fresh from the database) has moved on."""
    from safeguarding.audit.services import history

    if expected_version is None or int(expected_version) == instance.version:
        return
    changes, who = [], []
    events = history(instance._meta.model_name, instance.pk).order_by("id")
    for event in events:
        if event.action != "change" or int(event.details.get("version", 0)) <= int(
            expected_version
        ):
            continue
        who.append(event.username)
        for change in event.details.get("changes", []):
            changes.append(FieldChange(**change))
    raise StaleEdit(instance.version, changes, sorted(set(who)))


def diff(instance, cleaned, fields):
    """The field changes that saving ``cleaned`` onto ``instance`` would make."""
    changes = []
    for name in fields:
        before, after = getattr(instance, name), cleaned.get(name)
        if hasattr(before, "all"):  # many-to-many: compare sets
            continue
        if before != after and not (before in (None, "") and after in (None, "")):
            field = instance._meta.get_field(name)
            changes.append(
                FieldChange(
                    field=name,
                    label=str(field.verbose_name).capitalize(),
                    before=display(instance, field, before),
                    after=display(instance, field, after),
                )
            )
    return changes


def display(instance, field, value):
    if value in (None, ""):
        return "(blank)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "strftime"):
        return value.strftime("%-d %B %Y")
    return str(value)
