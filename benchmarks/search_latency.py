"""Search latency over 100,000 indexed passages: keyword and meaning, p50 and p95, for a
national user and an ICB user.

Run by hand: `.venv/bin/python benchmarks/search_latency.py [--passages N] [--runs N]`.
Uses DATABASE_URL if set (PostgreSQL; use a database of its own, e.g.
postgres://postgres@127.0.0.1:5432/sg_bench_search), else a temporary SQLite file.
Figures go in docs/search.md.

The passages are synthetic: the development corpus's passages and recommendations
(tests/corpus) and the demo recommendations, each encoded once with the deployment's encoder,
then repeated across 4,000 reviews in every ICB with a distinguishing sentence and a little
noise on the vector (renormalised). Encoding 100,000 real passages would take a quarter of an
hour with MiniLM and would not change what is timed: a keyword query is answered by the
full-text index, and a meaning query multiplies the query vector with every stored vector.
What is timed is `search.services.search()` as the search page calls it: the scoped and
filtered candidate reviews, the ranking, fetching the page of passages, the highlight (for
meaning, encoding the sentences of the ten passages shown) and the audit row.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KEYWORD_QUERIES = [
    "bruising",
    "domestic abuse",
    "not brought to appointments",
    "health visitor",
    "mental capacity",
    "self-neglect",
    "father",
    "information sharing police",
    "carer's assessment",
    "school attendance",
    "safe sleep",
    "exploitation",
]
MEANING_QUERIES = [
    "nobody asked who the new partner was",
    "the baby had marks that nobody referred",
    "the family kept missing hospital appointments",
    "staff did not check whether he understood the decision",
    "the young person was being groomed by older men",
    "the mother was frightened of her husband",
    "the carer was exhausted and asked for help",
    "agencies did not talk to each other",
    "the child was never seen on their own",
    "he stopped eating and would not let anyone in",
    "the school did not follow up absences",
    "nobody looked at the history of violence",
]


def setup_database():
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
        os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, capture_output=True)
    subprocess.run([*manage, "load_organisations"], env=env, check=True, capture_output=True)
    return env["DATABASE_URL"].split(":", 1)[0]


def corpus_texts():
    texts = []
    for line in (ROOT / "tests" / "corpus" / "passages.jsonl").read_text().splitlines():
        texts.append(json.loads(line)["text"])
    for line in (ROOT / "tests" / "corpus" / "documents.jsonl").read_text().splitlines():
        document = json.loads(line)
        texts.extend(document["recommendations"])
        texts.extend(
            p for p in document["text"].split("\n\n") if len(p.split()) > 12 and len(p) < 1200
        )
    return sorted(set(texts))


def build(n_passages, n_reviews, rng):
    import numpy as np
    from django.db import connection

    from safeguarding.accounts.models import User
    from safeguarding.organisations.models import Organisation
    from safeguarding.reviews.models import Review
    from safeguarding.reviews.types import REVIEW_TYPES
    from safeguarding.search import services, vectors
    from safeguarding.search.models import Passage

    if Passage.objects.filter(encoder=services.encoder_name()).count() >= n_passages:
        print(f"Reusing {Passage.objects.count()} passages already in the database")
    else:
        Passage.objects.all().delete()
        Review.objects.filter(source="bench").delete()
        partnerships = list(
            Organisation.objects.filter(kind="partnership").exclude(icb=None).order_by("pk")
        )
        types = list(REVIEW_TYPES)
        reviews = []
        for i in range(n_reviews):
            partnership = partnerships[i % len(partnerships)]
            start = time.mktime((2019, 1, 1, 0, 0, 0, 0, 0, -1))
            day = time.localtime(start + rng.randint(0, 6 * 365) * 86400)
            reviews.append(
                Review(
                    title=f"Child {chr(65 + i % 26)}{i}",
                    review_type=types[i % len(types)],
                    partnership=partnership,
                    icb=partnership.icb,
                    region_id=partnership.region_id or partnership.icb.region_id,
                    notification_date=datetime.date(day.tm_year, day.tm_mon, day.tm_mday),
                    source="bench",
                    source_id=str(i),
                )
            )
        Review.objects.bulk_create(reviews, batch_size=1000)
        review_ids = list(Review.objects.filter(source="bench").values_list("pk", flat=True))
        texts = corpus_texts()
        encoder = services.encoder()
        start = time.perf_counter()
        base = encoder.encode(texts)
        print(
            f"Encoded {len(texts)} distinct corpus passages with {encoder.name} in "
            f"{time.perf_counter() - start:.1f} s"
        )
        rows = []
        for n in range(n_passages):
            k = rng.randrange(len(texts))
            vector = base[k] + np.random.default_rng(n).normal(0, 0.02, base.shape[1])
            vector = (vector / np.linalg.norm(vector)).astype(np.float32)
            kind = ("review", "recommendation", "document")[n % 3]
            rows.append(
                Passage(
                    review_id=review_ids[n % len(review_ids)],
                    source_type=kind,
                    source_id=n,
                    page=(n % 40) + 1 if kind == "document" else None,
                    ordinal=n % 7,
                    text=f"{texts[k]} (Paragraph {n}.)",
                    vector=vector.tobytes(),
                    encoder=encoder.name,
                    checksum="bench",
                )
            )
            if len(rows) == 5000:
                Passage.objects.bulk_create(rows)
                rows = []
        Passage.objects.bulk_create(rows)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE search_passage")
        vectors.reset()
    national = User.objects.filter(username="bench-national").first() or User.objects.create_user(
        "bench-national", password=None, role="oversight", scope_level="national"
    )
    icb = Organisation.objects.get(name="NHS Lancashire and South Cumbria Integrated Care Board")
    local = User.objects.filter(username="bench-icb").first() or User.objects.create_user(
        "bench-icb", password=None, role="data_input", scope_level="organisation", organisation=icb
    )
    return {"national": national, "ICB": local}


def percentile(values, p):
    values = sorted(values)
    index = max(0, min(len(values) - 1, round(p / 100 * len(values) + 0.5) - 1))
    return values[index]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=4_000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    engine = setup_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    import django

    django.setup()
    from safeguarding.search import services, vectors
    from safeguarding.search.models import Passage

    rng = random.Random(2024)  # noqa: S311 - synthetic data
    people = build(args.passages, args.reviews, rng)
    total = Passage.objects.count()
    encoder = services.encoder()
    encoder.encode(["warm up"])
    start = time.perf_counter()
    vectors.index().refresh(encoder.name)
    load = time.perf_counter() - start
    print(f"{engine}: {total} passages; vector matrix loaded in {load:.2f} s")
    lines = []
    for who, user in people.items():
        for mode, queries in (("keyword", KEYWORD_QUERIES), ("meaning", MEANING_QUERIES)):
            times, counts = [], []
            for run in range(args.runs):
                q = queries[run % len(queries)]
                start = time.perf_counter()
                results = services.search(user, q, mode=mode, page=1 + (run % 3 == 2))
                times.append((time.perf_counter() - start) * 1000)
                counts.append(results.total)
            line = (
                f"{engine} {who:8} {mode:8} p50 {percentile(times, 50):7.1f} ms  "
                f"p95 {percentile(times, 95):7.1f} ms  (median {statistics.median(counts):.0f} "
                f"results, {args.runs} searches)"
            )
            print(line)
            lines.append(line)
    return lines


if __name__ == "__main__":
    main()
