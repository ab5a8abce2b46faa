"""Tamper evidence that holds against someone with write access to the database but not the
HMAC key or the anchor file: a rewritten row or a dropped tail is reported."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from safeguarding.audit import chain
from safeguarding.audit import services as audit
from safeguarding.audit.models import AuditEvent
from safeguarding.audit.tasks import anchor


def bypass_triggers():
    """What only someone with the database owner's rights could do (undone with the test's
    transaction). Trigger names as in audit/migrations/0002_append_only.py."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")
        else:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change")


def rewrite_from(first_id, label="edited", scheme=None):
    """Change one row and recompute every hash from there on, without the key (plain
    SHA-256, or with ``scheme`` kept and a guessed key)."""
    bypass_triggers()
    previous = (
        AuditEvent.objects.filter(id__lt=first_id).order_by("-id").values_list("hash", flat=True)
    ).first() or chain.GENESIS
    for event in AuditEvent.objects.filter(id__gte=first_id).order_by("id"):
        if event.pk == first_id:
            event.object_label = label
        event.previous_hash = previous
        event.hash = chain.digest(previous, chain.hashed_fields(event), scheme)
        AuditEvent.objects.filter(pk=event.pk).update(
            object_label=event.object_label,
            previous_hash=event.previous_hash,
            hash=event.hash,
            scheme=scheme,
        )
        previous = event.hash


def drop_newest(count):
    bypass_triggers()
    newest = list(AuditEvent.objects.order_by("-id").values_list("id", flat=True)[:count])
    AuditEvent.objects.filter(pk__in=newest).delete()


def some_events(people, count=4):
    return [
        audit.record(people["icb_a"], "view", object_type="review", label=f"Child {number}")
        for number in range(count)
    ]


@pytest.mark.django_db
def test_new_events_are_keyed_and_verify(people):
    events = some_events(people)
    assert {event.scheme for event in events} == {chain.KEYED}
    assert audit.verify_chain() is None
    call_command("verify_audit")


@pytest.mark.django_db
def test_events_hashed_before_the_key_still_verify(people):
    previous = chain.GENESIS
    for number in range(2):  # as written before this change: plain SHA-256, no scheme
        event = AuditEvent(
            at=timezone.now(),
            username="old",
            action="view",
            object_type="review",
            object_label=f"Old {number}",
            previous_hash=previous,
        )
        event.hash = chain.digest(previous, chain.hashed_fields(event), None)
        event.save()
        previous = event.hash
    some_events(people, 2)
    assert audit.verify_chain() is None


@pytest.mark.django_db
def test_a_row_rewritten_with_recomputed_plain_hashes_is_reported(people):
    events = some_events(people)
    rewrite_from(events[1].pk)
    problem = audit.verify_chain()
    assert problem.event_id == events[1].pk and "plain hash after keyed rows" in problem.reason
    with pytest.raises(CommandError, match=f"Audit event {events[1].pk}"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_a_row_rewritten_with_a_guessed_key_is_reported(people, settings):
    events = some_events(people)
    real_key = settings.AUDIT_HMAC_KEY
    settings.AUDIT_HMAC_KEY = "a-guess"
    rewrite_from(events[2].pk, scheme=chain.KEYED)
    settings.AUDIT_HMAC_KEY = real_key
    problem = audit.verify_chain()
    assert problem.event_id == events[2].pk and "does not match its contents" in problem.reason


@pytest.mark.django_db
def test_a_whole_chain_rewritten_as_plain_hashes_is_caught_by_the_anchor(people):
    some_events(people)
    anchored = audit.write_anchor()
    events = AuditEvent.objects.order_by("id")
    rewrite_from(events.first().pk)  # consistent plain chain from the start: no downgrade
    problem = audit.verify_chain()
    assert problem is not None and "rewritten" in problem.reason
    assert problem.event_id in {anchored.pk, anchored.details["event_id"]}


@pytest.mark.django_db
def test_dropping_the_newest_rows_is_reported(people, audit_anchor_file):
    some_events(people)
    anchored = audit.write_anchor()
    some_events(people, 2)
    assert audit.verify_chain() is None
    drop_newest(3)  # the two later events and the anchor event itself
    assert not AuditEvent.objects.filter(action="anchor").exists()
    problem = audit.verify_chain()
    assert problem.event_id == anchored.pk and "truncated" in problem.reason
    with pytest.raises(CommandError, match="no longer in the log"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_the_anchor_is_an_event_and_a_line_outside_the_database(people, audit_anchor_file):
    events = some_events(people)
    call_command("audit_anchor")
    event = AuditEvent.objects.latest("id")
    assert event.action == "anchor" and event.details == {
        "event_id": events[-1].pk,
        "hash": events[-1].hash,
    }
    assert audit_anchor_file.read_text() == chain.anchor_line(event)
    assert anchor() > event.pk  # the Celery beat task does the same
    assert len(audit_anchor_file.read_text().splitlines()) == 2
    assert audit.verify_chain() is None


@pytest.mark.django_db
def test_an_anchor_file_line_that_does_not_match_is_reported(people, audit_anchor_file):
    anchored = audit.write_anchor()
    audit_anchor_file.write_text(f"2025-01-01T00:00:00+00:00 {anchored.pk} {'f' * 64}\n")
    problem = audit.verify_chain()
    assert problem.event_id == anchored.pk and "line 1" in problem.reason
