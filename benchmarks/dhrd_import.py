"""Time the DHRD import (647 reviews) end to end on a fresh database.

Run by hand: `.venv/bin/python benchmarks/dhrd_import.py [DHRD_DIR]`. Uses DATABASE_URL if
set (PostgreSQL), else a temporary SQLite file. Figures go in docs/benchmarks.md.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DHRD = sys.argv[1] if len(sys.argv) > 1 else str(ROOT.parent / "shared" / "data" / "dhrd")


def main():
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "load_organisations"], env=env, check=True, capture_output=True)
    runs = []
    start = time.perf_counter()
    subprocess.run([*manage, "import_dhrd", DHRD], env=env, check=True, capture_output=True)
    runs.append(time.perf_counter() - start)
    start = time.perf_counter()
    subprocess.run([*manage, "import_dhrd", DHRD], env=env, check=True, capture_output=True)
    runs.append(time.perf_counter() - start)
    engine = env["DATABASE_URL"].split(":", 1)[0]
    print(
        f"{engine}: first import {runs[0]:.2f} s (647 reviews); re-run (nothing new) {runs[1]:.2f} s"
    )


if __name__ == "__main__":
    main()
