"""Browser journeys: a real server process with demo data, driven by real Chromium.

The server runs `manage.py runserver` on a database of its own (a temporary SQLite file,
or a fresh PostgreSQL database `<name>_browser` when DATABASE_URL points at PostgreSQL),
set up with the same commands `make run` uses (without the DHRD import). A real Celery worker runs next to it on the
same database (Redis database 6, a queue of its own), so uploaded documents are processed as
in production.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.databases import fresh_database_url
from tests.worker import start_worker, stop_worker, worker_env

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
DEMO_PASSWORD = "browser-demo-password-1"
REDIS_DB = 6
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)")
    tmp = tempfile.mkdtemp(prefix="sg-browser-")
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database_url(tmp, "browser"),
        "DEBUG": "1",
        "MEDIA_ROOT": f"{tmp}/media",
    }
    env = worker_env(env, REDIS_DB)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["load_organisations"],
        ["demo_data", "--password", DEMO_PASSWORD],
        # As `make run`: enough national volume for the dashboard to publish numbers above
        # the owner (whole years, suppressed; docs/dashboard-suppression.md).
        ["generate_national", "--scale", "0.05", "--replace"],
        ["refresh_dashboard"],
    ):
        subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True, capture_output=True)
    worker, worker_log = start_worker(env, f"{tmp}/worker.log")
    port = _free_port()
    log = open(f"{tmp}/server.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/health/", timeout=1)  # noqa: S310
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        stop_worker(worker, worker_log)
        pytest.fail(f"the server did not start: {Path(tmp, 'server.log').read_text()}")
    yield {"url": base, "env": env, "manage": manage}
    process.terminate()
    process.wait(timeout=10)
    log.close()
    stop_worker(worker, worker_log)


@pytest.fixture(scope="package")
def browser():
    """Chromium for the browser journeys, closed when they are done: Playwright's sync API
    keeps an event loop alive while it is open, which Django would take for an async
    context in the tests that run after these."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-gpu",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page; the test fails if any page it opens breaks the Content-Security-Policy
    (Chromium reports each refused script or style on the console)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert refused == [], "\n".join(refused)


def check_accessibility(page):
    """Run axe-core on the page; fail on any WCAG 2.2 A or AA violation."""
    # Evaluated through the DevTools protocol: an injected <script> would be refused by the CSP.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert violations == [], f"{page.url}: {json.dumps(violations, indent=2)}"


def demo_code(server, username):
    result = subprocess.run(
        [*server["manage"], "demo_code", username],
        env=server["env"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().split()[-1]
