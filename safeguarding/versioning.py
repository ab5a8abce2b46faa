"""Every editable record carries a version; a save from a stale form is refused.

Services call ``check_version`` inside their transaction, after locking the row. On a
mismatch it raises ``StaleEdit`` with the changes made since the form was loaded, read
from the audit trail (each change event records the version it produced and the
fields it changed).
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone


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


@dataclass(frozen=True)
class LastChange:
    """Who made the latest change to a record, and when (from its audit event)."""

    user_id: int | None
    name: str  # the person's full name, or their username when they have none
    at: datetime.datetime

    @property
    def when(self):
        """ "10:32" today, "10:32 on 6 December 2026" another day (local time)."""
        local = timezone.localtime(self.at)
        clock = local.strftime("%H:%M")
        if local.date() == timezone.localdate():
            return clock
        return f"{clock} on {local.day} {local.strftime('%B %Y')}"

    def by(self, user):
        """Whether ``user`` made this change (in another tab or window)."""
        return user is not None and self.user_id is not None and self.user_id == user.pk


class StaleEdit(Exception):
    """A save refused because the record moved on: ``changes`` since the form was opened,
    ``changed_by`` (the names of who made them) and ``last`` (a ``LastChange``, or None when
    the audit trail does not say)."""

    def __init__(self, current_version, changes, changed_by, last=None):
        self.current_version = current_version
        self.changes = changes
        self.changed_by = changed_by
        self.last = last
        super().__init__(
            f"This record was changed (now version {current_version}) after you opened it"
        )

    def others(self, user):
        """The names of the people other than ``user`` who changed the record."""
        own = _name(user) if user is not None and user.is_authenticated else None
        return [name for name in self.changed_by if name != own]


def _name(user):
    return (user.get_full_name() or "").strip() or user.get_username()


def check_version(instance, expected_version):
    """Raise StaleEdit if ``instance`` (locked, fresh from the database) has moved on."""
    from safeguarding.audit.services import history

    if expected_version is None or int(expected_version) == instance.version:
        return
    changes, who, last = [], [], None
    events = history(instance._meta.model_name, instance.pk).select_related("user").order_by("id")
    for event in events:
        if event.action != "change" or int(event.details.get("version", 0)) <= int(
            expected_version
        ):
            continue
        name = _name(event.user) if event.user is not None else event.username
        who.append(name)
        last = LastChange(user_id=event.user_id, name=name, at=event.at)
        for change in event.details.get("changes", []):
            changes.append(FieldChange(**change))
    raise StaleEdit(instance.version, changes, sorted(set(who)), last)


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
