"""Every page a person waits on, for a national, a regional and an ICB user (issue 19).

For each page and user: server time through the Django test client in this process (DEBUG
off, signed in with a verified second factor where the person needs one, HTTPS as in
production), p50 and p95 over ``--runs`` requests after a warm-up, the SQL queries of one
request, the size of the HTML, and a floor: SQL written here, apart from the page's code, on
the same fact tables (or base tables) and restricted to the person's scope, that gives the
numbers the page shows. The floor is timed the same way; the table shows p50 / floor p50 and
flags a page over 3x its floor, over 150 ms at p95 or over 300 KB of HTML.

Needs national volume (PostgreSQL): see docs/benchmarks.md, "Issue 19: every page for every
user". Run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench19 \\
        .venv/bin/python benchmarks/pages.py [--runs 20] [--users national,region,icb]
        [--pages overview,themes,...] [--markdown FILE]
"""

import argparse
import os
import re
import sys
import time
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

ROOT = Path(__file__).resolve().parents[1]

#: Below this many reviews the database does not have national volume.
NATIONAL_REVIEWS = 50_000
USERS = ("national", "region", "icb")
PAGES = (
    "overview",
    "themes",
    "progress",
    "completeness",
    "dhr",
    "records-reviews",
    "records-actions",
    "reviews",
    "review",
    "search",
)
TITLES = {
    "overview": "Dashboard: overview",
    "themes": "Dashboard: themes",
    "progress": "Dashboard: recommendations and actions",
    "completeness": "Dashboard: data completeness",
    "dhr": "Dashboard: DHR (DHRD)",
    "records-reviews": "Records behind a figure: reviews",
    "records-actions": "Records behind a figure: actions",
    "reviews": "Reviews list",
    "review": "A review's page",
    "search": "Search (keyword)",
}
SEARCH_QUERY = "intimate partner"
LIST_SIZE = 25  # rows on a page of the reviews list and of the records behind a figure
SEARCH_PAGE = 10
FLAG_RATIO, FLAG_P95_MS, FLAG_KB = 3.0, 150.0, 300.0
LOAD_COMMANDS = "\n".join(
    f"  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench19 DEBUG=1 "
    f".venv/bin/python manage.py {command}"
    for command in (
        "migrate",
        "load_organisations",
        "generate_national --scale 1",
        "import_dhrd ../shared/data/dhrd",
        "refresh_dashboard",
    )
)


def configure():
    """DEBUG off, as production; a key of its own so the settings load without one."""
    sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key-not-a-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    import django

    django.setup()


# --- timing ----------------------------------------------------------------------------------


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def timed(fn, runs, warmup=2):
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


# --- who: the three people and their scope, as SQL ---------------------------------------------


@dataclass
class Person:
    key: str  # "national", "region", "icb"
    user: object
    level: str  # "national", "region", "organisation"
    region_id: int | None = None
    organisation_id: int | None = None
    partnership_ids: tuple = ()
    label: str = ""

    @property
    def suppressed(self):
        """Above the owning organisation: periods are whole years, small numbers hidden."""
        return self.level in ("national", "region")

    @property
    def area(self):
        """The column the dashboard's "by area" figures break down by for this person."""
        return {"national": "region", "region": "icb", "organisation": "partnership"}[self.level]

    def where(self, alias):
        """(SQL, params): the rows (facts or reviews, aliased ``alias``) the person may see."""
        if self.level == "national":
            return "TRUE", []
        if self.level == "region":
            return f"{alias}.region_id = %s", [self.region_id]
        ids = list(self.partnership_ids)
        if not ids:
            return f"{alias}.icb_id = %s", [self.organisation_id]
        marks = ", ".join(["%s"] * len(ids))
        return (
            f"({alias}.icb_id = %s OR {alias}.partnership_id IN ({marks}))",
            [self.organisation_id, *ids],
        )


def _partnerships_of(cursor, organisation_id, kind):
    cursor.execute(
        "SELECT from_organisation_id FROM organisations_organisation_members "
        "WHERE to_organisation_id = %s",
        [organisation_id],
    )
    ids = {row[0] for row in cursor.fetchall()}
    if kind == "partnership":
        ids.add(organisation_id)
    return tuple(sorted(ids))


