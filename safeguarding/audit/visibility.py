"""Which audit events an administrator may read: those about records and people in scope.

An event is about a record (its ``object_type`` and ``object_id``) or about a person (the
person who acted, or for ``user`` events the person acted on). It is visible when that record
passes the one gate (``Model.objects.visible_to(user)``, see ``accounts/scope.py``) or that
person is one the administrator manages (``accounts.people.visible_people``). National
administrators see every event; an event of a type not listed here only they see.
"""

from django.apps import apps
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from safeguarding.accounts.scope import scope_for

from .models import AuditEvent

#: Record types whose events follow the record through its own scoped queryset.
RECORD_MODELS = {
    "review": "reviews.Review",
    "recommendation": "actions.Recommendation",
    "action": "actions.Action",
    "document": "documents.Document",
    "draftrecommendation": "documents.DraftRecommendation",
    "themesuggestion": "documents.ThemeSuggestion",
    "dissemination": "reviews.Dissemination",
}
#: Event types about the person who acted (a search, a list, a dashboard download, reading
#: the audit log): they hold filters and counts, not a record.
ACTOR_TYPES = ("search", "dashboard", "list", "audit")


def _ids(queryset):
    """The primary keys of a queryset as strings, for ``object_id`` (a CharField)."""
    return queryset.annotate(audit_id=Cast("pk", CharField())).values("audit_id")


def _actor_q(people):
    # A failed sign-in has no user, only the username that was typed.
    return Q(user_id__in=people.values("pk")) | Q(
        user_id__isnull=True, username__in=people.values("username")
    )


def _record_q(user, object_type, model_label):
    model = apps.get_model(model_label)
    return Q(object_type=object_type, object_id__in=_ids(model.objects.visible_to(user)))


def _import_q(user, people):
    """An import batch: one the person may open, or one uploaded by someone in scope."""
    from safeguarding.spreadsheets.models import ImportBatch

    batches = ImportBatch.objects.filter(
        Q(pk__in=ImportBatch.objects.visible_to(user).values("pk"))
        | Q(created_by__in=people.values("pk"))
    )
    return Q(object_type="importbatch", object_id__in=_ids(batches))


def _clock_target_q(user):
    """A partnership's local target (which may be deleted): by the partnership in details."""
    from safeguarding.reviews.services import partnerships_for

    ids = list(partnerships_for(user).values_list("pk", flat=True))
    return Q(object_type="clocktarget", details__partnership__in=ids)


def events_q(user):
    """A filter on ``AuditEvent``: the events this person may read (none unless admin)."""
    scope = scope_for(user)
    if not scope.is_admin:
        return Q(pk__in=[])
    if scope.level == "national":
        return Q()
    from safeguarding.accounts.people import visible_people

    people = visible_people(user)
    actor = _actor_q(people)
    about_records = Q()
    for object_type, model_label in RECORD_MODELS.items():
        about_records |= _record_q(user, object_type, model_label)
    about_records |= _import_q(user, people) | _clock_target_q(user)
    person = Q(object_type="user") & (Q(object_id__in=_ids(people)) | (Q(object_id="") & actor))
    # A person's own activity, or several records at once (a spreadsheet export: type
    # "review", no number).
    known = [*RECORD_MODELS, "importbatch", "clocktarget"]
    activity = (Q(object_type__in=ACTOR_TYPES) | Q(object_type__in=known, object_id="")) & actor
    # A refused request (404) names what was asked for, not what it holds.
    probe = Q(action=AuditEvent.Action.NOT_FOUND) & actor
    return about_records | person | activity | probe


def visible_events(user):
    return AuditEvent.objects.filter(events_q(user))
