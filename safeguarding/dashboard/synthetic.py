"""National synthetic volume for the dashboard's scale test.

Everything here is made up: titles such as "Child Q-1234" or "Adult R-55", generic case
text, and fictional names. The organisations are the real reference data (all 42 ICBs and
their safeguarding partnerships); the reviews, recommendations and actions attached to them
are not real. Every review has ``source="synthetic"`` and a ``source_id`` "syn-000001" ...

``generate()`` makes about ten years of national volume (at scale 1, about 7,000 reviews a
year: serious incident notifications, rapid reviews, a quarter of them converted into local
child safeguarding practice reviews, SARs, DHRs, LeDeR reviews and child death reviews),
with 1 to 3 primary and 0 to 3 secondary themes per review, recommendations and actions.
It is deterministic for a seed and a day: one ``random.Random(seed)`` is drawn from in a
fixed order, and dates are placed relative to ``today``.

This is a bulk load, not data entry:

* no audit rows are written (the product's services write one per change; 70,000 reviews
  and half a million recommendations and actions would be noise in the audit trail);
* the search index is not built for synthetic rows, and ``manage.py reindex`` skips them
  (``source="synthetic"``): they exist for the dashboard's volume, not to be searched;
* rows are written without ``save()``: every versioned row gets ``version=1`` and the
  timestamps are set here (when the review was entered, not when the load ran).

On PostgreSQL the rows are streamed with ``COPY ... FROM STDIN`` (psycopg 3) inside one
transaction; the primary keys of reviews and recommendations are allocated here (the tables
are locked against other writers for the duration, and the sequences moved on at the end).
On other databases (SQLite in development and tests) they are inserted with ``executemany``
in batches: ``bulk_create`` would overwrite the ``created_at`` and ``updated_at`` timestamps
with the time of the load.

``delete_synthetic()`` removes earlier synthetic data, and everything hanging off it, with
one SQL statement per table (following each model's ``on_delete``), not row by row.
"""

from __future__ import annotations

import bisect
import json
import math
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import connection, models, transaction
from django.utils import timezone

from safeguarding.actions.models import Action, Recommendation
from safeguarding.organisations.models import Organisation, Region
from safeguarding.reviews import demo, types
from safeguarding.reviews.models import Review, ReviewTheme
from safeguarding.themes.models import Theme
from safeguarding.themes.services import sync_default_themes
from safeguarding.timescales.calendar import add_months, england_and_wales

SOURCE = "synthetic"
DEFAULT_YEARS = 10
DEFAULT_SCALE = 1.0
DEFAULT_SEED = 1
CHUNK_REVIEWS = 5000  # reviews (and what hangs off them) written per round of COPY
INSERT_BATCH = 2000  # rows per executemany on databases other than PostgreSQL


class SyntheticDataError(Exception):
    """Synthetic data cannot be made or removed here (no ICBs, data in the way ...)."""


# --- volumes -------------------------------------------------------------------------------

# Reviews a year at scale 1 (England). LCSPRs are not planned: they are the rapid reviews
# converted (CONVERTED_SHARE of them, about 82 a year). LeDeR reviews and child death reviews
# make up the rest of about 7,000 a year, so that ten years come to about 70,000.
VOLUMES = {
    "sin": 400,
    "rapid": 330,
    "sar": 160,
    "dhr": 140,
    "dhr_child": 4,
    "leder": 3000,
}
CONVERTED_SHARE = 0.25
REVIEWS_PER_YEAR = 7000
VOLUMES["cdr"] = (
    REVIEWS_PER_YEAR - sum(VOLUMES.values()) - round(VOLUMES["rapid"] * CONVERTED_SHARE)
)

# How each type's volume moves over the years: the density of opening dates is
# proportional to 1 + growth * (t - 0.5) for t from 0 (first day) to 1 (today).
GROWTH = {"sin": -0.15, "sar": 0.5, "dhr": 0.2, "leder": 0.6, "cdr": -0.1}

# Share of reviews whose main statutory clock is missed (met late, or overdue while open).
LATE = {
    "sin": 0.15,
    "rapid": 0.3,
    "lcspr": 0.45,
    "sar": 0.35,
    "dhr_decision": 0.2,
    "dhr": 0.55,
    "leder": 0.25,
}
# Share of longer reviews that stall: never signed off (open and, in time, overdue).
STALLED = {"lcspr": 0.03, "sar": 0.03, "dhr": 0.04, "dhr_child": 0.04, "leder": 0.02}

GROUPS = {
    "sin": "child",
    "rapid": "child",
    "lcspr": "child",
    "ncspr": "child",
    "scr": "child",
    "sar": "adult",
    "dhr": "dhr",
    "dhr_child": "dhr",
    "leder": "leder",
    "cdr": "cdr",
}
CHILD_TYPES = {"sin", "rapid", "lcspr", "ncspr", "scr", "cdr", "dhr_child"}
PUBLISHED_TYPES = {"lcspr", "ncspr", "scr", "sar", "dhr", "dhr_child"}
LEDER_CHILD_SHARE = 0.1

# Recommendations a signed-off review makes: (counts, weights).
RECOMMENDATION_COUNTS = {
    "sin": ((0,), (1,)),
    "rapid": ((0, 1, 2, 3, 4), (10, 25, 30, 22, 13)),
    "lcspr": ((2, 3, 4, 5, 6), (10, 20, 30, 25, 15)),
    "sar": ((2, 3, 4, 5, 6), (10, 20, 30, 25, 15)),
    "dhr": ((2, 3, 4, 5, 6), (10, 20, 30, 25, 15)),
    "dhr_child": ((2, 3, 4, 5, 6), (10, 20, 30, 25, 15)),
    "leder": ((0, 1, 2, 3, 4, 5, 6), (6, 10, 16, 22, 20, 15, 11)),
    "cdr": ((0, 1, 2, 3, 4, 5, 6), (8, 12, 18, 22, 18, 13, 9)),
}
INTERIM_RECOMMENDATIONS = 0.2  # share of started, unsigned reviews with 1 or 2 already
ACTIONS_PER_RECOMMENDATION = ((1, 2, 3), (55, 35, 10))

# --- themes ---------------------------------------------------------------------------------

