"""What the dashboard's charts cost a page: HTML bytes, SVG elements, and the time to build
a page's charts and the links behind their cells, for a national, a regional and an ICB user.

For each page (overview, themes) and period (the default and ten years) it reports:

- the page's HTML size and the part of it inside ``<svg>`` elements, the number of SVG
  element tags and of links inside them (one page request through the test client);
- charts: p50 of ``presenters.blocks`` (every chart of the page's published figures);
- links: p50 of building every figure's cell and row links (``tables._links``), as
  ``services.page_figures`` does when it publishes the figures;
- page: p50 of the whole request (test client, so without gunicorn or the network).

Run by hand against a database loaded with ``manage.py generate_national``:

    DATABASE_URL=sqlite:////tmp/charts.sqlite3 .venv/bin/python benchmarks/chart_rendering.py

Figures go to docs/benchmarks.md ("Issue 19: chart rendering") with the machine.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from safeguarding.accounts.models import User  # noqa: E402
from safeguarding.dashboard import presenters, services, tables  # noqa: E402
from safeguarding.dashboard.figures import Filters  # noqa: E402
from safeguarding.dashboard.periods import shift  # noqa: E402
from safeguarding.organisations.models import Organisation  # noqa: E402
from safeguarding.reviews.models import Review  # noqa: E402

PAGES = {"overview": "/dashboard/", "themes": "/dashboard/themes/"}
SVG = re.compile(r"<svg\b.*?</svg>", re.S)
TAG = re.compile(r"<[a-zA-Z]")


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def p50(fn, runs):
    fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return percentile(out, 50)


def _user(username, **fields):
    user, _ = User.objects.update_or_create(username=username, defaults=fields)
    return user


def users():
    region = (
        Review.objects.exclude(region=None)
        .values("region_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["region_id"]
    )
    icb = (
        Organisation.objects.filter(kind=Organisation.Kind.ICB)
        .annotate(n=Count("icb_reviews", distinct=True))
        .order_by("-n")
        .first()
    )
    return {
        "national": _user("bench-national", role="oversight", scope_level="national"),
        "region": _user("bench-region", role="oversight", scope_level="region", region_id=region),
        "icb": _user("bench-icb", role="reporting", scope_level="organisation", organisation=icb),
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    if user.needs_two_factor:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--users", default="national,region,icb")
    args = parser.parse_args()

    default = Filters.default()
    ten_years = Filters(quarter_from=shift(default.quarter_to, -39), quarter_to=default.quarter_to)
    periods = {"default": default, "ten years": ten_years}
    print(f"reviews: {Review.objects.count():,}; runs {args.runs}")
    print(
        "| user | page | period | HTML KB | SVG KB | SVG elements | SVG links "
        "| charts p50 ms | links p50 ms | page p50 ms |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    everyone = users()
    for who in args.users.split(","):
        user = everyone[who]
        client = client_for(user)
        for page, path in PAGES.items():
            for period, filters in periods.items():
                url = f"{path}?from={filters.quarter_from}&to={filters.quarter_to}"
                response = client.get(url, secure=True)
                assert response.status_code == 200, (url, response.status_code)
                html = response.content.decode()
                svgs = SVG.findall(html)
                svg_bytes = sum(len(s.encode()) for s in svgs)
                elements = sum(len(TAG.findall(s)) for s in svgs)
                links = sum(s.count("<a ") for s in svgs)
                published = services.page_figures(user, page, filters)
                charts_ms = p50(
                    lambda published=published, page=page: presenters.blocks(published, page),
                    args.runs,
                )

                def links_once(published=published):
                    for p in published:
                        tables._links(p.figure, p.cells, p.row_totals)

                links_ms = p50(links_once, args.runs)
                page_ms = p50(
                    lambda url=url, client=client: client.get(url, secure=True), args.runs
                )
                print(
                    f"| {who} | {page} | {period} | {len(response.content) / 1024:.0f} "
                    f"| {svg_bytes / 1024:.0f} | {elements:,} | {links:,} "
                    f"| {charts_ms:.1f} | {links_ms:.1f} | {page_ms:.1f} |"
                )


if __name__ == "__main__":
    main()