def person(key, *, user=None, organisation=None, region=None):
    """The person for ``key``: the given user, or the benchmark's own (created if absent) in
    the busiest region or ICB."""
    from django.db import connection

    from safeguarding.accounts.models import User

    with connection.cursor() as cursor:
        if user is None:
            fields = {"role": "oversight", "scope_level": "national"}
            if key == "region":
                if region is None:
                    cursor.execute(
                        "SELECT region_id FROM reviews_review WHERE region_id IS NOT NULL "
                        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
                    )
                    region = cursor.fetchone()[0]
                fields = {"role": "oversight", "scope_level": "region", "region_id": region}
            elif key == "icb":
                if organisation is None:
                    cursor.execute(
                        "SELECT icb_id FROM reviews_review WHERE icb_id IS NOT NULL "
                        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
                    )
                    organisation = cursor.fetchone()[0]
                fields = {
                    "role": "oversight",
                    "scope_level": "organisation",
                    "organisation_id": organisation,
                }
            user, _ = User.objects.update_or_create(username=f"bench-{key}", defaults=fields)
        level = user.scope_level
        partnerships = ()
        label = "national"
        if level == "organisation":
            cursor.execute(
                "SELECT kind, name FROM organisations_organisation WHERE id = %s",
                [user.organisation_id],
            )
            kind, label = cursor.fetchone()
            partnerships = _partnerships_of(cursor, user.organisation_id, kind)
        elif level == "region":
            cursor.execute("SELECT name FROM organisations_region WHERE id = %s", [user.region_id])
            label = cursor.fetchone()[0]
    return Person(
        key=key,
        user=user,
        level=level,
        region_id=user.region_id,
        organisation_id=user.organisation_id,
        partnership_ids=partnerships,
        label=label,
    )


