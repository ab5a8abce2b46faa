"""Write, read and check audit events. Called from services, in the same transaction."""

import json

from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone

from . import chain
from .models import AuditEvent
from .visibility import visible_events

GENESIS = chain.GENESIS
_LOCK_KEY = 7_201_311  # advisory lock number that serialises the hash chain on PostgreSQL
#: At most this many query parameters, each cut to this length, go into a list's event.
_MAX_PARAMS, _MAX_VALUE = 30, 200


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
    """Append one audit event. Must run inside the caller's transaction.

    No savepoint of its own: if the event cannot be written, the caller's whole transaction
    fails with it (nothing is done unaudited), and a read costs two statements fewer."""
    with transaction.atomic(savepoint=False):
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
        event.scheme = chain.KEYED
        event.hash = chain.digest(event.previous_hash, chain.hashed_fields(event), event.scheme)
        event.save()
    return event


def verify_chain():
    """``None`` if the chain and its anchors hold, else a ``chain.Break`` (the first row that
    fails, or the row an anchor names that is gone or different, and why)."""
    problem, _ = chain.verify()
    return problem


def write_anchor():
    """Record the newest event's id and hash as an ``anchor`` event, and copy that event's
    id and hash to the anchor file (outside the database). Returns the anchor event."""
    with transaction.atomic():
        latest = AuditEvent.objects.order_by("-id").values("id", "hash").first()
        latest = latest or {"id": 0, "hash": GENESIS}
        event = record(
            None,
            AuditEvent.Action.ANCHOR,
            object_type="audit",
            label=f"Chain anchored at event {latest['id']}",
            details={"event_id": latest["id"], "hash": latest["hash"]},
        )
    chain.append_anchor(event)
    return event


def history(object_type, object_id):
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id))


def search(filters, user):
    """Audit events the person may read (``visibility``) matching their filters, newest
    first. The audit log page and any export of it start here."""
    qs = visible_events(user)
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


def _text(value):
    """Short, and without NUL (PostgreSQL's jsonb cannot hold one)."""
    return str(value).replace("\x00", "")[:_MAX_VALUE]


def _plain(filters):
    """Filters as short JSON-safe values, empty ones left out."""
    out = {}
    for key, value in list((filters or {}).items())[:_MAX_PARAMS]:
        if value in (None, "", [], ()):
            continue
        if isinstance(value, list | tuple | set):
            value = [_text(item) for item in value][:_MAX_PARAMS]
        elif not isinstance(value, bool | int | float):
            value = _text(value)
        out[_text(key)] = value
    return out


def record_list(user, name, request, filters=None):
    """One ``view`` event for a page of a list that shows case data: which list, with which
    filters and page; not one event per record shown."""
    details = {"list": name, "filters": _plain(filters)}
    page = request.GET.get("page") if request is not None else None
    if page:
        details["page"] = _text(page)
    with transaction.atomic():
        return record(
            user, "view", object_type="list", label=name, request=request, details=details
        )


def read_one(user, queryset, pk, *, request=None, audit_view=True, not_found="No record found"):
    """One record from an already scoped queryset, or 404; reading it is audited, and so is
    asking for one that is missing or out of scope (``not_found``, whatever ``audit_view``).

    The refusal is written in a durable transaction of its own, so the 404 cannot roll it
    back; calling this inside another transaction is a programming error (Django raises
    ``RuntimeError``). Requests are not atomic (no ``ATOMIC_REQUESTS``)."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        with transaction.atomic(durable=True):
            record(
                user,
                AuditEvent.Action.NOT_FOUND,
                request=request,
                object_type=queryset.model._meta.model_name,
                object_id=str(pk)[:50],
                label="",
            )
        raise Http404(not_found)
    if audit_view:
        with transaction.atomic():
            record(user, "view", found, request=request)
    return found
