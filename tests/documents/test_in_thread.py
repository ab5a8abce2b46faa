"""Without a worker, the upload page hands the document to a thread once the upload commits:
the page answers at once and the thread reads the document, as the Celery task would.

These tests commit for real (the thread cannot see a test's open transaction), so their
teardown flushes the database. On SQLite the audit table's triggers refuse that row by row;
the fixture empties it with the triggers set aside first, then puts them back.
"""

import importlib
import threading
import time

import pytest
from django.db import OperationalError, connection
from django.test import override_settings
from django.urls import resolve, reverse

from safeguarding.documents import services
from safeguarding.documents.models import Document
from tests.conftest import sign_in
from tests.documents.conftest import upload

pytestmark = pytest.mark.django_db(transaction=True)
APPEND_ONLY = importlib.import_module("safeguarding.audit.migrations.0002_append_only")


@pytest.fixture(autouse=True)
def empty_audit_after():
    yield
    if connection.vendor != "sqlite":
        return  # PostgreSQL's flush truncates, which the row triggers allow
    with connection.cursor() as cursor:
        for statement in APPEND_ONLY.SQLITE_REVERSE:
            cursor.execute(statement)
        cursor.execute("DELETE FROM audit_auditevent")
        for statement in APPEND_ONLY.SQLITE:
            cursor.execute(statement)


@pytest.fixture(autouse=True)
def reads_beside_the_thread():
    """pytest's SQLite database lives in memory, shared between connections with table
    locks that fail at once ("database table is locked") rather than wait, unlike the file
    database with WAL and a timeout that `make run` uses. So this test reads without taking
    read locks, to leave the thread's writes alone, and makes no requests while it works."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA read_uncommitted = 1")
    yield
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA read_uncommitted = 0")


def wait_until_done(pk, seconds=60):
    """Poll the document's status, as documents.js polls the progress route."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status = Document.objects.filter(pk=pk).values_list("status", flat=True).get()
        except OperationalError:
            status = None  # the shared in-memory database was busy; ask again
        if status in (Document.Status.READY, Document.Status.FAILED):
            break
        time.sleep(0.2)
    for thread in threading.enumerate():  # let it close its connections before we go on
        if thread.name == f"document-{pk}":
            thread.join(max(deadline - time.monotonic(), 1))
    return Document.objects.get(pk=pk)


@override_settings(DOCUMENTS_IN_THREAD=True)
def test_the_upload_answers_at_once_and_a_thread_reads_the_document(
    client, people, review, review_docx
):
    sign_in(client, people["icb_a"])
    response = upload(client, review, "adult-b.docx", review_docx)
    assert response.status_code == 302
    pk = resolve(response["Location"]).kwargs["pk"]
    assert response["Location"] == reverse("documents:detail", args=[pk])

    document = wait_until_done(pk)
    assert document.status == Document.Status.READY, (document.status, document.error)
    assert document.progress == 100
    assert document.sections
    assert document.drafts.count() >= 3
    assert client.get(response["Location"]).status_code == 200


@override_settings(DOCUMENTS_IN_THREAD=True)
def test_a_failure_in_the_thread_marks_the_document_failed(
    client, people, review, review_docx, monkeypatch
):
    ran_in = []

    def broken(document_id):
        ran_in.append(threading.current_thread().name)
        raise RuntimeError("the engine fell over")

    monkeypatch.setattr(services, "process_document", broken)
    sign_in(client, people["icb_a"])
    response = upload(client, review, "adult-b.docx", review_docx)
    assert response.status_code == 302

    document = wait_until_done(resolve(response["Location"]).kwargs["pk"])
    assert document.status == Document.Status.FAILED
    assert document.error == services.FAILED_MESSAGE
    assert ran_in == [f"document-{document.pk}"]
    assert client.get(response["Location"]).status_code == 200
