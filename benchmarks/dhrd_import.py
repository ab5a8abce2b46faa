"""Time the DHRD import (647 reviews) end to end on a fresh database.

Run by hand: `.venv/bin/python benchmarks/dhrd_import.py [DHRD_DIR]`. Uses DATABASE_URL if
set (PostgreSQL), else a temporary SQLite file. Figures go in docs/benchmarks.md.

Tasks run inline (REDIS_URL is ignored). Since issue 19 the search index is built after the
import commits, in one ``search.index_records`` task for the whole import (in the worker in
production): its own time, read from Celery's log line, is reported apart from the import.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DHRD = sys.argv[1] if len(sys.argv) > 1 else str(ROOT.parent / "shared" / "data" / "dhrd")
INDEX_TASK = re.compile(r"Task search\.index_records\[[^\]]+\] succeeded in ([0-9.]+)s")


def _run(command, env):
    start = time.perf_counter()
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    indexing = sum(float(s) for s in INDEX_TASK.findall(done.stdout + done.stderr))
    return seconds, indexing, len(INDEX_TASK.findall(done.stdout + done.stderr))


def main():
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "load_organisations"], env=env, check=True, capture_output=True)
    first, first_index, tasks = _run([*manage, "import_dhrd", DHRD], env)
    again, _, _ = _run([*manage, "import_dhrd", DHRD], env)
    engine = env["DATABASE_URL"].split(":", 1)[0]
    print(f"{engine}: first import {first:.2f} s (647 reviews); re-run (nothing new) {again:.2f} s")
    print(
        f"  of the first: search indexing after the commit {first_index:.2f} s in {tasks} "
        f"task(s); the import without it {first - first_index:.2f} s (process start included)"
    )


if __name__ == "__main__":
    main()
