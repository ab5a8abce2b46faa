"""A document uploaded with REDIS_URL set is processed by a real Celery worker.

Like the browser journeys' server, this runs on a database of its own (a temporary SQLite
file, or a fresh PostgreSQL database `<name>_celery` when DATABASE_URL points at PostgreSQL),
set up with `migrate` and `load_organisations`, because the worker is another process and
the audit table's triggers refuse the flush a transactional test would need.
"""

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.databases import fresh_database_url
from tests.documents.conftest import REVIEW_BLOCKS, _docx, _pdf
from tests.worker import ROOT, start_worker, stop_worker, worker_env

REDIS_DB = 5
SETUP = """
from safeguarding.accounts.models import User
from safeguarding.organisations.models import Organisation
icb = Organisation.objects.get(name="NHS Lancashire and South Cumbria Integrated Care Board")
partnership = Organisation.objects.filter(kind="partnership", partnership_type="sab", icb=icb).first()
User.objects.create_user(username="worker-icb", password="a-long-test-password-1",
    role="data_input", scope_level="organisation", organisation=icb)
from safeguarding.reviews.models import Review
review = Review.objects.create(title="Adult W", review_type="sar", partnership=partnership,
    icb=icb, region=partnership.region)
print(review.pk)
"""


def _query(url, sql, params=()):
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10) as conn:
            return conn.execute(sql, params).fetchall()
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql.replace("?", "%s"), params).fetchall()


@pytest.fixture(scope="module")
def worker():
    tmp = tempfile.mkdtemp(prefix="sg-celery-")
    env = worker_env(
        {
            **os.environ,
            "DATABASE_URL": fresh_database_url(tmp, "celery"),
            "DEBUG": "1",
            "MEDIA_ROOT": f"{tmp}/media",
            "DOCUMENT_STORAGE_LOCATION": f"{tmp}/documents",
        },
        REDIS_DB,
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--no-input", "-v0"], ["load_organisations"]):
        subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True, capture_output=True)
    review_id = subprocess.run(
        [*manage, "shell", "-c", SETUP],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    process, log = start_worker(env, f"{tmp}/worker.log")
    yield {
        "env": env,
        "manage": manage,
        "tmp": Path(tmp),
        "review_id": review_id,
        "log": Path(tmp, "worker.log"),
        "process": process,
    }
    stop_worker(process, log)


def _upload(worker, name, data):
    path = worker["tmp"] / name
    path.write_bytes(data)
    result = subprocess.run(
        [
            *worker["manage"],
            "upload_document",
            worker["review_id"],
            str(path),
            "--user",
            "worker-icb",
        ],
        env=worker["env"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1])


def _wait_until_done(worker, document_id, timeout=180):
    url = worker["env"]["DATABASE_URL"]
    deadline = time.monotonic() + timeout
    seen = set()
    while time.monotonic() < deadline:
        status, progress, error = _query(
            url,
            "SELECT status, progress, error FROM documents_document WHERE id = ?",
            (document_id,),
        )[0]
        seen.add(status)
        if status in ("ready", "failed"):
            return status, progress, error, seen
        assert worker["process"].poll() is None, worker["log"].read_text()
        time.sleep(0.3)
    pytest.fail(f"document {document_id} not processed in {timeout} s: {worker['log'].read_text()}")


def test_a_real_worker_processes_uploaded_documents(worker):
    first = _upload(worker, "review.pdf", _pdf(REVIEW_BLOCKS))
    second = _upload(worker, "review.docx", _docx(REVIEW_BLOCKS))
    for document_id in (first, second):
        status, progress, error, _ = _wait_until_done(worker, document_id)
        assert (status, progress, error) == ("ready", 100, "")
        drafts = _query(
            worker["env"]["DATABASE_URL"],
            "SELECT count(*) FROM documents_draftrecommendation WHERE document_id = ?",
            (document_id,),
        )[0][0]
        assert drafts == 5
    log = worker["log"].read_text()
    assert "documents.process_document" in log and "succeeded" in log
    processed = _query(
        worker["env"]["DATABASE_URL"],
        "SELECT count(*) FROM audit_auditevent WHERE object_type = 'document' AND action = 'change'",
    )[0][0]
    assert processed == 2
