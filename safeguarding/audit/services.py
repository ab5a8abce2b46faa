"""Write and check audit events. Called from services, in the same transaction."""

import hashlib
import json

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent

GENESIS = "0" * 64
_LOCK_KEY = 7_201_311  # advisory lock number that serialises the hash chain on PostgreSQL


def _digest(previous_hash, fields):
    payload = json.dumps(fields, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256((previous_hash + payload).encode()).hexdigest()


def _hashed_fields(event):
    return {
        "at": event.at.isoformat(),
        "user_id": event.user_id,
        "username": event.username,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_label": event.object_label,
        "details": event.details,
        "ip_address": event.ip_address,
        "path": event.path,
    }


def client_ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    user,
    action,
    obj=None,
    *,
    request=None,
    details=None,
    object_type=None,
    object_id=None,
    label=None,
):
    """Append one audit event. Must run inside the caller's transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        authenticated = user is not None and getattr(user, "is_authenticated", False)
        event = AuditEvent(
            at=timezone.now(),
            user_id=user.pk if authenticated else None,
            username=(user.get_username() if authenticated else (details or {}).get("username", ""))
            or "",
            action=action,
            object_type=object_type or (obj._meta.model_name if obj is not None else ""),
            object_id=str(object_id)
            if object_id is not None
            else str(obj.pk)
            if obj is not None and obj.pk is not None
            else "",
            object_label=(label if label is not None else str(obj) if obj is not None else "")[
                :200
            ],
            details=details or {},
            ip_address=client_ip(request),
            path=(request.get_full_path()[:300] if request is not None else ""),
            previous_hash=last or GENESIS,
        )
        # Hash what the database will give back (JSON round trip, microseconds kept).
        event.details = json.loads(json.dumps(event.details, default=str))
        event.hash = _digest(event.previous_hash, _hashed_fields(event))
        event.save()
    return event


def verify_chain():
    """Return the id of the first event whose hash does not follow, or None if intact."""
    previous = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != previous or event.hash != _digest(
            previous, _hashed_fields(event)
        ):
            return event.pk
        previous = event.hash
    return None


def history(object_type, object_id):
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id))


def search(filters):
    """Audit events matching an administrator's filters, newest first."""
    qs = AuditEvent.objects.all()
    if filters.get("username"):
        qs = qs.filter(username__iexact=filters["username"])
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        qs = qs.filter(object_id=filters["object_id"])
    if filters.get("date_from"):
        qs = qs.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(at__date__lte=filters["date_to"])
    return qs.order_by("-id")


def read_one(user, queryset, pk, *, request=None, audit_view=True, not_found="No record found"):
    """One record from an already scoped queryset, or 404; reading it is audited."""
    from django.http import Http404

    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404(not_found)
    if audit_view:
        with transaction.atomic():
            record(user, "view", found, request=request)
    return found
