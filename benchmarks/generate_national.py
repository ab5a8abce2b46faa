"""Time `manage.py generate_national` (the dashboard's national synthetic volume).

Run by hand: `.venv/bin/python benchmarks/generate_national.py [--scale 1.0] [--runs 2]`.
Uses DATABASE_URL if set (PostgreSQL: the COPY path), else a fresh temporary SQLite file
(migrated, reference data loaded). Every run uses --replace, so the first run on an empty
database is a plain load and later runs also time removing the previous load. Prints the
command's own summary line (reviews, recommendations, actions, seconds), the wall-clock
time and the peak memory of each run. Figures go in docs/benchmarks.md.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        subprocess.run([*manage, "load_organisations"], env=env, check=True, capture_output=True)
    engine = env["DATABASE_URL"].split(":", 1)[0]
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "generate_national",
        "--replace",
        "--scale",
        str(args.scale),
        "--seed",
        str(args.seed),
    ]
    for run in range(1, args.runs + 1):
        start = time.perf_counter()
        done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        # ru_maxrss of the children: the largest of the runs so far (KiB on Linux).
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        summary = done.stdout.strip().splitlines()[-1]
        print(f"{engine} scale {args.scale} run {run}: {summary}")
        print(f"  wall clock {seconds:.1f} s (process start to exit); peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
