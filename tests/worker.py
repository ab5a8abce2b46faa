"""A real Celery worker for integration tests, on the Redis at 127.0.0.1:6379.

Each user of it takes its own Redis database number and a queue name of its own, so test
runs (and other checkouts on the same machine) never take each other's tasks.
"""

import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def require_redis():
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=2) as conn:
            conn.sendall(b"PING\r\n")
            if not conn.recv(16).startswith(b"+PONG"):
                raise OSError("no PONG")
    except OSError as error:
        pytest.fail(
            f"Redis is not answering at {REDIS_HOST}:{REDIS_PORT} ({error}); the Celery "
            "integration tests need it (.ci/run starts one)"
        )


def worker_env(env, db):
    """`env` with REDIS_URL on Redis database `db` and a queue name of its own."""
    require_redis()
    return {
        **env,
        "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}",
        "CELERY_QUEUE": f"safeguarding-test-{uuid.uuid4().hex[:12]}",
    }


def start_worker(env, log_path):
    """Start `celery worker --pool=solo` on env's queue; returns (process, log file)."""
    log = open(log_path, "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "safeguarding",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            env["CELERY_QUEUE"],
            "-n",
            f"{env['CELERY_QUEUE']}@%h",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, log


def stop_worker(process, log):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    log.close()