def signed_in_client(user):
    """A test client signed in as a real request would be: a session, and for people who
    need a second factor a verified TOTP device in it (django-otp's middleware checks it)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    if user.needs_two_factor:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


# --- the period the dashboard pages are asked for -----------------------------------------------


@dataclass(frozen=True)
class Period:
    """The period asked for in the address (from the start of last year to this quarter),
    and the one the page counts: widened to whole years above the owning organisation."""

    asked_from: int
    asked_to: int

    @classmethod
    def current(cls, today=None):
        from django.utils import timezone

        today = today or timezone.localdate()
        quarter = today.year * 10 + (today.month - 1) // 3 + 1
        return cls(asked_from=(today.year - 1) * 10 + 1, asked_to=quarter)

    def counted(self, person):
        if person.suppressed:
            return self.asked_from // 10 * 10 + 1, self.asked_to // 10 * 10 + 4
        return self.asked_from, self.asked_to


# --- the floors: SQL written apart from the pages' code ------------------------------------------


def _rows(cursor, sql, params):
    cursor.execute(sql, params)
    return cursor.fetchall()


def _vendor():
    from django.db import connection

    return connection.vendor


def _slippage_sql(alias, today):
    """The slippage of a review fact today (the date is a literal: the statement groups by
    this expression, and a parameter would make each use of it a different expression)."""
    day = f"'{today.isoformat()}'"
    return (
        f"CASE WHEN {alias}.clock_due < {day} THEN 'overdue' "
        f"WHEN {alias}.clock_due IS NOT NULL THEN 'on_track' "
        f"WHEN {alias}.clock_met_late THEN 'met_late' "
        f"WHEN {alias}.has_clock THEN 'met' ELSE 'no_clock' END"
    )


def _grouped(cursor, table, sets, where, params):
    """One statement grouping ``table`` (aliased f) by each of ``sets`` ({tag: [SQL
    expression]}): GROUPING SETS on PostgreSQL (one scan), UNION ALL elsewhere. Returns
    {tag: [(values..., count)]}."""
    tags = list(sets)
    out = {tag: [] for tag in tags}
    if _vendor() == "postgresql":
        every = list(dict.fromkeys(e for tag in tags for e in sets[tag]))
        grouping = ", ".join("(" + ", ".join(sets[tag]) + ")" for tag in tags)
        sql = (
            f"SELECT {', '.join(every)}, GROUPING({', '.join(every)}), count(*) "  # noqa: S608
            f"FROM {table} f WHERE {where} GROUP BY GROUPING SETS ({grouping})"
        )
        bits = len(every)
        # GROUPING() sets a bit (first expression highest) for each expression not grouped.
        masks = {
            sum(1 << (bits - 1 - i) for i, e in enumerate(every) if e not in sets[tag]): tag
            for tag in tags
        }
        for row in _rows(cursor, sql, params):
            tag = masks[row[bits]]
            out[tag].append((*(row[every.index(e)] for e in sets[tag]), row[bits + 1]))
        return out
    width = max(len(sets[tag]) for tag in tags)
    parts = []
    for k, tag in enumerate(tags):
        exprs = sets[tag]
        pad = ", NULL" * (width - len(exprs))  # every part of a UNION has as many columns
        group = ", ".join(str(i + 3) for i in range(len(exprs)))
        parts.append(
            f"SELECT {k}, count(*), {', '.join(exprs)}{pad} FROM {table} f "  # noqa: S608
            f"WHERE {where} GROUP BY {group}"
        )
    for row in _rows(cursor, " UNION ALL ".join(parts), list(params) * len(tags)):
        tag = tags[row[0]]
        out[tag].append((*row[2 : 2 + len(sets[tag])], row[1]))
    return out


def _sum_by(rows, *positions):
    """{key: count} summed over the other columns (the last column is the count)."""
    out = {}
    for row in rows:
        key = tuple(row[i] for i in positions)
        key = key[0] if len(key) == 1 else key
        out[key] = out.get(key, 0) + row[-1]
    return out


def _facts_where(person, period, alias="f"):
    scope, params = person.where(alias)
    first, last = period.counted(person)
    return f"{scope} AND {alias}.quarter BETWEEN %s AND %s", [*params, first, last]


def floor_overview(cursor, ctx):
    """Reviews by area and type, by type and quarter, by stage, slippage, rapid converted,
    each by year (the blocks suppression publishes) in one statement."""
    person = ctx.person
    area, year, rtype = f"f.{person.area}_id", "f.quarter / 10", "f.review_type"
    where, params = _facts_where(person, ctx.period)
    sets = _grouped(
        cursor,
        "dashboard_reviewfact",
        {
            "area_type": [area, rtype, year],
            "type_quarter": [rtype, "f.quarter"],
            "type_stage": [rtype, "f.stage", year],
            "type_slippage": [rtype, _slippage_sql("f", ctx.today), year],
            "converted": [area, "CASE WHEN f.review_type = 'rapid' THEN f.converted END", year],
            "year_only": ["f.period_precision"],
        },
        where,
        params,
    )
    rapid = [r for r in sets["converted"] if r[1] is not None]
    return {
        "by_area_type": _sum_by(sets["area_type"], 0, 1),
        "by_type_quarter": _sum_by(sets["type_quarter"], 0, 1),
        "by_type_stage": _sum_by(sets["type_stage"], 0, 1),
        "by_type_slippage": _sum_by(sets["type_slippage"], 0, 1),
        "converted": {
            (a, "converted" if c else "not"): n for (a, c), n in _sum_by(rapid, 0, 1).items()
        },
        "year_only": any(r[0] == "year" for r in sets["year_only"]),
        "reviews": sum(r[-1] for r in sets["area_type"]),
        "by_year": _sum_by(sets["area_type"], 2),
    }


def floor_themes(cursor, ctx):
    """Theme mentions by theme, area and quarter (quarters sum to years and the whole)."""
    person = ctx.person
    where, params = _facts_where(person, ctx.period)
    rows = _rows(
        cursor,
        f"SELECT f.theme_id, f.{person.area}_id, f.quarter, count(*) "  # noqa: S608
        f"FROM dashboard_reviewthemefact f WHERE {where} GROUP BY 1, 2, 3",
        params,
    )
    return {
        "by_area": _sum_by(rows, 0, 1),
        "by_quarter": _sum_by(rows, 0, 2),
        "mentions": sum(r[-1] for r in rows),
    }


def floor_progress(cursor, ctx):
    """Actions by area, status and time to complete, overdue by owner; recommendations by
    progress; each by year. Two statements."""
    person, today = ctx.person, ctx.today
    where, params = _facts_where(person, ctx.period)
    bucket = (
        "CASE WHEN f.days_to_complete IS NULL THEN '' WHEN f.days_to_complete <= 91 THEN '3m' "
        "WHEN f.days_to_complete <= 182 THEN '6m' WHEN f.days_to_complete <= 365 THEN '12m' "
        "ELSE 'more' END"
    )
    actions = _rows(
        cursor,
        f"SELECT f.{person.area}_id, f.quarter / 10, f.status, {bucket}, "  # noqa: S608
        "CASE WHEN f.is_open AND f.due_date < %s THEN f.owner_id END, count(*) "
        f"FROM dashboard_actionfact f WHERE {where} GROUP BY 1, 2, 3, 4, 5",
        [today, *params],
    )
    state = (
        "CASE WHEN f.actions = 0 THEN 'none' WHEN f.actions_done = f.actions THEN 'done' "
        "WHEN f.actions_open > 0 THEN 'open' ELSE 'closed' END"
    )
    recommendations = _rows(
        cursor,
        f"SELECT f.{person.area}_id, f.quarter / 10, {state}, count(*) "  # noqa: S608
        f"FROM dashboard_recommendationfact f WHERE {where} GROUP BY 1, 2, 3",
        params,
    )
    return {
        "by_status": _sum_by(actions, 0, 2),
        "by_time": _sum_by([r for r in actions if r[3]], 0, 3),
        "overdue": _sum_by([r for r in actions if r[4] is not None], 4),
        "by_state": _sum_by(recommendations, 0, 2),
        "actions": sum(r[-1] for r in actions),
    }


def floor_completeness(cursor, ctx):
    """Missing and recorded for each data check, by review type and year. One statement."""
    from safeguarding.reviews.quality import CHECKS

    where, params = _facts_where(ctx.person, ctx.period)
    sums = []
    for i in range(len(CHECKS)):
        for mark in ("m", "."):
            sums.append(
                f"SUM(CASE WHEN substr(f.completeness, {i + 1}, 1) = '{mark}' THEN 1 ELSE 0 END)"
            )
    rows = _rows(
        cursor,
        f"SELECT f.review_type, f.quarter / 10, {', '.join(sums)} "  # noqa: S608
        f"FROM dashboard_reviewfact f WHERE {where} GROUP BY 1, 2",
        params,
    )
    missing, present, by_type = {}, {}, {}
    for row in rows:
        for i, check in enumerate(CHECKS):
            m, p = row[2 + 2 * i] or 0, row[3 + 2 * i] or 0
            missing[check.code] = missing.get(check.code, 0) + m
            present[check.code] = present.get(check.code, 0) + p
            key = (check.code, row[0])
            by_type[key] = by_type.get(key, 0) + m
    return {"missing": missing, "present": present, "by_type": by_type}


DHR_FLAGS = ("intimate_partner_violence", "familial_homicide", "parricide", "homicide_suicide")


def floor_dhr(cursor, ctx):
    """The default DHR view: imported DHRs by NHS England region with the four Home Office
    relationship flags (true, recorded) and "none of these". One statement."""
    scope, params = ctx.person.where("r")
    sums, trues = [], []
    for flag in DHR_FLAGS:
        if _vendor() == "postgresql":
            value = f"r.source_data -> 'incident' -> '{flag}'"
            true, recorded = f"{value} = 'true'::jsonb", f"jsonb_typeof({value}) = 'boolean'"
        else:
            kind = f"json_type(r.source_data, '$.incident.{flag}')"
            true, recorded = f"{kind} = 'true'", f"{kind} IN ('true', 'false')"
        trues.append(f"COALESCE({true}, FALSE)")
        sums += [f"SUM(CASE WHEN {c} THEN 1 ELSE 0 END)" for c in (true, recorded)]
    rows = _rows(
        cursor,
        f"SELECT g.code, count(*), {', '.join(sums)}, "  # noqa: S608
        f"SUM(CASE WHEN {' OR '.join(trues)} THEN 0 ELSE 1 END) "
        "FROM reviews_review r LEFT JOIN organisations_region g ON g.id = r.region_id "
        f"WHERE r.review_type = 'dhr' AND r.source = 'dhrd' AND {scope} GROUP BY 1",
        params,
    )
    return {"incidents": {row[0]: row[1] for row in rows}, "rows": rows}


def _cell_sql(ctx, query, facts):
    """(SQL, params) narrowing facts (alias f) to the cell a records link carries."""
    from safeguarding.reviews.quality import CHECKS

    person = ctx.person
    asked = Period(
        int(query.get("from") or ctx.period.asked_from), int(query.get("to") or ctx.period.asked_to)
    )
    first, last = asked.counted(person)
    scope, params = person.where("f")
    where = [scope, "f.quarter BETWEEN %s AND %s"]
    params += [first, last]
    if query.get("type"):
        where.append("f.review_type = %s")
        params.append(query["type"])
    if query.get("area"):
        kind, _, pk = query["area"].partition("-")
        where.append(f"f.{kind}_id = %s")
        params.append(int(pk))
    if query.get("theme"):
        where.append(
            "f.review_id IN (SELECT t.review_id FROM dashboard_reviewthemefact t "
            "WHERE t.theme_id = %s)"
        )
        params.append(int(query["theme"]))
    for name in ("region", "icb", "partnership", "owner"):
        if query.get(name):
            where.append(f"f.{name}_id = %s")
            params.append(int(query[name]))
    for name in ("review_type", "stage", "status"):
        if query.get(name):
            where.append(f"f.{name} = %s")
            params.append(query[name])
    if query.get("quarter"):
        where.append("f.quarter = %s")
        params.append(int(query["quarter"]))
    if query.get("year"):
        where.append("f.quarter BETWEEN %s AND %s")
        params += [int(query["year"]) * 10 + 1, int(query["year"]) * 10 + 4]
    if facts == "reviews":
        if query.get("slippage"):
            where.append(f"{_slippage_sql('f', ctx.today)} = %s")
            params.append(query["slippage"])
        if query.get("converted"):
            where.append("f.converted = %s")
            params.append(query["converted"] == "converted")
        if query.get("missing"):
            index = [c.code for c in CHECKS].index(query["missing"]) + 1
            where.append(f"substr(f.completeness, {index}, 1) = 'm'")
    if facts == "actions" and query.get("overdue"):
        where.append("f.is_open AND f.due_date < %s")
        params.append(ctx.today)
    return " AND ".join(where), params


def floor_records_reviews(cursor, ctx):
    """How many reviews are in the cell, and the first page of them, newest first."""
    where, params = _cell_sql(ctx, ctx.cell_reviews, "reviews")
    sql = f"SELECT count(*) FROM dashboard_reviewfact f WHERE {where}"  # noqa: S608
    count = _rows(cursor, sql, params)[0][0]
    page = _rows(
        cursor,
        "SELECT r.id, r.reference, r.title, r.review_type, r.notification_date, "  # noqa: S608
        "r.decision_date, r.incident_date, p.name "
        "FROM dashboard_reviewfact f JOIN reviews_review r ON r.id = f.review_id "
        "JOIN organisations_organisation p ON p.id = r.partnership_id "
        f"WHERE {where} ORDER BY r.notification_date DESC, r.id DESC LIMIT {LIST_SIZE}",
        params,
    )
    return {"count": count, "ids": [row[0] for row in page]}


def floor_records_actions(cursor, ctx):
    """How many actions are in the cell, and the first page of them, most overdue first."""
    where, params = _cell_sql(ctx, ctx.cell_actions, "actions")
    sql = f"SELECT count(*) FROM dashboard_actionfact f WHERE {where}"  # noqa: S608
    count = _rows(cursor, sql, params)[0][0]
    page = _rows(
        cursor,
        "SELECT a.id, a.description, a.status, a.due_date, o.name, rec.number, "  # noqa: S608
        "r.id, r.title FROM dashboard_actionfact f JOIN actions_action a ON a.id = f.action_id "
        "JOIN organisations_organisation o ON o.id = a.owner_id "
        "JOIN actions_recommendation rec ON rec.id = f.recommendation_id "
        "JOIN reviews_review r ON r.id = f.review_id "
        f"WHERE {where} ORDER BY f.due_date, f.action_id LIMIT {LIST_SIZE}",
        params,
    )
    return {"count": count, "ids": [row[0] for row in page]}


def floor_reviews(cursor, ctx):
    """The reviews list: how many the person may see and the newest page of them."""
    scope, params = ctx.person.where("r")
    sql = f"SELECT count(*) FROM reviews_review r WHERE {scope}"  # noqa: S608
    count = _rows(cursor, sql, params)[0][0]
    page = _rows(
        cursor,
        "SELECT r.id, r.reference, r.title, r.review_type, r.notification_date, "  # noqa: S608
        "r.decision_date, r.start_date, r.signed_off_date, p.name, i.name, g.name "
        "FROM reviews_review r JOIN organisations_organisation p ON p.id = r.partnership_id "
        "LEFT JOIN organisations_organisation i ON i.id = r.icb_id "
        "LEFT JOIN organisations_region g ON g.id = r.region_id "
        f"WHERE {scope} ORDER BY r.created_at DESC, r.id DESC LIMIT {LIST_SIZE}",
        params,
    )
    return {"count": count, "ids": [row[0] for row in page]}


def floor_review(cursor, ctx):
    """One review's page: the review with its places, themes, recommendations with their
    actions and owners and themes, documents, disseminations, reviews converted from it."""
    scope, params = ctx.person.where("r")
    pk = ctx.review_id
    review = _rows(
        cursor,
        "SELECT r.*, p.name, i.name, g.name, c.title FROM reviews_review r "  # noqa: S608
        "JOIN organisations_organisation p ON p.id = r.partnership_id "
        "LEFT JOIN organisations_organisation i ON i.id = r.icb_id "
        "LEFT JOIN organisations_region g ON g.id = r.region_id "
        "LEFT JOIN reviews_review c ON c.id = r.converted_from_id "
        f"WHERE r.id = %s AND {scope}",
        [pk, *params],
    )
    themes = _rows(
        cursor,
        "SELECT t.label, rt.is_primary FROM reviews_reviewtheme rt "
        "JOIN themes_theme t ON t.id = rt.theme_id WHERE rt.review_id = %s",
        [pk],
    )
    actions = _rows(
        cursor,
        "SELECT rec.*, a.*, o.name FROM actions_recommendation rec "
        "LEFT JOIN actions_action a ON a.recommendation_id = rec.id "
        "LEFT JOIN organisations_organisation o ON o.id = a.owner_id "
        "WHERE rec.review_id = %s ORDER BY rec.number, a.id",
        [pk],
    )
    rec_themes = _rows(
        cursor,
        "SELECT x.recommendation_id, t.label FROM actions_recommendation_themes x "
        "JOIN actions_recommendation rec ON rec.id = x.recommendation_id "
        "JOIN themes_theme t ON t.id = x.theme_id WHERE rec.review_id = %s",
        [pk],
    )
    documents = _rows(cursor, "SELECT * FROM documents_document WHERE review_id = %s", [pk])
    disseminations = _rows(cursor, "SELECT * FROM reviews_dissemination WHERE review_id = %s", [pk])
    converted = _rows(
        cursor,
        f"SELECT r.id, r.title FROM reviews_review r WHERE r.converted_from_id = %s AND {scope}",  # noqa: S608
        [pk, *params],
    )
    return {
        "found": len(review),
        "themes": len(themes),
        "recommendations": len({row[0] for row in actions}),
        "rows": len(actions) + len(rec_themes) + len(documents) + len(disseminations),
        "converted": len(converted),
    }


def floor_search(cursor, ctx):
    """Keyword search: passages in scope with every word, best first, one page, and how many
    there are (PostgreSQL full text; elsewhere an unranked LIKE, newest first)."""
    scope, params = ctx.person.where("r")
    select = (
        "SELECT p.id, p.source_type, p.text, r.id, r.title, r.review_type, o.name, "
        "count(*) OVER () FROM search_passage p JOIN reviews_review r ON r.id = p.review_id "
        "JOIN organisations_organisation o ON o.id = r.partnership_id "
    )
    if _vendor() == "postgresql":
        rows = _rows(
            cursor,
            f"{select} WHERE p.tsv @@ plainto_tsquery('english', %s) AND {scope} "  # noqa: S608
            "ORDER BY ts_rank_cd(p.tsv, plainto_tsquery('english', %s)) DESC, p.id "
            f"LIMIT {SEARCH_PAGE}",
            [ctx.query, *params, ctx.query],
        )
    else:
        words = ctx.query.split()
        like = " AND ".join("p.text LIKE %s" for _ in words)
        rows = _rows(
            cursor,
            f"{select} WHERE {like} AND {scope} ORDER BY p.id DESC LIMIT {SEARCH_PAGE}",  # noqa: S608
            [*(f"%{w}%" for w in words), *params],
        )
    return {"total": rows[0][-1] if rows else 0, "ids": [row[0] for row in rows]}


FLOORS = {
    "overview": floor_overview,
    "themes": floor_themes,
    "progress": floor_progress,
    "completeness": floor_completeness,
    "dhr": floor_dhr,
    "records-reviews": floor_records_reviews,
    "records-actions": floor_records_actions,
    "reviews": floor_reviews,
    "review": floor_review,
    "search": floor_search,
}


# --- the pages' addresses ---------------------------------------------------------------------


@dataclass
class Context:
    """What one person's pages and floors are asked for."""

    person: Person
    period: Period
    today: object
    query: str = SEARCH_QUERY
    review_id: int | None = None
    cell_reviews: dict = field(default_factory=dict)
    cell_actions: dict = field(default_factory=dict)
    cell_reviews_path: str = ""
    cell_actions_path: str = ""

    def path(self, page):
        period = f"from={self.period.asked_from}&to={self.period.asked_to}"
        return {
            "overview": f"/dashboard/?{period}",
            "themes": f"/dashboard/themes/?{period}",
            "progress": f"/dashboard/recommendations-and-actions/?{period}",
            "completeness": f"/dashboard/data-completeness/?{period}",
            "dhr": "/dashboard/domestic-homicide-reviews/",
            "records-reviews": self.cell_reviews_path,
            "records-actions": self.cell_actions_path,
            "reviews": "/reviews/",
            "review": f"/reviews/{self.review_id}/",
            "search": "/search/?" + f"q={self.query.replace(' ', '+')}",
        }[page]


