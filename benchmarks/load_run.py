"""Load: 50 signed-in people for 60 s against gunicorn (2 workers), PostgreSQL and a Celery
worker, on loopback (issue 19, item 6). A benchmark, not a test: it prints figures for
docs/benchmarks.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench19 \\
        .venv/bin/python benchmarks/load_run.py [--users 50] [--seconds 60]

It needs PostgreSQL (with data: `generate_national` for national volume), Redis at
127.0.0.1:6379 and the load tool, which it installs once into var/load-venv from
requirements/load.txt (pinned; the local package index, no network). It prepares one
session per simulated person (ICB, regional and national users, already through two-factor),
starts the servers with DEBUG off, runs benchmarks/load/locustfile.py headless, and samples
PostgreSQL's lock table throughout to see whether the audit chain's advisory lock (every read
of a record is audited) makes requests queue.
"""

import argparse
import csv
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LOAD_VENV = ROOT / "var" / "load-venv"
SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "load-benchmark-only-not-a-secret",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(SERVER_ENV)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/11")
os.environ.setdefault("CELERY_QUEUE", f"load-{os.getpid()}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from safeguarding.accounts.models import User  # noqa: E402
from safeguarding.audit.models import AuditEvent  # noqa: E402
from safeguarding.organisations.models import Organisation  # noqa: E402
from safeguarding.reviews.models import Review  # noqa: E402
from safeguarding.reviews.services import visible_reviews  # noqa: E402

#: How the simulated people divide: most are ICB teams, then regional, then national.
MIX = (("icb", 0.6), ("region", 0.25), ("national", 0.15))


def load_tool():
    locust = LOAD_VENV / "bin" / "locust"
    if not locust.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LOAD_VENV)], check=True)
        subprocess.run(
            [
                str(LOAD_VENV / "bin" / "pip"),
                "install",
                "--quiet",
                "-r",
                str(ROOT / "requirements" / "load.txt"),
            ],
            check=True,
        )
    return locust


def _user(username, **fields):
    user, _ = User.objects.update_or_create(username=username, defaults=fields)
    return user


def people():
    """Bench users: the five ICBs and the region with the most reviews, and a national one."""
    icbs = list(
        Organisation.objects.filter(kind="icb")
        .annotate(n=django.db.models.Count("icb_reviews"))
        .order_by("-n")[:5]
    )
    region = icbs[0].region
    found = {
        "icb": [
            _user(
                f"bench-icb-{icb.pk}",
                role="data_input",
                scope_level="organisation",
                organisation=icb,
                region=None,
            )
            for icb in icbs
        ],
        "region": [
            _user(
                f"bench-region-{region.pk}",
                role="oversight",
                scope_level="region",
                region=region,
                organisation=None,
            )
        ],
        "national": [
            _user(
                "bench-national",
                role="oversight",
                scope_level="national",
                organisation=None,
                region=None,
            )
        ],
    }
    return found