# How likely each theme is as a primary theme, by kind of review (others: BACKGROUND).
AFFINITY = {
    "child": {
        "neglect": 3,
        "physical-abuse": 2.5,
        "babies-infants": 2.5,
        "domestic-abuse": 2,
        "disguised-compliance": 1.5,
        "exploitation": 1.5,
        "sexual-abuse": 1.2,
        "think-family": 1.2,
        "emotional-abuse": 1,
        "mental-health": 1,
        "substance-misuse": 1,
        "voice-of-person": 1,
        "information-sharing": 1,
        "online-harm": 0.8,
        "education": 0.8,
        "suicide-self-harm": 0.8,
    },
    "adult": {
        "self-neglect": 3,
        "neglect": 2,
        "mental-capacity": 2,
        "organisational-abuse": 1.5,
        "mental-health": 1.5,
        "substance-misuse": 1.2,
        "financial-abuse": 1,
        "housing-homelessness": 1,
        "domestic-abuse": 1,
        "disability-complex-health": 1,
        "exploitation": 0.8,
        "physical-abuse": 0.8,
        "transitions": 0.8,
        "suicide-self-harm": 0.8,
        "modern-slavery": 0.3,
    },
    "dhr": {
        "domestic-abuse": 10,
        "risk-assessment": 1.5,
        "mental-health": 1.5,
        "substance-misuse": 1.5,
        "suicide-self-harm": 1,
        "think-family": 1,
        "physical-abuse": 0.8,
        "emotional-abuse": 0.8,
        "race-culture-identity": 0.6,
        "financial-abuse": 0.4,
    },
    "leder": {
        "learning-disability-autism": 10,
        "disability-complex-health": 3,
        "transitions": 1,
        "mental-capacity": 1,
        "record-keeping": 0.8,
        "mental-health": 0.7,
        "neglect": 0.5,
    },
    "cdr": {
        "babies-infants": 3,
        "disability-complex-health": 2,
        "neglect": 1.5,
        "suicide-self-harm": 1,
        "mental-health": 0.8,
        "physical-abuse": 0.6,
        "substance-misuse": 0.5,
        "exploitation": 0.4,
        "education": 0.4,
        "online-harm": 0.3,
    },
}
BACKGROUND = 0.15
PRACTICE_BOOST = 1.2  # secondary themes lean towards practice and system themes

# Multiplier of a theme's weight in the first and the last year (straight line between).
TRENDS = {
    "online-harm": (0.3, 2.0),
    "exploitation": (0.5, 1.8),
    "modern-slavery": (0.3, 1.6),
    "professional-curiosity": (0.5, 1.7),
    "mental-health": (0.7, 1.6),
    "suicide-self-harm": (0.7, 1.5),
    "housing-homelessness": (0.6, 1.6),
    "record-keeping": (1.6, 0.6),
    "training-awareness": (1.5, 0.7),
    "physical-abuse": (1.3, 0.8),
}

# Themes a region records more (or less) often, by NHS England region code.
REGION_EMPHASIS = {
    "Y56": {  # London
        "exploitation": 2.2,
        "race-culture-identity": 2.5,
        "housing-homelessness": 1.8,
        "modern-slavery": 1.8,
    },
    "Y63": {"substance-misuse": 2.0, "neglect": 1.6, "self-neglect": 1.5},  # NE and Yorkshire
    "Y62": {"self-neglect": 1.8, "domestic-abuse": 1.3, "mental-health": 1.5},  # North West
    "Y60": {"exploitation": 1.5, "think-family": 1.6, "financial-abuse": 1.8},  # Midlands
    "Y61": {"organisational-abuse": 2.0, "transitions": 1.6, "online-harm": 0.6},  # East
    "Y59": {"online-harm": 1.8, "mental-capacity": 1.7, "education": 1.5},  # South East
    "Y58": {"housing-homelessness": 1.5, "suicide-self-harm": 1.7, "self-neglect": 1.4},
}

# --- text -----------------------------------------------------------------------------------

CASE_TEXT = {
    "child": (
        "Synthetic record. A child known to several agencies was seriously harmed at home.",
        "Synthetic record. A baby was seen in hospital with injuries the parents could not "
        "explain.",
        "Synthetic record. A young person who had been missing from home was seriously hurt.",
        "Synthetic record. A child lived with neglect over a long period before referral.",
    ),
    "adult": (
        "Synthetic record. An adult living alone died after a long period of self-neglect.",
        "Synthetic record. An adult in a care setting was harmed by poor care.",
        "Synthetic record. An adult with care and support needs was exploited by others.",
    ),
    "dhr": (
        "Synthetic record. A person was killed by a current or former partner.",
        "Synthetic record. A person was killed by a family member who was also their carer.",
        "Synthetic record. A person died by suicide after domestic abuse.",
    ),
    "leder": (
        "Synthetic record. A person with a learning disability died in hospital.",
        "Synthetic record. An autistic person died of an illness diagnosed late.",
    ),
    "cdr": (
        "Synthetic record. A child died unexpectedly at home.",
        "Synthetic record. A child with complex health needs died in hospital.",
    ),
}
LEARNING_TEXT = {
    "child": (
        "Agencies held parts of the picture; nobody brought them together in time.",
        "Men in the household were not seen or assessed. Good practice: prompt escalation.",
    ),
    "adult": (
        "The person's choices were respected without assessing capacity. Good practice: "
        "persistent visiting.",
        "Concerns from relatives were an early warning that was not acted on.",
    ),
    "dhr": (
        "Disclosures of controlling behaviour did not lead to a risk assessment.",
        "The victim was never seen alone. Good practice: a timely referral to MARAC.",
    ),
    "leder": (
        "Reasonable adjustments were not offered. Good practice: the liaison nurse's support.",
        "The care plan did not move with the person when the provider changed.",
    ),
    "cdr": (
        "Modifiable factors identified; safe sleep advice to be repeated.",
        "No modifiable factors identified. Good practice: clear care planning.",
    ),
}
EXTRA_RECOMMENDATIONS = (
    demo.RecommendationText(
        "The partnership should seek assurance that supervision gives practitioners time to "
        "reflect on cases with several risks.",
        "reflective supervision",
        ("leadership-supervision",),
    ),
    demo.RecommendationText(
        "The partnership should share the learning from this review through a 7-minute "
        "briefing and a practitioner learning event.",
        "sharing the learning from reviews",
        ("training-awareness",),
    ),
    demo.RecommendationText(
        "Agencies should check that information is shared promptly when a person moves "
        "between areas or services.",
        "information sharing at transfer",
        ("information-sharing", "transitions"),
    ),
    demo.RecommendationText(
        "Agencies should make sure risk assessments are reviewed when circumstances change.",
        "reviewing risk assessments",
        ("risk-assessment",),
    ),
)
RECOMMENDATION_POOLS = {
    "child": demo.CHILD_RECOMMENDATIONS + EXTRA_RECOMMENDATIONS,
    "adult": demo.ADULT_RECOMMENDATIONS + EXTRA_RECOMMENDATIONS,
    "dhr": demo.DHR_RECOMMENDATIONS + EXTRA_RECOMMENDATIONS,
    "leder": demo.LEDER_RECOMMENDATIONS + EXTRA_RECOMMENDATIONS,
    "cdr": demo.CHILD_RECOMMENDATIONS + EXTRA_RECOMMENDATIONS,
}