LINK = re.compile(
    r'<a [^>]*href="(/dashboard/records/(reviews|actions)/\?[^"]+)"[^>]*>'
    r"(?:<title>[^<]*?([\d,]+) (?:\w+ )?(?:reviews|actions|review|action)</title>)?"
)


def busiest_link(html, kind):
    """The link to the records behind the largest cell of this kind on a page (a chart
    cell's title gives its count), else the first such link: an address a person follows
    from the page, with a full page of records behind it."""
    best, best_n = "", -1
    for match in LINK.finditer(html):
        if match.group(2) != kind:
            continue
        n = int(match.group(3).replace(",", "")) if match.group(3) else 0
        if n > best_n:
            best, best_n = unescape(match.group(1)), n
    return best


def _get(client, path):
    response = client.get(path, secure=True)
    if response.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {response.status_code}")
    return response


def context_for(person, client, *, today=None, query=SEARCH_QUERY):
    """The period, the cells (taken from the pages' own links), the review and the query."""
    from django.db import connection
    from django.utils import timezone

    today = today or timezone.localdate()
    ctx = Context(person=person, period=Period.current(today), today=today, query=query)
    for kind, page in (("reviews", "overview"), ("actions", "progress")):
        link = busiest_link(_get(client, ctx.path(page)).content.decode(), kind)
        setattr(ctx, f"cell_{kind}_path", link)
        setattr(ctx, f"cell_{kind}", dict(parse_qsl(urlsplit(link).query)))
    scope, params = person.where("r")
    with connection.cursor() as cursor:
        # The newest review in scope that has recommendations: a page with something on it.
        cursor.execute(
            f"SELECT r.id FROM reviews_review r WHERE {scope} AND EXISTS "  # noqa: S608
            "(SELECT 1 FROM actions_recommendation rec WHERE rec.review_id = r.id) "
            "ORDER BY r.created_at DESC, r.id DESC LIMIT 1",
            params,
        )
        row = cursor.fetchone()
        if row is None:
            cursor.execute(
                f"SELECT r.id FROM reviews_review r WHERE {scope} ORDER BY r.id DESC LIMIT 1",  # noqa: S608
                params,
            )
            row = cursor.fetchone()
    ctx.review_id = row[0] if row else None
    return ctx