def session_for(user):
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench")
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(
        path for path in settings.AUTHENTICATION_BACKENDS if "axes" not in path
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store["last_activity"] = int(time.time())
    store.create()
    return store.session_key


def upload_file(folder):
    """A real ten-page PDF report (reportlab), written once."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = []
    for page in range(10):
        story.append(Paragraph(f"Findings, part {page + 1}", styles["Heading2"]))
        for _ in range(6):
            story.append(
                Paragraph(
                    "Practitioners did not share what they knew about the risk to Child T, "
                    "and the family's housing was not considered when the plan was made.",
                    styles["BodyText"],
                )
            )
        story.append(PageBreak())
    story.append(Paragraph("Recommendations", styles["Heading2"]))
    story.append(
        Paragraph(
            "1. The partnership should review its information sharing protocol.", styles["BodyText"]
        )
    )
    path = Path(folder) / "report.pdf"
    SimpleDocTemplate(str(path)).build(story)
    return str(path)


def sessions(users, count, folder):
    pdf = upload_file(folder)
    rows = []
    rng = random.Random(19)
    for kind, share in MIX:
        for i in range(max(1, round(count * share))):
            user = users[kind][i % len(users[kind])]
            ids = list(visible_reviews(user).values_list("pk", flat=True)[:500])
            if not ids:
                raise SystemExit(f"{user.username} sees no reviews: load data first")
            row = {
                "kind": kind,
                "user": user.username,
                "sessionid": session_for(user),
                "reviews": rng.sample(ids, min(50, len(ids))),
            }
            if kind == "icb" and i % 3 == 0:
                row["upload_review"] = ids[0]
                row["upload_file"] = pdf
            rows.append(row)
    return rows[:count]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=60):
    import urllib.request

    end = time.time() + seconds
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (http://127.0.0.1 only)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


class LockSampler(threading.Thread):
    """Every 100 ms: how many backends wait for the audit chain's advisory lock."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples, self.waiting = 0, []
        self.stop = threading.Event()

    def run(self):
        import psycopg

        params = connection.get_connection_params()
        with psycopg.connect(**params, autocommit=True) as conn:
            while not self.stop.is_set():
                n = conn.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                ).fetchone()[0]
                self.samples += 1
                self.waiting.append(n)
                time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (the production path).")
    locust = load_tool()
    folder = tempfile.mkdtemp(prefix="load-")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    rows = sessions(people(), args.users, folder)
    sessions_file = Path(folder) / "sessions.json"
    sessions_file.write_text(json.dumps(rows))
    print(
        f"database: {connection.settings_dict['NAME']}, {Review.objects.count():,} reviews; "
        f"{len(rows)} people: "
        + ", ".join(f"{k} {sum(r['kind'] == k for r in rows)}" for k, _ in MIX)
    )

    env = {**os.environ, **SERVER_ENV}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "safeguarding.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "-",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(Path(folder) / "access.log", "w"),
        stderr=open(Path(folder) / "gunicorn.log", "w"),
        start_new_session=True,
    )
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "safeguarding",
            "worker",
            "--concurrency",
            "1",
            "--loglevel",
            "WARNING",
            "-Q",
            env["CELERY_QUEUE"],
        ],
        cwd=ROOT,
        env=env,
        stdout=open(Path(folder) / "worker.log", "w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(f"{base}/health/")
        before = AuditEvent.objects.count()
        sampler = LockSampler()
        sampler.start()
        started = time.time()
        subprocess.run(
            [
                str(locust),
                "-f",
                str(ROOT / "benchmarks" / "load" / "locustfile.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(max(1, args.users // 10)),
                "-t",
                f"{args.seconds}s",
                "--host",
                base,
                "--csv",
                f"{folder}/stats",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**os.environ, "SESSIONS_FILE": str(sessions_file)},
            check=False,
            stdout=subprocess.DEVNULL,
        )
        elapsed = time.time() - started
        sampler.stop.set()
        sampler.join()
        audited = AuditEvent.objects.count() - before
    finally:
        for proc in (server, worker):
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in (server, worker):
            proc.wait(timeout=30)
    report(folder, elapsed, audited, sampler)


def report(folder, elapsed, audited, sampler):
    with open(f"{folder}/stats_stats.csv", encoding="utf-8") as handle:
        stats = list(csv.DictReader(handle))
    print("| request | count | failures | p50 ms | p95 ms | max ms | per s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in stats:
        print(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{row['50%']} | {row['95%']} | {float(row['Max Response Time']):.0f} | "
            f"{float(row['Requests/s']):.1f} |"
        )
    waits = sampler.waiting or [0]
    busy = sum(1 for n in waits if n) / len(waits)
    print(f"audit events written: {audited} ({audited / elapsed:.1f} per s)")
    print(
        f"advisory-lock waiters: in {busy:.1%} of {sampler.samples} samples (every 100 ms), "
        f"at most {max(waits)} at once"
    )
    failures = Path(f"{folder}/stats_failures.csv")
    if failures.exists() and len(failures.read_text().splitlines()) > 1:
        print("failures:\n" + failures.read_text())
    print(f"logs and CSVs: {folder}")


if __name__ == "__main__":
    main()