# Action statuses by how long ago the action fell due: (statuses, weights). DHRs: only about
# a quarter of their recommendations are ever fully implemented.
STATUSES = (
    "completed",
    "closed_with_evidence",
    "not_accepted",
    "in_progress",
    "not_started",
    "ongoing",
)
STATUS_WEIGHTS = {
    # due over a year ago, due in the last year, not yet due
    "default": ((50, 33, 6, 5, 1, 5), (33, 20, 7, 20, 7, 13), (10, 4, 5, 40, 28, 13)),
    "dhr": ((18, 10, 10, 25, 10, 27), (12, 8, 10, 30, 15, 25), (6, 2, 6, 40, 30, 16)),
}
COMPLETED = {"completed", "closed_with_evidence"}


# --- results --------------------------------------------------------------------------------


@dataclass
class Result:
    reviews: int = 0
    recommendations: int = 0
    actions: int = 0
    review_themes: int = 0
    recommendation_themes: int = 0
    deleted: int = 0
    seconds: float = 0.0
    by_type: dict = field(default_factory=dict)

    def summary(self):
        return (
            f"Synthetic national data: {self.reviews:,} reviews, "
            f"{self.recommendations:,} recommendations, {self.actions:,} actions in "
            f"{self.seconds:.1f} s"
        )


def synthetic_reviews():
    return Review.objects.filter(source=SOURCE)


def synthetic_exists():
    return synthetic_reviews().exists()


def planned_count(review_type, years=DEFAULT_YEARS, scale=DEFAULT_SCALE, today=None):
    """How many reviews of a planned type ``generate`` makes (LCSPRs are conversions)."""
    start, today = window(years, today)
    return round(VOLUMES[review_type] * _span_years(start, today) * scale)


def window(years, today=None):
    """The first and last day: 1 January ``years - 1`` years back, to today."""
    today = today or timezone.localdate()
    return date(today.year - years + 1, 1, 1), today


def _span_years(start, today):
    return ((today - start).days + 1) / 365.25


# --- removing ---------------------------------------------------------------------------------


def _qn(name):
    return connection.ops.quote_name(name)


def _relations_to(model):
    """Foreign keys and one-to-ones pointing at ``model``, hidden ones included (as Django's
    deletion collector finds them): the dashboard's facts, many-to-many through tables."""
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_one or f.one_to_many)
    ]


def _delete_rows(cursor, model, where, params, seen=()):
    """Delete ``model`` rows matching ``where`` (SQL on its table) and what hangs off them,
    following each relation's ``on_delete``. Only quoted table and column names go into the
    SQL text; values are parameters. Returns the number of ``model`` rows deleted."""
    if model in seen:
        raise SyntheticDataError(f"Cannot follow the cascade into {model.__name__} twice")
    table, pk = _qn(model._meta.db_table), _qn(model._meta.pk.column)
    ids = f"SELECT {pk} FROM {table} WHERE {where}"  # noqa: S608
    for rel in _relations_to(model):
        related = rel.related_model
        column = _qn(rel.field.column)
        on_delete = rel.on_delete
        if related is model:
            # Synthetic rows referring to synthetic rows go together; others may not refer.
            referring = f"{column} IN ({ids}) AND NOT ({where})"
            if on_delete is models.SET_NULL:
                sql = f"UPDATE {table} SET {column} = NULL WHERE {referring}"  # noqa: S608
                cursor.execute(sql, params * 2)
            elif on_delete is not models.DO_NOTHING:
                cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {referring}", params * 2)  # noqa: S608
                if cursor.fetchone()[0]:
                    raise SyntheticDataError(
                        f"Other {model._meta.verbose_name_plural} refer to synthetic ones "
                        f"({rel.field.name}); change them first"
                    )
            continue
        rtable = _qn(related._meta.db_table)
        if on_delete is models.CASCADE:
            _delete_rows(cursor, related, f"{column} IN ({ids})", params, (*seen, model))
        elif on_delete is models.SET_NULL:
            sql = f"UPDATE {rtable} SET {column} = NULL WHERE {column} IN ({ids})"  # noqa: S608
            cursor.execute(sql, params)
        elif on_delete in (models.PROTECT, models.RESTRICT):
            cursor.execute(f"SELECT COUNT(*) FROM {rtable} WHERE {column} IN ({ids})", params)  # noqa: S608
            if cursor.fetchone()[0]:
                raise SyntheticDataError(
                    f"{related._meta.verbose_name_plural.capitalize()} refer to synthetic "
                    f"records ({rel.field.name}); remove them first"
                )
        elif on_delete is not models.DO_NOTHING:
            raise SyntheticDataError(f"Cannot remove: {related.__name__}.{rel.field.name}")
    cursor.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608
    return cursor.rowcount


def delete_synthetic():
    """Remove every synthetic review and everything hanging off it. Returns the number of
    reviews removed. Documents uploaded to synthetic reviews lose their database rows; their
    files stay in the documents storage."""
    with transaction.atomic(), connection.cursor() as cursor:
        return _delete_rows(cursor, Review, f"{_qn('source')} = %s", [SOURCE])


