"""Dashboard pages at national volume: server time per page (p50/p95) for a national user,
the SQL queries per page, and the ratio to the floor.

The floor is the page's own SQL aggregates replayed straight on the database (the same
numbers, without Django, suppression or rendering). A second floor, for the main figures,
runs the equivalent GROUP BY on the base tables (no pre-aggregation).

Run by hand against a database loaded with `manage.py generate_national` (PostgreSQL):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_national \\
        .venv/bin/python benchmarks/dashboard_national.py [--runs 40]

Figures go to docs/benchmarks.md with the machine they were measured on.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from safeguarding.accounts.models import User  # noqa: E402
from safeguarding.dashboard.models import ActionFact, ReviewFact  # noqa: E402
from safeguarding.reviews.models import Review  # noqa: E402

PAGES = {
    "overview": "/dashboard/?from={first}&to={last}",
    "themes": "/dashboard/themes/?from={first}&to={last}",
    "recommendations and actions": "/dashboard/recommendations-and-actions/?from={first}&to={last}",
    "data completeness": "/dashboard/data-completeness/?from={first}&to={last}",
    "DHR (DHRD)": "/dashboard/domestic-homicide-reviews/",
    "overview, one region, rapid": "/dashboard/?from={first}&to={last}&type=rapid&area=region-{region}",
}

BASE_FLOOR = {
    "overview": """
        SELECT region_id, review_type, count(*) FROM reviews_review
        WHERE COALESCE(notification_date, decision_date, incident_date) BETWEEN %s AND %s
        GROUP BY 1, 2""",
    "themes": """
        SELECT rt.theme_id, r.region_id, count(*) FROM reviews_reviewtheme rt
        JOIN reviews_review r ON r.id = rt.review_id
        WHERE COALESCE(r.notification_date, r.decision_date, r.incident_date) BETWEEN %s AND %s
        GROUP BY 1, 2""",
    "recommendations and actions": """
        SELECT r.region_id, a.status, count(*) FROM actions_action a
        JOIN actions_recommendation rec ON rec.id = a.recommendation_id
        JOIN reviews_review r ON r.id = rec.review_id
        WHERE COALESCE(r.notification_date, r.decision_date, r.incident_date) BETWEEN %s AND %s
        GROUP BY 1, 2""",
}


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def timed(fn, runs):
    fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--quarters", type=int, default=8, help="period length (default 8)")
    args = parser.parse_args()

    user, _ = User.objects.get_or_create(
        username="bench-national", defaults={"role": "oversight", "scope_level": "national"}
    )
    client = Client()
    client.force_login(user)
    if user.needs_two_factor:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    from safeguarding.dashboard.figures import Filters
    from safeguarding.dashboard.periods import quarters_between, shift

    default = Filters.default()
    last = default.quarter_to
    first = shift(last, -(args.quarters - 1))
    region = Review.objects.exclude(region=None).values_list("region_id", flat=True).first()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(
        f"reviews: {Review.objects.count():,}; review facts: {ReviewFact.objects.count():,}; "
        f"action facts: {ActionFact.objects.count():,}; period {first}..{last} "
        f"({len(quarters_between(first, last))} quarters); runs {args.runs}"
    )
    start_date = f"{first // 10}-{3 * (first % 10) - 2:02d}-01"
    end_date = f"{last // 10}-{3 * (last % 10):02d}-{31 if last % 10 in (1, 4) else 30}"
    print(
        "| page | p50 ms | p95 ms | queries | floor p50 ms | p50 / floor | base-table floor p50 ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, template in PAGES.items():
        path = template.format(first=first, last=last, region=region)
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as context:
            client.get(path)
        queries = [q["sql"] for q in context.captured_queries]
        page = timed(lambda path=path: client.get(path), args.runs)

        def replay(queries=queries):
            with connection.cursor() as cursor:
                for sql in queries:
                    if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                        cursor.execute(sql)
                        cursor.fetchall()

        floor = timed(replay, args.runs)
        base = ""
        if name in BASE_FLOOR:

            def base_query(sql=BASE_FLOOR[name]):
                with connection.cursor() as cursor:
                    cursor.execute(sql, [start_date, end_date])
                    cursor.fetchall()

            base = f"{percentile(timed(base_query, args.runs), 50):.1f}"
        p50, p95, f50 = percentile(page, 50), percentile(page, 95), percentile(floor, 50)
        print(
            f"| {name} | {p50:.1f} | {p95:.1f} | {len(queries)} | {f50:.1f} | "
            f"{p50 / f50:.1f} | {base} |"
        )


if __name__ == "__main__":
    main()