# --- measuring --------------------------------------------------------------------------------


@dataclass
class Row:
    page: str
    user: str
    p50: float
    p95: float
    queries: int
    html_kb: float
    floor_p50: float
    floor: dict
    path: str

    @property
    def ratio(self):
        return self.p50 / self.floor_p50 if self.floor_p50 else float("inf")

    @property
    def flags(self):
        out = []
        if self.ratio > FLAG_RATIO:
            out.append(f"> {FLAG_RATIO:g}x floor")
        if self.p95 > FLAG_P95_MS:
            out.append(f"p95 > {FLAG_P95_MS:g} ms")
        if self.html_kb > FLAG_KB:
            out.append(f"> {FLAG_KB:g} KB")
        return out


def measure(page, ctx, client, *, runs=20, warmup=2):
    """One row: the page's p50/p95 (ms), queries of one request, HTML KB, and its floor."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    path = ctx.path(page)
    if not path:
        raise RuntimeError(f"{page}: no address for {ctx.person.key} (no link on the page)")
    response = _get(client, path)
    size = len(response.content) / 1024
    reset_queries()  # a request resets the log: start it empty so nothing is lost
    with CaptureQueriesContext(connection) as captured:
        _get(client, path)
    queries = len(captured.captured_queries)  # read now: it is a view of the log
    times = timed(lambda: _get(client, path), runs, warmup)
    floor = FLOORS[page]
    with connection.cursor() as cursor:
        numbers = floor(cursor, ctx)
        floor_times = timed(lambda: floor(cursor, ctx), runs, warmup)
    return Row(
        page=page,
        user=ctx.person.key,
        p50=percentile(times, 50),
        p95=percentile(times, 95),
        queries=queries,
        html_kb=size,
        floor_p50=percentile(floor_times, 50),
        floor=numbers,
        path=path,
    )


def table(rows):
    lines = [
        "| page | user | p50 ms | p95 ms | queries | HTML KB | floor p50 ms | p50/floor | flags |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        flags = ", ".join(row.flags)
        lines.append(
            f"| {TITLES[row.page]} | {row.user} | {row.p50:.1f} | {row.p95:.1f} | "
            f"{row.queries} | {row.html_kb:.0f} | {row.floor_p50:.2f} | {row.ratio:.1f} | "
            f"{'**' + flags + '**' if flags else ''} |"
        )
    return "\n".join(lines)


def volume():
    from django.db import connection

    with connection.cursor() as cursor:
        out = {}
        for name, table_name in (
            ("reviews", "reviews_review"),
            ("review facts", "dashboard_reviewfact"),
            ("action facts", "dashboard_actionfact"),
            ("passages", "search_passage"),
        ):
            cursor.execute(f"SELECT count(*) FROM {table_name}")  # noqa: S608
            out[name] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM reviews_review WHERE source = 'dhrd'")
        out["DHRD reviews"] = cursor.fetchone()[0]
    return out


def _choice(value, allowed, what):
    chosen = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        raise SystemExit(f"unknown {what}: {', '.join(unknown)} (choose from {', '.join(allowed)})")
    return chosen


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed requests (default 20)")
    parser.add_argument("--users", default=",".join(USERS), help="national,region,icb")
    parser.add_argument("--pages", default=",".join(PAGES), help=",".join(PAGES))
    parser.add_argument("--markdown", help="also write the table to this file")
    parser.add_argument(
        "--any-volume",
        action="store_true",
        help=f"measure whatever is loaded (default: refuse below {NATIONAL_REVIEWS:,} reviews)",
    )
    args = parser.parse_args(argv)
    users = _choice(args.users, USERS, "users")
    pages = _choice(args.pages, PAGES, "pages")
    if args.runs < 1:
        raise SystemExit("--runs must be at least 1")
    configure()

    from django.conf import settings
    from django.db import DatabaseError, connection

    try:
        counts = volume()
    except DatabaseError as error:  # not migrated, or no database server
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}: {error}")
        counts = {"reviews": 0}
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}; DEBUG={settings.DEBUG}"
    )
    print("; ".join(f"{k}: {v:,}" for k, v in counts.items()))
    if counts["reviews"] < NATIONAL_REVIEWS and not args.any_volume:
        print(
            f"\nThis database has {counts['reviews']:,} reviews, not national volume "
            f"(at least {NATIONAL_REVIEWS:,}). Load it on PostgreSQL, then run again with "
            f"that DATABASE_URL:\n{LOAD_COMMANDS}\n"
            "(or pass --any-volume to measure what is there).",
            file=sys.stderr,
        )
        return 2
    rows = []
    for key in users:
        who = person(key)
        client = signed_in_client(who.user)
        ctx = context_for(who, client)
        print(
            f"{key}: {who.label} (period {ctx.period.asked_from}..{ctx.period.asked_to}, "
            f"counted {'..'.join(map(str, ctx.period.counted(who)))}); review {ctx.review_id}; "
            f"cells {ctx.cell_reviews_path} {ctx.cell_actions_path}",
            flush=True,
        )
        for page in pages:
            row = measure(page, ctx, client, runs=args.runs)
            rows.append(row)
            print(f"  {page}: p50 {row.p50:.1f} ms, floor {row.floor_p50:.2f} ms", flush=True)
    out = table(rows)
    print()
    print(f"runs {args.runs} after 2 warm-up; DEBUG off; Django test client in process")
    print(out)
    if args.markdown:
        Path(args.markdown).write_text(out + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