# --- reference data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Partnership:
    id: int
    ptype: str
    icb_id: int
    region_id: int | None
    owners: tuple  # (organisation id, kind): members and the ICB


class _Reference:
    """The organisations and themes, read once."""

    def __init__(self, seed):
        icbs = list(
            Organisation.objects.filter(kind=Organisation.Kind.ICB)
            .order_by("code", "pk")
            .values("pk", "code", "region_id")
        )
        if not icbs:
            raise SyntheticDataError(
                "There are no ICBs: load the reference data first (manage.py load_organisations)"
            )
        self.icbs = {icb["pk"]: icb for icb in icbs}
        kinds = dict(Organisation.objects.values_list("pk", "kind"))
        members = defaultdict(list)
        through = Organisation.members.through
        for from_id, to_id in through.objects.order_by("from_organisation_id", "pk").values_list(
            "from_organisation_id", "to_organisation_id"
        ):
            members[from_id].append(to_id)
        self.partnerships = defaultdict(list)  # (icb id, partnership type) -> [Partnership]
        self.by_icb = defaultdict(list)
        rows = (
            Organisation.objects.filter(kind=Organisation.Kind.PARTNERSHIP, icb_id__in=self.icbs)
            .order_by("pk")
            .values_list("pk", "partnership_type", "icb_id", "region_id")
        )
        for pk, ptype, icb_id, region_id in rows:
            owner_ids = sorted(set(members[pk]) | {icb_id})
            partnership = Partnership(
                pk,
                ptype,
                icb_id,
                region_id or self.icbs[icb_id]["region_id"],
                tuple((o, kinds[o]) for o in owner_ids),
            )
            self.partnerships[(icb_id, ptype)].append(partnership)
            self.by_icb[icb_id].append(partnership)
        if not self.by_icb:
            raise SyntheticDataError(
                "No ICB has a safeguarding partnership: reload the reference data "
                "(manage.py load_organisations)"
            )
        self.region_codes = dict(Region.objects.values_list("pk", "code"))
        if not Theme.objects.filter(active=True).exists():
            sync_default_themes()
        self.themes = dict(Theme.objects.filter(active=True).values_list("code", "pk"))
        self.theme_groups = dict(Theme.objects.filter(active=True).values_list("code", "group"))
        # Population-ish weights: more local authorities, more people; then some randomness.
        weights_rng = random.Random(f"{seed}:icb-weights")  # noqa: S311 - synthetic data
        las = {icb_id: len(self.partnerships[(icb_id, "scp")]) or 1 for icb_id in self.icbs}
        self.icb_weights = {
            icb_id: math.sqrt(las[icb_id]) * weights_rng.uniform(0.6, 1.5) for icb_id in self.icbs
        }
        self._icb_choices = {}

    def icb_choice(self, ptype):
        """(ICB ids, cumulative weights) of the ICBs with a partnership of this type."""
        if ptype not in self._icb_choices:
            ids = [
                i for i in self.icbs if (self.partnerships[(i, ptype)] if ptype else self.by_icb[i])
            ]
            if not ids:
                raise SyntheticDataError(
                    f"No ICB has a {ptype} partnership: reload the reference data"
                )
            cumulative, total = [], 0.0
            for i in ids:
                total += self.icb_weights[i]
                cumulative.append(total)
            self._icb_choices[ptype] = (ids, cumulative)
        return self._icb_choices[ptype]


# --- writing ------------------------------------------------------------------------------------


class _Table:
    """A table and the columns written to it; rows are dicts turned into tuples."""

    def __init__(self, model, *, with_id):
        self.model = model
        self.name = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.columns = [f.column for f in self.fields]
        self.defaults = {}
        self.json = []
        for index, f in enumerate(self.fields):
            if isinstance(f, models.JSONField):
                self.json.append(index)
            if f.has_default():
                self.defaults[f.attname] = f.get_default()
            elif f.null:
                self.defaults[f.attname] = None
        self.attnames = [f.attname for f in self.fields]
        self.rows = []

    def add(self, values):
        row = []
        for name in self.attnames:
            if name in values:
                row.append(values[name])
            elif name in self.defaults:
                row.append(self.defaults[name])
            else:
                raise SyntheticDataError(f"No value for {self.name}.{name}")
        for index in self.json:
            row[index] = json.dumps(row[index])
        self.rows.append(tuple(row))

    def add_tuple(self, row):
        """A row given in column order (for the narrow tables written most)."""
        self.rows.append(row)


class _CopyWriter:
    """PostgreSQL: COPY FROM STDIN through the raw psycopg 3 connection."""

    def __init__(self):
        connection.ensure_connection()
        self.raw = connection.connection

    def write(self, table):
        if not table.rows:
            return
        columns = ", ".join(_qn(c) for c in table.columns)
        with self.raw.cursor() as cursor:
            with cursor.copy(f"COPY {_qn(table.name)} ({columns}) FROM STDIN") as copy:
                for row in table.rows:
                    copy.write_row(row)
        table.rows = []


class _InsertWriter:
    """Other databases: executemany in batches, values prepared as Django would."""

    def __init__(self):
        self.prepared = {}

    def _preparers(self, table):
        if table.name not in self.prepared:
            self.prepared[table.name] = [
                (i, f)
                for i, f in enumerate(table.fields)
                if isinstance(f, models.DateField | models.BooleanField)
            ]
        return self.prepared[table.name]

    def write(self, table):
        if not table.rows:
            return
        preparers = self._preparers(table)
        columns = ", ".join(_qn(c) for c in table.columns)
        marks = ", ".join(["%s"] * len(table.columns))
        sql = f"INSERT INTO {_qn(table.name)} ({columns}) VALUES ({marks})"  # noqa: S608
        with connection.cursor() as cursor:
            for start in range(0, len(table.rows), INSERT_BATCH):
                batch = []
                for row in table.rows[start : start + INSERT_BATCH]:
                    row = list(row)
                    for index, f in preparers:
                        if row[index] is not None:
                            row[index] = f.get_db_prep_save(row[index], connection)
                    batch.append(row)
                cursor.executemany(sql, batch)
        table.rows = []


