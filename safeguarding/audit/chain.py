"""The audit log's hash chain: keyed hashes, anchors, and the check of both.

Each row's ``hash`` covers its fields and the ``previous_hash`` of the row before. Rows are
hashed with HMAC-SHA256 under ``settings.AUDIT_HMAC_KEY`` (``scheme`` "hmac-sha256"); rows
written before the chain was keyed have an empty scheme and a plain SHA-256 and still verify.
A plain row after a keyed one is a break: nobody can downgrade a row to avoid the key.

An anchor (``write_anchor``, run periodically) records the newest row's id and hash as an
audit event of its own and as a line of ``settings.AUDIT_ANCHOR_FILE``, outside the database.
``verify`` checks the chain and every anchor: an anchor naming a row that is gone, or whose
hash differs, means rows were dropped from the end or rewritten with recomputed hashes.
"""

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .models import AuditEvent

logger = logging.getLogger(__name__)

GENESIS = "0" * 64
KEYED = "hmac-sha256"


def hashed_fields(event):
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


def digest(previous_hash, fields, scheme=KEYED):
    payload = (
        previous_hash + json.dumps(fields, sort_keys=True, default=str, separators=(",", ":"))
    ).encode()
    if scheme == KEYED:
        return hmac.new(settings.AUDIT_HMAC_KEY.encode(), payload, hashlib.sha256).hexdigest()
    return hashlib.sha256(payload).hexdigest()


@dataclass(frozen=True)
class Break:
    """Where and why the chain does not hold. ``event_id`` is the first row that fails, or
    for a missing row the id an anchor names."""

    event_id: int
    reason: str

    def __str__(self):
        return f"Audit event {self.event_id}: {self.reason}"


def _check_rows():
    previous, keyed = GENESIS, False
    count = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        count += 1
        if event.previous_hash != previous:
            return Break(event.pk, "does not follow the row before (a row was removed or added)")
        if event.scheme == KEYED:
            keyed = True
        elif event.scheme:
            return Break(event.pk, f"has an unknown hash scheme {event.scheme!r}")
        elif keyed:
            return Break(event.pk, "has a plain hash after keyed rows (a rewritten row)")
        if event.hash != digest(previous, hashed_fields(event), event.scheme):
            return Break(event.pk, "its hash does not match its contents (a changed row)")
        previous = event.hash
    return count


def anchors_in_file(path=None):
    """``[(line number, event id, hash)]`` from the anchor file (none if there is no file)."""
    path = Path(path or settings.AUDIT_ANCHOR_FILE)
    if not path.exists():
        return []
    out = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        parts = line.split()
        if len(parts) >= 3 and parts[1].isdigit():
            out.append((number, int(parts[1]), parts[2]))
        elif line.strip():
            out.append((number, None, line.strip()))
    return out


def _check_anchors():
    hashes = {}
    anchors = [
        (f"line {number} of {settings.AUDIT_ANCHOR_FILE}", event_id, value)
        for number, event_id, value in anchors_in_file()
    ]
    anchors += [
        (f"anchor event {pk}", details.get("event_id"), details.get("hash"))
        for pk, details in AuditEvent.objects.filter(action=AuditEvent.Action.ANCHOR)
        .order_by("id")
        .values_list("id", "details")
    ]
    for where, event_id, value in anchors:
        if not isinstance(event_id, int):
            return Break(0, f"{where} cannot be read: {value!r}")
        if event_id == 0 and value == GENESIS:  # anchored while the log was empty
            continue
        if event_id not in hashes:
            hashes[event_id] = (
                AuditEvent.objects.filter(pk=event_id).values_list("hash", flat=True).first()
            )
        if hashes[event_id] is None:
            return Break(event_id, f"is named by {where} but is no longer in the log (truncated)")
        if hashes[event_id] != value:
            return Break(event_id, f"does not have the hash {where} recorded (rewritten)")
    return len(anchors)


def verify():
    """``(None, summary)`` when the chain and its anchors hold, else ``(Break, "")``."""
    rows = _check_rows()
    if isinstance(rows, Break):
        return rows, ""
    anchors = _check_anchors()
    if isinstance(anchors, Break):
        return anchors, ""
    return None, f"{rows} audit events in an intact chain; {anchors} anchors match"


def anchor_line(event):
    return f"{event.at.isoformat()} {event.pk} {event.hash}\n"


def append_anchor(event):
    """Copy an anchor outside the database: the anchor file, and the log."""
    path = Path(settings.AUDIT_ANCHOR_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        handle.write(anchor_line(event))
    logger.info("Audit anchor: event %s hash %s", event.pk, event.hash)