class _Ids:
    """Primary keys handed out here, so that rows can refer to each other before writing."""

    def __init__(self, model, postgres):
        self.model = model
        self.postgres = postgres
        table, pk = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({_qn(pk)}) FROM {_qn(table)}")  # noqa: S608
            self.next = (cursor.fetchone()[0] or 0) + 1
            self.sequence = None
            if postgres:
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
                self.sequence = cursor.fetchone()[0]
                if self.sequence:
                    cursor.execute("SELECT nextval(%s)", [self.sequence])
                    self.next = max(self.next, cursor.fetchone()[0])
        self.first = self.next

    def take(self):
        value = self.next
        self.next += 1
        return value

    def finish(self):
        """Move the sequence past the keys used (PostgreSQL; SQLite follows by itself)."""
        if self.sequence and self.next > self.first:
            with connection.cursor() as cursor:
                cursor.execute("SELECT setval(%s, %s)", [self.sequence, self.next - 1])


# --- the generator ------------------------------------------------------------------------------


def generate(
    *,
    years=DEFAULT_YEARS,
    scale=DEFAULT_SCALE,
    seed=DEFAULT_SEED,
    replace=False,
    today=None,
    out=None,
):
    """Fill the database with synthetic national volume; return a :class:`Result`.

    Refuses (``SyntheticDataError``) when there are no ICBs, or when synthetic data exists
    and ``replace`` is false. With ``replace`` the earlier synthetic data is removed first,
    in the same transaction.
    """
    if years < 1:
        raise SyntheticDataError("years must be at least 1")
    if scale <= 0:
        raise SyntheticDataError("scale must be more than 0")
    started = time.perf_counter()
    today = today or timezone.localdate()
    reference = _Reference(seed)
    result = Result()
    with transaction.atomic():
        postgres = connection.vendor == "postgresql"
        if postgres:
            with connection.cursor() as cursor:
                # Other writers wait until this commits: the keys handed out here stay free.
                tables = ", ".join(_qn(m._meta.db_table) for m in (Review, Recommendation))
                cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
        if synthetic_exists():
            if not replace:
                raise SyntheticDataError(
                    "Synthetic data is already loaded: use --replace to remove it and load it again"
                )
            result.deleted = delete_synthetic()
            if out:
                out(f"Removed {result.deleted:,} earlier synthetic reviews")
        builder = _Builder(reference, seed, years, scale, today, postgres, result, out)
        builder.run()
        if postgres:
            with connection.cursor() as cursor:
                for model in (Review, ReviewTheme, Recommendation, Action):
                    cursor.execute(f"ANALYZE {_qn(model._meta.db_table)}")
    result.seconds = time.perf_counter() - started
    return result


class _Builder:
    def __init__(self, reference, seed, years, scale, today, postgres, result, out):
        self.ref = reference
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.years = years
        self.scale = scale
        self.today = today
        self.T = today.toordinal()
        self.start, _ = window(years, today)
        self.now = timezone.now()
        self.postgres = postgres
        self.result = result
        self.out = out
        self.calendar = england_and_wales()
        low = self.start.toordinal() - 800
        high = self.T + 800
        self.working_days = [
            o for o in range(low, high) if self.calendar.is_working_day(date.fromordinal(o))
        ]
        self.review_ids = _Ids(Review, postgres)
        self.recommendation_ids = _Ids(Recommendation, postgres)
        self.reviews = _Table(Review, with_id=True)
        self.review_themes = _Table(ReviewTheme, with_id=False)
        self.recommendations = _Table(Recommendation, with_id=True)
        through = Recommendation.themes.through
        self.recommendation_themes = _Table(through, with_id=False)
        self.actions = _Table(Action, with_id=False)
        narrow = {
            self.review_themes: ["review_id", "theme_id", "is_primary"],
            self.recommendation_themes: ["recommendation_id", "theme_id"],
        }
        for table, expected in narrow.items():
            if table.attnames != expected:
                raise SyntheticDataError(f"Unexpected columns in {table.name}: {table.attnames}")
        self.tables = (
            self.reviews,
            self.review_themes,
            self.recommendations,
            self.recommendation_themes,
            self.actions,
        )
        self.writer = _CopyWriter() if postgres else _InsertWriter()
        self.theme_tables = {}
        self.counter = 0
        self.by_type = defaultdict(int)

    # dates as ordinals -----------------------------------------------------------------------

    def add_wd(self, o, n):
        """The ``n``th working day after ``o`` (as the calendar's add_working_days)."""
        return self.working_days[bisect.bisect_right(self.working_days, o) + n - 1]

    def sub_wd(self, o, n):
        """The ``n``th working day before ``o``."""
        return self.working_days[bisect.bisect_left(self.working_days, o) - n]

    @staticmethod
    def add_months(o, n):
        return add_months(date.fromordinal(o), n).toordinal()

    def between(self, low, high):
        return self.rng.randint(low, max(low, high))

    # the plan ------------------------------------------------------------------------------

    def plan(self):
        """(opening day, type) of every planned review, in date order."""
        span = self.T - self.start.toordinal()
        first = self.start.toordinal()
        planned = []
        for review_type, per_year in VOLUMES.items():
            count = round(per_year * _span_years(self.start, self.today) * self.scale)
            growth = GROWTH.get(review_type, 0.0)
            for _ in range(count):
                t = _inverse_linear(self.rng.random(), growth)
                planned.append((first + min(span, int(t * (span + 1))), review_type))
        order = {review_type: i for i, review_type in enumerate(VOLUMES)}
        planned.sort(key=lambda p: (p[0], order[p[1]]))
        return planned

    def run(self):
        planned = self.plan()
        if self.out:
            self.out(
                f"Generating {len(planned):,} reviews (and their conversions) from "
                f"{self.start:%-d %B %Y} to {self.today:%-d %B %Y}"
            )
        for done, (opening, review_type) in enumerate(planned, start=1):
            self.review(review_type, opening)
            if len(self.reviews.rows) >= CHUNK_REVIEWS:
                self.flush()
                if self.out:
                    self.out(f"  {done:,} of {len(planned):,} planned reviews written")
        self.flush()
        self.review_ids.finish()
        self.recommendation_ids.finish()
        self.result.by_type = dict(self.by_type)

    def flush(self):
        counts = {t.name: len(t.rows) for t in self.tables}
        for table in self.tables:
            self.writer.write(table)
        self.result.reviews += counts[self.reviews.name]
        self.result.review_themes += counts[self.review_themes.name]
        self.result.recommendations += counts[self.recommendations.name]
        self.result.recommendation_themes += counts[self.recommendation_themes.name]
        self.result.actions += counts[self.actions.name]

    # one review ------------------------------------------------------------------------------

    def review(self, review_type, opening):
        rng = self.rng
        child = review_type in CHILD_TYPES or (
            review_type == "leder" and rng.random() < LEDER_CHILD_SHARE
        )
        ptype = types.COMMISSIONED_BY[review_type] or ("scp" if child else "sab")
        ids, cumulative = self.ref.icb_choice(ptype)
        icb_id = rng.choices(ids, cum_weights=cumulative)[0]
        partnership = rng.choice(self.ref.partnerships[(icb_id, ptype)])
        title = f"{'Child' if child else 'Adult'} {rng.choice(demo.LETTERS)}-{rng.randint(1, 9999)}"
        dates = getattr(self, f"dates_{review_type}")(opening)
        review_id = self.emit(review_type, partnership, title, child, dates, None)
        if (
            review_type == "rapid"
            and dates.get("signed_off_date")
            and rng.random() < CONVERTED_SHARE
        ):
            lcspr = self.dates_lcspr(dates)
            if lcspr:
                self.emit("lcspr", partnership, title, child, lcspr, review_id)

    def emit(self, review_type, partnership, title, child, ordinals, converted_from):
        rng = self.rng
        dates = self.finish_dates(review_type, ordinals)
        errors = types.date_order_errors(dates, self.today)
        if errors:  # never expected: fail rather than load impossible dates
            raise SyntheticDataError(f"Impossible dates for a {review_type} review: {errors}")
        self.counter += 1
        self.by_type[review_type] += 1
        review_id = self.review_ids.take()
        source_id = f"syn-{self.counter:06d}"
        group = GROUPS[review_type]
        icb = self.ref.icbs[partnership.icb_id]
        region_code = self.ref.region_codes.get(partnership.region_id, "")
        signed_off = dates.get("signed_off_date")
        published = dates.get("published_date")
        started = dates.get("start_date") or dates.get("decision_date")
        known = [d for d in dates.values() if d]
        opened = dates.get("decision_date") or dates.get("notification_date") or max(known)
        row = {
            "id": review_id,
            "title": title,
            "review_type": review_type,
            "converted_from_id": converted_from,
            "partnership_id": partnership.id,
            "icb_id": partnership.icb_id,
            "region_id": partnership.region_id,
            "reference": f"SYN-{icb['code']}-{review_type.upper().replace('_', '')}-"
            f"{opened.year}-{self.counter:06d}",
            "source": SOURCE,
            "source_id": source_id,
            "source_data": {},
            "case_information": rng.choice(CASE_TEXT[group]),
            "learning_summary": rng.choice(LEARNING_TEXT[group]) if signed_off else "",
            "version": 1,
            **dates,
        }
        if review_type in {"sin", "rapid", "lcspr"} and rng.random() < 0.6:
            row["steis_number"] = f"SYN/{opened.year}/{rng.randint(1000, 99999)}"
        if rng.random() < 0.85:
            row["designated_professional"] = (
                f"{rng.choice(demo.FIRST_NAMES)} {rng.choice(demo.SURNAMES)}, designated nurse "
                f"for safeguarding {'children' if child else 'adults'}"
            )
        row["referral_source"] = self.referral_source(review_type, child)
        if review_type in demo.METHODS and started and rng.random() < 0.75:
            row["method"] = rng.choice(demo.METHODS[review_type])
        if review_type in PUBLISHED_TYPES and dates.get("start_date") and rng.random() < 0.8:
            row["independent_reviewer"] = (
                f"{rng.choice(demo.FIRST_NAMES)} {rng.choice(demo.SURNAMES)} (independent reviewer)"
            )
        if rng.random() < (0.4 if review_type == "sin" else 0.71):
            end = dates.get("incident_date") or opened
            row["scope_start"] = add_months(end, -rng.choice((6, 12, 18, 24, 36)))
            row["scope_end"] = end
        if review_type in {"dhr", "dhr_child"}:
            row["criminal_proceedings"] = (
                "concluded" if signed_off or rng.random() < 0.4 else "pending"
            )
        elif rng.random() < 0.3:
            row["criminal_proceedings"] = rng.choice(("none", "pending", "concluded"))
        if review_type in {"dhr", "dhr_child", "leder", "cdr", "sar"} and rng.random() < 0.6:
            row["inquest"] = "concluded" if signed_off else rng.choice(("pending", "concluded"))
        row["publication_status"] = self.publication_status(review_type, signed_off, published)
        if row["publication_status"] == Review.PublicationStatus.EMBARGOED:
            row["comments"] = "Publication held until criminal proceedings end."
        if published and rng.random() < 0.9:
            row["publication_url"] = (
                f"https://example.org/synthetic/{icb['code'].lower()}/{source_id}"
            )
        created = self.moment(opened, rng.randint(0, 10))
        row["created_at"] = created
        row["updated_at"] = max(created, self.moment(max(known), rng.randint(0, 3)))
        self.reviews.add(row)
        year_index = min(self.years - 1, max(0, opened.year - self.start.year))
        primary = self.themes(
            group, region_code, year_index, True, rng.choices((1, 2, 3), (35, 45, 20))[0]
        )
        count = rng.choices((0, 1, 2, 3), (25, 35, 25, 15))[0]
        secondary = self.themes(group, region_code, year_index, False, count, exclude=primary)
        for theme_id in primary:
            self.review_themes.add_tuple((review_id, theme_id, True))
        for theme_id in secondary:
            self.review_themes.add_tuple((review_id, theme_id, False))
        self.recommend(review_id, review_type, group, partnership, child, dates, primary)
        return review_id

    def moment(self, day, lag_days):
        """A time on ``day`` + ``lag_days`` (working hours, UTC), not after now."""
        day = min(day + timedelta(days=lag_days), self.today)
        seconds = self.rng.randint(8 * 3600, 18 * 3600)
        moment = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(seconds=seconds)
        return min(moment, self.now)

    def referral_source(self, review_type, child):
        rng = self.rng
        missing = 0.75 if review_type == "sar" else 0.2
        if rng.random() < missing:
            return ""
        if review_type in {"dhr", "dhr_child"}:
            key = "dhr"
        elif review_type == "leder":
            key = "leder"
        else:
            key = "child" if child else "adult"
        return rng.choice(demo.REFERRAL_SOURCES[key])

    def publication_status(self, review_type, signed_off, published):
        status = Review.PublicationStatus
        if published:
            return status.PUBLISHED
        if not signed_off:
            return status.NOT_YET
        if review_type not in PUBLISHED_TYPES:
            return status.NOT_FOR_PUBLICATION
        return self.rng.choices(
            (status.NOT_YET, status.EMBARGOED, status.NOT_FOR_PUBLICATION), (50, 35, 15)
        )[0]

    # dates (ordinals) by type -------------------------------------------------------------------

    def dates_sin(self, o):
        rng = self.rng
        late = rng.random() < LATE["sin"]
        k = rng.randint(6, 20) if late else rng.randint(0, 5)
        aware = self.sub_wd(o, k) if k else o
        return {
            "incident_date": aware - rng.choice((0, 0, 0, 1, 2, 5, 10)),
            "aware_date": aware,
            "notification_date": o,
            "panel_response_date": o + rng.randint(10, 35),
        }

    def dates_rapid(self, o):
        rng = self.rng
        aware = o - rng.randint(0, 5)
        late = rng.random() < LATE["rapid"]
        return {
            "incident_date": aware - rng.randint(0, 10),
            "aware_date": aware,
            "notification_date": o,
            "start_date": o + rng.randint(0, 3),
            "signed_off_date": self.add_wd(o, rng.randint(16, 45) if late else rng.randint(8, 15)),
        }  # the Panel's response follows sign-off: see finish_dates

    def dates_lcspr(self, rapid):
        """The LCSPR a rapid review became (None if the decision is still to come)."""
        rng = self.rng
        decision = rapid["signed_off_date"] + rng.randint(0, 21)
        if decision > self.T or rapid["signed_off_date"] > self.T:
            return None
        start = decision + rng.randint(7, 56)
        if rng.random() < LATE["lcspr"]:
            published = self.add_months(start, 6) + rng.randint(1, 300)
        else:
            published = self.between(start + 60, self.add_months(decision, 6))
        signed_off = start + int((published - start) * rng.uniform(0.6, 0.9))
        dates = {
            "incident_date": rapid["incident_date"],
            "decision_date": decision,
            "start_date": start,
            "signed_off_date": signed_off,
            "published_date": published,
        }
        return self._stall_or_hold("lcspr", dates)

    def dates_sar(self, o):
        rng = self.rng
        aware = o - rng.randint(0, 30)
        decision = o + rng.randint(14, 90)
        start = decision + rng.randint(7, 56)
        due = self.add_months(decision, 6)
        if rng.random() < LATE["sar"]:
            signed_off = due + rng.randint(1, 365)
        else:
            signed_off = self.between(start + 30, due)
        dates = {
            "incident_date": aware - rng.randint(0, 60),
            "aware_date": aware,
            "notification_date": o,
            "decision_date": decision,
            "start_date": start,
            "signed_off_date": signed_off,
            "published_date": signed_off + rng.randint(21, 150),
        }
        return self._stall_or_hold("sar", dates)

    def dates_dhr(self, o, review_type="dhr"):
        rng = self.rng
        aware = o - rng.randint(0, 14)
        if rng.random() < LATE["dhr_decision"]:
            decision = self.add_months(o, 1) + rng.randint(1, 60)
        else:
            decision = o + rng.randint(7, 28)
        start = decision + rng.randint(14, 90)
        due = self.add_months(decision, 6)
        if rng.random() < LATE["dhr"]:
            signed_off = due + rng.randint(1, 540)
        else:
            signed_off = self.between(start + 30, due)
        dates = {
            "incident_date": aware - rng.randint(0, 7),
            "aware_date": aware,
            "notification_date": o,
            "decision_date": decision,
            "start_date": start,
            "signed_off_date": signed_off,
            "published_date": signed_off + rng.randint(60, 300),
        }
        return self._stall_or_hold(review_type, dates)

    def dates_dhr_child(self, o):
        return self.dates_dhr(o, "dhr_child")

    def dates_leder(self, o):
        rng = self.rng
        start = o + rng.randint(14, 90)
        due = self.add_months(o, 6)
        if rng.random() < LATE["leder"]:
            signed_off = due + rng.randint(1, 300)
        else:
            signed_off = self.between(start + 14, due)
        dates = {
            "incident_date": o - rng.randint(3, 30),
            "notification_date": o,
            "start_date": start,
            "signed_off_date": signed_off,
        }
        return self._stall_or_hold("leder", dates)

    def dates_cdr(self, o):
        rng = self.rng
        start = o + rng.randint(14, 60)
        return {
            "incident_date": o - rng.randint(0, 5),
            "notification_date": o,
            "start_date": start,
            "signed_off_date": start + rng.randint(60, 420),
        }

    def _stall_or_hold(self, review_type, dates):
        rng = self.rng
        if rng.random() < STALLED.get(review_type, 0):
            dates["signed_off_date"] = dates["published_date"] = None
        elif "published_date" in dates and rng.random() < 0.15:
            dates["published_date"] = None  # signed off, not (yet) published
        return dates

    def finish_dates(self, review_type, ordinals):
        """Dates that have happened by today, some left out as trackers often do."""
        rng = self.rng
        if review_type == "rapid" and ordinals.get("signed_off_date"):
            ordinals["panel_response_date"] = ordinals["signed_off_date"] + rng.randint(7, 30)
        dates = {}
        stopped = False
        for name, _label in types.DATE_FIELDS:
            value = ordinals.get(name)
            if value is None:
                continue
            if stopped or value > self.T:
                stopped = True
                continue
            dates[name] = value
        panel = ordinals.get("panel_response_date")
        if panel is not None and panel <= self.T and "notification_date" in dates:
            if review_type == "sin" or "signed_off_date" in dates:
                dates["panel_response_date"] = panel
        if review_type != "sin":
            if "aware_date" in dates and rng.random() < 0.3:
                del dates["aware_date"]
            if "incident_date" in dates and rng.random() < 0.08:
                del dates["incident_date"]
            if "start_date" in dates and rng.random() < 0.55:
                del dates["start_date"]
            if "decision_date" in dates and review_type != "lcspr" and rng.random() < 0.05:
                del dates["decision_date"]
        return {name: date.fromordinal(value) for name, value in dates.items()}

    # themes ------------------------------------------------------------------------------------

    def theme_table(self, group, region_code, year_index, primary):
        key = (group, region_code, year_index, primary)
        table = self.theme_tables.get(key)
        if table is None:
            affinity = AFFINITY[group]
            emphasis = REGION_EMPHASIS.get(region_code, {})
            t = year_index / max(1, self.years - 1)
            ids, cumulative, total = [], [], 0.0
            for code, theme_id in sorted(self.ref.themes.items()):
                weight = affinity.get(code, BACKGROUND)
                if not primary:
                    weight = 0.5 * weight + BACKGROUND
                    if self.ref.theme_groups[code] in ("Practice", "System"):
                        weight += PRACTICE_BOOST
                first, last = TRENDS.get(code, (1.0, 1.0))
                weight *= first + (last - first) * t
                weight *= emphasis.get(code, 1.0)
                total += weight
                ids.append(theme_id)
                cumulative.append(total)
            table = self.theme_tables[key] = (ids, cumulative)
        return table

    def themes(self, group, region_code, year_index, primary, count, exclude=()):
        ids, cumulative = self.theme_table(group, region_code, year_index, primary)
        count = min(count, len(ids) - len(exclude))
        chosen = []
        while len(chosen) < count:
            theme_id = self.rng.choices(ids, cum_weights=cumulative)[0]
            if theme_id not in chosen and theme_id not in exclude:
                chosen.append(theme_id)
        return chosen

    # recommendations and actions ---------------------------------------------------------------

    def recommend(self, review_id, review_type, group, partnership, child, dates, primary):
        rng = self.rng
        signed_off = dates.get("signed_off_date")
        if signed_off:
            counts, weights = RECOMMENDATION_COUNTS[review_type]
            count = rng.choices(counts, weights)[0]
            base = signed_off
        elif review_type != "sin" and dates.get("start_date"):
            count = rng.randint(1, 2) if rng.random() < INTERIM_RECOMMENDATIONS else 0
            base = dates["start_date"]
        else:
            return
        if not count:
            return
        pool = RECOMMENDATION_POOLS[group]
        forum = demo.FORUMS.get(partnership.ptype, demo.FORUMS["scp"])
        owners = partnership.owners
        icb_owner = next((o for o in owners if o[0] == partnership.icb_id), None)
        for number, template in enumerate(rng.sample(pool, min(count, len(pool))), start=1):
            recommendation_id = self.recommendation_ids.take()
            created = self.moment(base, rng.randint(0, 20))
            self.recommendations.add(
                {
                    "id": recommendation_id,
                    "review_id": review_id,
                    "number": str(number),
                    "text": template.text,
                    "created_at": created,
                    "version": 1,
                }
            )
            codes = list(template.themes[: rng.choice((0, 1, 1, 2, 2))])
            theme_ids = [self.ref.themes[c] for c in codes if c in self.ref.themes]
            if primary and rng.random() < 0.4:
                theme_ids = [rng.choice(primary), *theme_ids][:2]
            for theme_id in dict.fromkeys(theme_ids):
                self.recommendation_themes.add_tuple((recommendation_id, theme_id))
            counts, weights = ACTIONS_PER_RECOMMENDATION
            for _ in range(rng.choices(counts, weights)[0]):
                owner = icb_owner if icb_owner and rng.random() < 0.5 else rng.choice(owners)
                self.action(recommendation_id, group, base, created, owner, forum, child, template)

    def action(self, recommendation_id, group, base, created, owner, forum, child, template):
        rng = self.rng
        today = self.today
        due = base + timedelta(days=rng.randint(30, 400))
        overdue_by = (today - due).days
        tables = STATUS_WEIGHTS["dhr" if group == "dhr" else "default"]
        weights = tables[0] if overdue_by > 365 else tables[1] if overdue_by > 0 else tables[2]
        status = rng.choices(STATUSES, weights)[0]
        n = rng.randint(10, 40)
        words = {"topic": template.topic, "forum": forum, "n": n, "pct": rng.randint(60, 95)}
        description, evidence = rng.choice(demo.ACTION_TEXTS)
        owner_id, owner_kind = owner
        leads = demo.LEADS.get(owner_kind, {}).get(child, ("Safeguarding lead",))
        created_day = created.date()
        row = {
            "recommendation_id": recommendation_id,
            "description": description.format(**words),
            "owner_id": owner_id,
            "lead": rng.choice(leads),
            "due_date": due,
            "status": status,
            "created_at": created,
            "updated_at": created,
            "version": 1,
        }
        if status in COMPLETED:
            high = max(created_day, min(today, due + timedelta(days=90)))
            completed = created_day + timedelta(days=rng.randint(0, (high - created_day).days))
            row["completed_date"] = completed
            row["updated_at"] = max(created, self.moment(completed, 0))
            row["evidence_of_completion"] = evidence.format(**words)
            if status == "closed_with_evidence" or rng.random() < 0.4:
                row["evidence_of_impact"] = rng.choice(demo.IMPACT_EVIDENCE).format(**words)
            row["rag"] = "green"
        elif status == "not_accepted":
            row["not_accepted_reason"] = rng.choice(demo.NOT_ACCEPTED_REASONS).format(**words)
        elif overdue_by > 0:
            row["rag"] = rng.choices(("red", "amber"), (7, 3))[0]
        else:
            row["rag"] = rng.choices(("green", "amber", "red", ""), (55, 30, 10, 5))[0]
        self.actions.add(row)


def _inverse_linear(u, growth):
    """The t in [0, 1] where a density proportional to 1 + growth * (t - 0.5) has mass u."""
    if abs(growth) < 1e-9:
        return u
    a = growth / 2
    b = 1 - growth / 2
    return (-b + math.sqrt(b * b + 4 * a * u)) / (2 * a)
