"""Synthetic demo data: demo users, reviews, recommendations and actions.

Everything here is made up. Titles are anonymised letters ("Child T", "Ms D"), the case
information describes invented circumstances in general terms, and every person's name
(demo users, designated professionals, independent reviewers) uses an obviously fictional
surname such as "Example" or "Placeholder". The organisations are the real reference data,
because the product needs them; the reviews attached to them are not real.

``generate()`` creates everything through the same services people use (as the ``admin``
demo user), so audit rows and record versions are exactly what the product would write. It
is deterministic for a seed and a day: each review draws from its own
``random.Random(f"{seed}:{source_id}")``, and dates are chosen relative to
``timezone.localdate()`` so that some statutory clocks are on track, some due soon, some
overdue and some met late whenever it runs. Running it again updates the demo users'
passwords and skips reviews that already exist (matched on ``source="demo"`` and
``source_id``). Demo users cannot be created when DEBUG is off.
"""

from __future__ import annotations

import base64
import hashlib
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts.models import User
from safeguarding.accounts.services import create_demo_user
from safeguarding.actions import services as action_services
from safeguarding.actions.models import Action
from safeguarding.organisations.models import Organisation, Region
from safeguarding.organisations.reference import NATIONAL_BODY_NAME, load_reference_data
from safeguarding.themes.models import Theme
from safeguarding.timescales import clocks
from safeguarding.timescales.calendar import add_months, england_and_wales

from . import services, types
from .models import Dissemination, Review

SOURCE = "demo"
DEFAULT_SEED = 2024
DEFAULT_COUNT = 100
DEMO_DEVICE_NAME = "Demo authenticator"
TOTP_KEY_PREFIX = "safeguarding-demo-totp:"


class DemoDataError(Exception):
    """Demo data cannot be made here (DEBUG is off, or reference data is missing)."""


# --- demo users --------------------------------------------------------------------------

ICB_A = "NHS Lancashire and South Cumbria Integrated Care Board"  # North West, Y62
ICB_B = "NHS Kent and Medway Integrated Care Board"  # South East, Y59
REGION_CODE = "Y62"  # North West: the region of icb-a


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    scope_level: str
    icb_name: str = ""
    region_code: str = ""

    @property
    def needs_device(self):
        return self.role == User.Role.ADMIN or self.scope_level == User.ScopeLevel.NATIONAL


DEMO_USERS = (
    DemoUser(
        "icb-a", "Amira", "Example", User.Role.DATA_INPUT, User.ScopeLevel.ORGANISATION, ICB_A
    ),
    DemoUser("icb-b", "Ben", "Sample", User.Role.DATA_INPUT, User.ScopeLevel.ORGANISATION, ICB_B),
    DemoUser(
        "region",
        "Carys",
        "Specimen",
        User.Role.OVERSIGHT,
        User.ScopeLevel.REGION,
        region_code=REGION_CODE,
    ),
    DemoUser("national", "Dev", "Placeholder", User.Role.OVERSIGHT, User.ScopeLevel.NATIONAL),
    DemoUser("admin", "Eve", "Testwell", User.Role.ADMIN, User.ScopeLevel.NATIONAL),
)
DEMO_USERNAMES = tuple(u.username for u in DEMO_USERS)


def require_debug():
    if not settings.DEBUG:
        raise DemoDataError(
            "Demo data and demo users are for a development set-up only: DEBUG is off"
        )


def demo_totp_key(username):
    """The fixed hex key of a demo user's authenticator: 20 bytes derived from the name."""
    digest = hashlib.sha1(f"{TOTP_KEY_PREFIX}{username}".encode(), usedforsecurity=False)
    return digest.hexdigest()[:40]


def demo_totp_secret(username):
    """The same key in base32, as an authenticator app takes it."""
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode()


def demo_device(user):
    return TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME, confirmed=True).first()


def current_demo_code(user):
    """The six-digit code a demo user's authenticator would show now."""
    device = demo_device(user)
    if device is None:
        raise DemoDataError(f"{user.get_username()} has no demo authenticator")
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{token:0{device.digits}d}"


def _icb(name):
    icb = Organisation.objects.filter(kind=Organisation.Kind.ICB, name=name).first()
    if icb is None:
        raise DemoDataError(f"{name} is not loaded: run `python manage.py load_organisations`")
    return icb


def ensure_reference_data():
    if not Organisation.objects.filter(kind=Organisation.Kind.ICB).exists():
        load_reference_data()


def ensure_demo_users(password):
    """Create or update the five demo users (and the two demo authenticators)."""
    require_debug()
    ensure_reference_data()
    taken = User.objects.filter(username__in=DEMO_USERNAMES, is_demo=False)
    if taken.exists():
        names = ", ".join(sorted(u.username for u in taken))
        raise DemoDataError(f"Not changing {names}: not demo users (made by someone else)")
    national_body = Organisation.objects.filter(
        kind=Organisation.Kind.NATIONAL, name=NATIONAL_BODY_NAME
    ).first()
    users = {}
    for spec in DEMO_USERS:
        fields = {
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": f"{spec.username}@example.org",
            "role": spec.role,
            "scope_level": spec.scope_level,
            "organisation": None,
            "region": None,
            "is_active": True,
        }
        if spec.icb_name:
            icb = _icb(spec.icb_name)
            fields.update(organisation=icb, region=icb.region)
        elif spec.region_code:
            region = Region.objects.filter(code=spec.region_code).first()
            if region is None:
                raise DemoDataError(f"Region {spec.region_code} is not loaded")
            fields["region"] = region
        else:
            fields["organisation"] = national_body
        user = create_demo_user(spec.username, password, **fields)
        if spec.needs_device:
            _ensure_device(user)
        users[spec.username] = user
    return users


def _ensure_device(user):
    key = demo_totp_key(user.username)
    device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).first()
    if device is None:
        device = TOTPDevice(user=user, name=DEMO_DEVICE_NAME)
    if device.key != key or not device.confirmed:
        device.key = key
        device.confirmed = True
        device.last_t = -1
        device.save()
    # The sign-in uses the person's confirmed device: keep the demo one the only one.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return device


# --- where the reviews are ---------------------------------------------------------------

# ICBs in seven regions; icb-a and icb-b carry most of the records.
ICB_WEIGHTS = (
    (ICB_A, 5),
    (ICB_B, 3),
    ("NHS Greater Manchester Integrated Care Board", 2),  # North West, with icb-a
    ("NHS West Yorkshire Integrated Care Board", 2),  # North East and Yorkshire
    ("NHS Birmingham and Solihull Integrated Care Board", 2),  # Midlands
    ("NHS North East London Integrated Care Board", 2),  # London
    ("NHS Devon Integrated Care Board", 1),  # South West
    ("NHS Norfolk and Waveney Integrated Care Board", 1),  # East of England
)

COMBOS = tuple(
    (review_type, stage)
    for review_type in types.REVIEW_TYPES
    for stage in (types.NOT_STARTED.code, *types.STAGE_PATHS[review_type])
)

# The dates a complete review of each type has, in the order they happen.
SEQUENCES = {
    "sin": ("incident_date", "aware_date", "notification_date", "panel_response_date"),
    "rapid": (
        "incident_date",
        "aware_date",
        "notification_date",
        "start_date",
        "signed_off_date",
        "panel_response_date",
    ),
    "lcspr": ("incident_date", "decision_date", "start_date", "signed_off_date", "published_date"),
    "ncspr": ("incident_date", "decision_date", "start_date", "signed_off_date", "published_date"),
    "scr": ("incident_date", "decision_date", "start_date", "signed_off_date", "published_date"),
    "sar": (
        "incident_date",
        "aware_date",
        "notification_date",
        "decision_date",
        "start_date",
        "signed_off_date",
        "published_date",
    ),
    "leder": ("incident_date", "notification_date", "start_date", "signed_off_date"),
    "cdr": ("incident_date", "notification_date", "start_date", "signed_off_date"),
}
SEQUENCES["dhr"] = SEQUENCES["dhr_child"] = SEQUENCES["sar"]

# Calendar days between a date and the one before it in the sequence.
GAPS = {
    "aware_date": (0, 10),
    "notification_date": (1, 8),
    "decision_date": (14, 60),
    "start_date": (7, 56),
    "signed_off_date": (120, 300),
    "published_date": (21, 150),
    "panel_response_date": (10, 35),
}
TYPE_GAPS = {
    ("sin", "aware_date"): (0, 3),
    ("sin", "notification_date"): (1, 9),
    ("rapid", "start_date"): (0, 3),
    ("rapid", "signed_off_date"): (12, 28),
    ("rapid", "panel_response_date"): (7, 30),
    ("lcspr", "decision_date"): (20, 70),
    ("lcspr", "signed_off_date"): (90, 220),
    ("ncspr", "decision_date"): (30, 120),
    ("scr", "decision_date"): (20, 90),
    ("scr", "signed_off_date"): (240, 700),
    ("leder", "notification_date"): (3, 30),
    ("leder", "start_date"): (14, 90),
    ("leder", "signed_off_date"): (60, 220),
    ("cdr", "notification_date"): (0, 5),
    ("cdr", "start_date"): (14, 60),
    ("cdr", "signed_off_date"): (60, 300),
    ("dhr", "decision_date"): (14, 45),
    ("dhr_child", "decision_date"): (14, 45),
    ("dhr", "published_date"): (60, 240),
    ("dhr_child", "published_date"): (60, 240),
}
SCR_DECIDED = (date(2017, 6, 1), date(2019, 9, 20))  # serious case reviews ended in 2019
RUNNING = (clocks.OVERDUE, clocks.ON_TRACK, clocks.DUE_SOON)
MET = (clocks.MET, clocks.MET_LATE, clocks.MET)


def fields_for(review_type, stage):
    """The date fields a review of this type at this stage has (before any are left out)."""
    if stage == types.NOT_STARTED.code:
        return ()
    path = types.STAGE_PATHS[review_type]
    sequence = SEQUENCES[review_type]
    index = path.index(stage)
    if index + 1 == len(path):
        return sequence
    next_field = types.STAGES[path[index + 1]].date_field
    return sequence[: sequence.index(next_field)]


def has_recommendations(review_type, stage):
    """Reviews at or beyond sign-off make recommendations."""
    path = types.STAGE_PATHS[review_type]
    return (
        stage != types.NOT_STARTED.code
        and "signed_off" in path
        and path.index(stage) >= path.index("signed_off")
    )


def _gap(rng, review_type, name):
    low, high = TYPE_GAPS.get((review_type, name), GAPS[name])
    return timedelta(days=rng.randint(low, high))


def _sub_working_days(day, n):
    calendar = england_and_wales()
    while n > 0:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            n -= 1
    return day


def _main_target(review_type, fields):
    """The clock that matters most: the latest one whose start date the review has."""
    for target in reversed(clocks.DEFAULT_TARGETS.get(review_type, ())):
        start = next((f for f in target.start_fields if f in fields), None)
        if start:
            return target, start
    return None, None


def _fill_back(rng, review_type, fields, dates):
    """Dates for ``fields`` (in order) that come before the first date already set."""
    later = None
    for name in reversed(fields):
        if name in dates:
            later = name
            continue
        dates[name] = dates[later] - _gap(rng, review_type, later)
        later = name


def _fill_forward(rng, review_type, fields, dates, today):
    earlier = None
    for name in fields:
        if name not in dates:
            dates[name] = min(dates[earlier] + _gap(rng, review_type, name), today)
        earlier = name


def _running_start(rng, target, want, today):
    """The start date that puts a running clock at ``want`` today."""
    calendar = england_and_wales()
    latest_due = clocks.due_date(today, target.amount, target.unit)
    room = calendar.working_days_between(today, latest_due) - 1
    if want == clocks.ON_TRACK and room >= 6:
        due = calendar.add_working_days(today, rng.randint(6, room))
    elif want in (clocks.ON_TRACK, clocks.DUE_SOON):
        due = calendar.add_working_days(today, rng.randint(0, min(5, room)))
    else:
        longest = 25 if target.unit == clocks.WORKING_DAYS else 120
        due = today - timedelta(days=rng.randint(1, longest))
    if target.unit == clocks.WORKING_DAYS:
        start = _sub_working_days(due, target.amount)
    elif target.unit == clocks.MONTHS:
        start = add_months(due, -target.amount)
    else:
        start = due - timedelta(days=target.amount)
    return min(start, today)


def _met_dates(rng, review_type, fields, target, start_field, want, today, age):
    """Dates where the main clock is met (on time or late) and the last is ``age`` days ago."""
    start_at = fields.index(start_field)
    met_at = fields.index(target.met_field)
    between = fields[start_at + 1 : met_at]
    after = fields[met_at + 1 :]
    fraction = rng.uniform(0.3, 0.95)
    late = rng.randint(1, 12 if target.unit == clocks.WORKING_DAYS else 90)
    positions = sorted(rng.random() for _ in between)
    gaps_after = [_gap(rng, review_type, name) for name in after]

    def place(start):
        due = clocks.due_date(start, target.amount, target.unit)
        if want == clocks.MET_LATE:
            met = due + timedelta(days=late)
        else:
            met = start + timedelta(days=int((due - start).days * fraction))
        dates = {start_field: start, target.met_field: met}
        for name, position in zip(between, positions, strict=True):
            dates[name] = start + timedelta(days=int((met - start).days * position))
        previous = met
        for name, gap in zip(after, gaps_after, strict=True):
            previous = dates[name] = previous + gap
        return dates

    probe = today - timedelta(days=3650)
    span = (max(place(probe).values()) - probe).days
    start = today - timedelta(days=age + span)
    for _ in range(5):
        dates = place(start)
        overshoot = (max(dates.values()) - today).days
        if overshoot <= 0:
            break
        start -= timedelta(days=overshoot)
    _fill_back(rng, review_type, fields[: start_at + 1], dates)
    return dates


def _dates_once(rng, review_type, fields, target, start_field, want, completed, today):
    age = rng.randint(14, 700) if completed else rng.randint(3, 150)
    dates = {}
    if review_type == "scr" and "decision_date" in fields:
        low, high = SCR_DECIDED
        dates["decision_date"] = low + timedelta(days=rng.randint(0, (high - low).days))
        _fill_back(rng, review_type, fields[: fields.index("decision_date") + 1], dates)
        _fill_forward(rng, review_type, fields, dates, today)
    elif target is not None and target.met_field in fields:
        dates = _met_dates(rng, review_type, fields, target, start_field, want, today, age)
    elif target is not None:
        dates[start_field] = _running_start(rng, target, want, today)
        _fill_back(rng, review_type, fields[: fields.index(start_field) + 1], dates)
        _fill_forward(rng, review_type, fields, dates, today)
    else:
        probe = {fields[0]: today - timedelta(days=3650)}
        _fill_forward(rng, review_type, fields, probe, today)
        shift = today - timedelta(days=age) - probe[fields[-1]]
        dates = {name: value + shift for name, value in probe.items()}
    return dates


def build_dates(rng, review_type, stage, variant, today):
    """Ordered past dates for a review at ``stage``.

    ``variant`` picks how its main clock stands today: on track, due soon or overdue while
    it runs; met or met late once the milestone is reached.
    """
    fields = fields_for(review_type, stage)
    if not fields:
        return {}
    completed = stage == types.STAGE_PATHS[review_type][-1]
    target, start_field = _main_target(review_type, fields)
    if target is not None and target.met_field in fields:
        want = MET[variant % len(MET)]
    else:
        want = RUNNING[variant % len(RUNNING)]
        if want == clocks.ON_TRACK and target is not None and target.amount <= 5:
            want = clocks.DUE_SOON  # a five-working-day clock is "due soon" once it starts
    dates = {}
    for _ in range(40):
        dates = _dates_once(rng, review_type, fields, target, start_field, want, completed, today)
        if types.date_order_errors(dates, today=today):
            continue
        if target is None or review_type == "scr":
            break
        status = next(
            c.status
            for c in clocks.evaluate(review_type, dates, today)
            if c.milestone == target.milestone
        )
        if status == want:
            break
    if types.date_order_errors(dates, today=today):  # never seen; fail rather than mislead
        raise DemoDataError(f"Could not place the dates of a {review_type} review at {stage}")
    # Some dates that S-CRT records are often missing; leave a few out.
    if review_type != "sin" and "aware_date" in dates and rng.random() < 0.3:
        del dates["aware_date"]
    if review_type != "sin" and "incident_date" in dates and rng.random() < 0.08:
        del dates["incident_date"]
    return dates


# --- what the reviews say ----------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    prefix: str  # "Child", "Ms" ...: the title is the prefix and a letter
    text: str
    primary: tuple[str, ...]
    other: tuple[str, ...]
    learning: str
    death: bool = False
    child: bool = True


CHILD_SCENARIOS = (
    Scenario(
        "Baby",
        "A seven-month-old baby was taken to hospital with a skull fracture and bruising that "
        "the parents could not explain. The family had moved into the area shortly before the "
        "birth and the health visiting records had not followed them. The mother's partner was "
        "rarely seen by professionals.",
        ("babies-infants", "physical-abuse", "think-family"),
        ("information-sharing", "transitions"),
        "Bruising in a baby who is not yet mobile must always lead to a referral. Men in the "
        "household were invisible to services. Good practice: the emergency department nurse "
        "followed the bruising protocol and escalated the same day.",
    ),
    Scenario(
        "Child",
        "A six-year-old was found alone at home in poor conditions after neighbours raised "
        "concerns. Several health appointments had been missed and school had recorded low "
        "attendance for over a year. The parent was struggling with alcohol use.",
        ("neglect", "disguised-compliance"),
        ("substance-misuse", "education"),
        "Missed appointments were treated as the parent's choice rather than as the child "
        "'not being brought'. Good practice: the school attendance officer kept visiting and "
        "recorded what the child said.",
    ),
    Scenario(
        "Young person",
        "A fifteen-year-old was seriously injured in a knife assault away from home. In the "
        "months before, the young person had been missing several times, had been excluded "
        "from school and was thought to be carrying drugs for older men.",
        ("exploitation", "education"),
        ("risk-assessment", "multi-agency-working"),
        "Each missing episode was handled on its own; nobody brought together the pattern of "
        "exploitation. Good practice: a youth worker built a trusting relationship and "
        "stayed in touch.",
    ),
    Scenario(
        "Baby",
        "A three-month-old baby died unexpectedly while sharing a sofa with a parent who had "
        "been drinking. Safe sleep advice had been given at birth but was not revisited when "
        "the family's circumstances changed.",
        ("babies-infants", "neglect"),
        ("substance-misuse", "think-family"),
        "Safe sleep advice needs repeating when things change for a family, and should "
        "include both parents. Good practice: the midwife's record of the advice was clear.",
        death=True,
    ),
    Scenario(
        "Child",
        "A twelve-year-old was groomed online by an adult who persuaded the child to share "
        "images and then to meet. School had noticed a change in behaviour and the child had "
        "told the school nurse about self-harm.",
        ("online-harm", "sexual-abuse"),
        ("suicide-self-harm", "voice-of-person"),
        "The child's changed behaviour was seen as adolescence rather than a sign of harm. "
        "Good practice: the school nurse listened, recorded the child's words and referred "
        "promptly.",
    ),
    Scenario(
        "Child",
        "A four-year-old was hurt during an incident of domestic abuse between the adults in "
        "the home. There had been several police call-outs, but the child was not always "
        "recorded as present and the information did not reach the health visitor or nursery.",
        ("domestic-abuse", "physical-abuse", "information-sharing"),
        ("think-family",),
        "Children living with domestic abuse are victims in their own right and must be "
        "recorded as present. Good practice: the nursery kept a careful chronology.",
    ),
    Scenario(
        "Child",
        "A nine-year-old with complex health needs and little speech was found to have "
        "untreated pressure sores and weight loss. The community nursing team had not seen the "
        "child for several months because visits were cancelled by the family.",
        ("disability-complex-health", "neglect", "voice-of-person"),
        ("disguised-compliance",),
        "Disabled children who cannot tell us what is happening need to be seen and their "
        "lived experience observed. Good practice: the special school raised concerns early.",
    ),
)

ADULT_SCENARIOS = (
    Scenario(
        "Mr",
        "A man in his sixties who lived alone died at home after a long period of "
        "self-neglect. He had often declined help from his GP and adult social care, and his "
        "home was in a very poor state. Professionals assumed he had capacity to make these "
        "choices without assessing it.",
        ("self-neglect", "mental-capacity", "professional-curiosity"),
        ("housing-homelessness",),
        "Respecting a person's choices must go with a proper mental capacity assessment and "
        "a shared plan when risk is high. Good practice: the district nurse kept visiting.",
        death=True,
        child=False,
    ),
    Scenario(
        "Mrs",
        "An older woman living with dementia in a nursing home developed severe pressure "
        "ulcers and died in hospital. Relatives had raised concerns about staffing and care at "
        "the home before.",
        ("organisational-abuse", "neglect"),
        ("disability-complex-health", "escalation-challenge"),
        "Concerns from families are an early warning about a care setting. Good practice: "
        "the hospital tissue viability nurse raised a safeguarding concern straight away.",
        death=True,
        child=False,
    ),
    Scenario(
        "Adult",
        "A man with a mild learning disability was financially exploited by people who took "
        "over his flat to sell drugs. He was in touch with several agencies, but each saw only "
        "part of the picture.",
        ("exploitation", "financial-abuse", "learning-disability-autism"),
        ("multi-agency-working", "information-sharing"),
        "'Cuckooing' is hard to see from one agency; a multi-agency meeting would have joined "
        "up what was known. Good practice: the housing officer noticed visitors and reported it.",
        child=False,
    ),
    Scenario(
        "Ms",
        "A woman sleeping rough died of an overdose weeks after leaving hospital. She had "
        "physical and mental health needs and was discharged without a settled address.",
        ("housing-homelessness", "substance-misuse", "transitions"),
        ("mental-health",),
        "Discharge from hospital to the street is a moment of high risk that needs a plan. "
        "Good practice: the outreach team kept looking for her.",
        death=True,
        child=False,
    ),
    Scenario(
        "Adult",
        "A young adult who had left care at eighteen, with a history of self-harm, died by "
        "suicide. Support from children's services ended before adult mental health services "
        "had accepted the referral.",
        ("transitions", "suicide-self-harm", "mental-health"),
        ("voice-of-person",),
        "Support should not stop at eighteen while adult services decide. Good practice: the "
        "personal adviser stayed in contact beyond the required time.",
        death=True,
        child=False,
    ),
)

DHR_SCENARIOS = (
    Scenario(
        "Ms",
        "A woman in her thirties was killed by her former partner weeks after she ended the "
        "relationship. She had told her GP about controlling behaviour and had called a "
        "domestic abuse helpline, but no risk assessment was completed.",
        ("domestic-abuse", "risk-assessment"),
        ("information-sharing",),
        "Separation is a time of increased risk. A disclosure of controlling behaviour should "
        "lead to a risk assessment. Good practice: the helpline's advice was clear and timely.",
        death=True,
        child=False,
    ),
    Scenario(
        "Mrs",
        "An older woman was killed by her adult son, who was her main carer and had been "
        "misusing alcohol. Professionals saw him as a carer and did not ask about abuse.",
        ("domestic-abuse", "substance-misuse", "think-family"),
        ("professional-curiosity",),
        "Abuse by adult family members who are carers is easily missed. Good practice: the "
        "pharmacist noticed changes and spoke to the GP.",
        death=True,
        child=False,
    ),
    Scenario(
        "Mr",
        "A man died by suicide after a long period of coercive control by his partner. He had "
        "told an occupational health adviser that he felt trapped, but this was not recognised "
        "as domestic abuse.",
        ("domestic-abuse", "suicide-self-harm"),
        ("training-awareness", "mental-health"),
        "Men are victims of coercive control too, and suicide can follow domestic abuse. Good "
        "practice: a colleague encouraged him to seek help.",
        death=True,
        child=False,
    ),
    Scenario(
        "Ms",
        "A woman who spoke little English was killed by her husband. He had interpreted for "
        "her at antenatal appointments and she was never seen alone.",
        ("domestic-abuse", "race-culture-identity", "voice-of-person"),
        ("professional-curiosity",),
        "Family members should not interpret, and every woman should be seen alone at least "
        "once in pregnancy. Good practice: the community midwife tried to arrange a home visit.",
        death=True,
        child=False,
    ),
)

DHR_CHILD_SCENARIOS = (
    Scenario(
        "Young person",
        "A seventeen-year-old was killed by an older boyfriend. Her school and a youth worker "
        "had concerns about the relationship but did not see it as domestic abuse because of "
        "her age.",
        ("domestic-abuse", "exploitation"),
        ("transitions", "education"),
        "Teenagers experience domestic abuse in their relationships; the definition covers "
        "those aged 16 and 17. Good practice: the youth worker shared concerns with school.",
        death=True,
    ),
    Scenario(
        "Young person",
        "A sixteen-year-old died by suicide after months of threats from a partner that "
        "continued online. The concerns were treated as a relationship problem rather than "
        "abuse.",
        ("domestic-abuse", "online-harm", "suicide-self-harm"),
        ("voice-of-person",),
        "Abuse through phones and social media is part of domestic abuse. Good practice: a "
        "friend's parent contacted the school.",
        death=True,
    ),
)

LEDER_SCENARIOS = (
    Scenario(
        "Adult",
        "A man in his forties with a severe learning disability died in hospital of "
        "aspiration pneumonia. His swallowing difficulties were known, but the care plan was "
        "not updated when his support provider changed.",
        ("learning-disability-autism", "disability-complex-health"),
        ("transitions", "record-keeping"),
        "Care plans must move with the person when providers change. Good practice: his "
        "sister's knowledge of his needs was sought and valued.",
        death=True,
        child=False,
    ),
    Scenario(
        "Adult",
        "An autistic woman in her fifties died of cancer that was diagnosed late. She had not "
        "had an annual health check or screening for several years, and reasonable adjustments "
        "were not offered.",
        ("learning-disability-autism", "professional-curiosity"),
        ("record-keeping",),
        "Reasonable adjustments make screening possible. Good practice: the learning "
        "disability liaison nurse supported her in hospital.",
        death=True,
        child=False,
    ),
    Scenario(
        "Child",
        "A fourteen-year-old with a learning disability and epilepsy died after a seizure at "
        "home. Planning for the move to adult services had started and specialist input had "
        "reduced over the previous year.",
        ("learning-disability-autism", "transitions", "disability-complex-health"),
        (),
        "Specialist support should continue while transition is planned. Good practice: the "
        "epilepsy nurse's care plan was clear.",
        death=True,
    ),
    Scenario(
        "Adult",
        "A man with Down's syndrome died of sepsis after a delay in going to hospital. Staff "
        "at his supported living service did not recognise how unwell he was.",
        ("learning-disability-autism", "risk-assessment"),
        ("training-awareness",),
        "Support staff need training to spot signs of deterioration. Good practice: the "
        "ambulance crew escalated quickly.",
        death=True,
        child=False,
    ),
)

SCENARIOS = {
    "sin": CHILD_SCENARIOS,
    "rapid": CHILD_SCENARIOS,
    "lcspr": CHILD_SCENARIOS,
    "ncspr": CHILD_SCENARIOS,
    "scr": CHILD_SCENARIOS,
    "cdr": tuple(s for s in CHILD_SCENARIOS if s.death)
    + (
        Scenario(
            "Child",
            "A ten-year-old with asthma died after a severe attack at home. Several asthma "
            "reviews had been missed and the inhalers had not been collected for months.",
            ("disguised-compliance", "neglect"),
            ("disability-complex-health",),
            "Repeated missed asthma reviews and uncollected prescriptions are a warning sign. "
            "Good practice: the school kept a spare inhaler and a care plan.",
            death=True,
        ),
    ),
    "sar": ADULT_SCENARIOS,
    "dhr": DHR_SCENARIOS,
    "dhr_child": DHR_CHILD_SCENARIOS,
    "leder": LEDER_SCENARIOS,
}

LETTERS = "ABCDEFGHJKLMNPRSTVWYZ"
FIRST_NAMES = (
    "Alex",
    "Bea",
    "Cal",
    "Dana",
    "Eli",
    "Fern",
    "Gus",
    "Hana",
    "Iris",
    "Jay",
    "Kai",
    "Lena",
    "Milo",
    "Nia",
    "Oren",
    "Priya",
    "Rae",
    "Sol",
    "Tess",
    "Wren",
)
SURNAMES = ("Example", "Sample", "Specimen", "Placeholder", "Testwell", "Mockridge", "Notreal")

REFERRAL_SOURCES = {
    "child": ("childrens_social_care", "police", "health", "education", "health"),
    "adult": ("adult_social_care", "health", "police", "housing", "voluntary", "family"),
    "dhr": ("police", "police", "police", "coroner", "family"),
    "leder": ("health", "health", "family", "adult_social_care"),
    "ncspr": ("national_panel",),
}
METHODS = {
    "lcspr": ("systems", "silp", "appreciative", "hybrid", "learning_event"),
    "ncspr": ("systems", "hybrid"),
    "scr": ("traditional", "traditional", "silp", "systems"),
    "sar": ("systems", "silp", "appreciative", "learning_event", "hybrid"),
    "dhr": ("traditional", "hybrid", "systems"),
    "dhr_child": ("traditional", "hybrid", "systems"),
}
TYPES_WITH_SCOPE = {"rapid", "lcspr", "ncspr", "scr", "sar", "dhr", "dhr_child", "leder"}

AUDIENCES = (
    "Practitioners across the partnership",
    "GP practices and primary care teams",
    "Designated and named safeguarding professionals",
    "Frontline staff in health, social care, police and education",
    "Hospital emergency department and maternity staff",
)


# --- recommendations and actions ---------------------------------------------------------


@dataclass(frozen=True)
class RecommendationText:
    text: str
    topic: str
    themes: tuple[str, ...]


CHILD_RECOMMENDATIONS = (
    RecommendationText(
        "The partnership should seek assurance that practitioners consider the role and risk "
        "of fathers and male carers in every assessment of a baby.",
        "fathers and male carers in assessments",
        ("think-family", "babies-infants"),
    ),
    RecommendationText(
        "The partnership should seek assurance that health services share information about "
        "children who are 'not brought' to appointments with children's social care.",
        "children not brought to appointments",
        ("disguised-compliance", "information-sharing"),
    ),
    RecommendationText(
        "Safeguarding partners should review the multi-agency escalation policy and check "
        "that practitioners know when and how to use it.",
        "escalation of professional disagreement",
        ("escalation-challenge",),
    ),
    RecommendationText(
        "The partnership should promote safe sleep advice with every agency in contact with "
        "families of babies under one, and ask that it is repeated when circumstances change.",
        "safe sleep advice",
        ("babies-infants",),
    ),
    RecommendationText(
        "Agencies should make sure the child's voice and daily lived experience are recorded "
        "in every assessment and plan.",
        "the voice of the child",
        ("voice-of-person", "record-keeping"),
    ),
    RecommendationText(
        "The partnership should ask schools and health services to agree how concerns about "
        "children missing education are shared.",
        "children missing education",
        ("education", "information-sharing"),
    ),
    RecommendationText(
        "The partnership should seek assurance that health professionals who know the family "
        "are invited to strategy discussions.",
        "health attendance at strategy discussions",
        ("multi-agency-working",),
    ),
    RecommendationText(
        "The partnership should seek assurance that risks of exploitation outside the home "
        "are assessed and planned for with adolescents.",
        "exploitation and extrafamilial harm",
        ("exploitation", "risk-assessment"),
    ),
)

ADULT_RECOMMENDATIONS = (
    RecommendationText(
        "The board should seek assurance that mental capacity assessments are completed and "
        "recorded when a person's decisions place them at serious risk.",
        "mental capacity assessment",
        ("mental-capacity",),
    ),
    RecommendationText(
        "The board should publish guidance on working with people who self-neglect, "
        "including a multi-agency risk management meeting.",
        "self-neglect and multi-agency risk management",
        ("self-neglect", "multi-agency-working"),
    ),
    RecommendationText(
        "The board should seek assurance that hospital discharge plans include safeguarding "
        "information and a safe place to go.",
        "safe discharge from hospital",
        ("transitions", "housing-homelessness"),
    ),
    RecommendationText(
        "The board should ask commissioners to check that care providers raise concerns "
        "about quality of care promptly.",
        "concerns about care providers",
        ("organisational-abuse", "escalation-challenge"),
    ),
    RecommendationText(
        "The board should seek assurance that practitioners show professional curiosity when "
        "a person repeatedly declines services.",
        "professional curiosity when help is declined",
        ("professional-curiosity", "disguised-compliance"),
    ),
    RecommendationText(
        "Agencies should make sure carers are offered an assessment and that the offer is "
        "recorded.",
        "carers' assessments",
        ("think-family", "record-keeping"),
    ),
)

DHR_RECOMMENDATIONS = (
    RecommendationText(
        "The community safety partnership should seek assurance that routine enquiry about "
        "domestic abuse takes place in primary care and maternity services.",
        "routine enquiry about domestic abuse",
        ("domestic-abuse",),
    ),
    RecommendationText(
        "Agencies should make sure a MARAC referral is made whenever a risk assessment "
        "shows high risk.",
        "referrals to MARAC",
        ("multi-agency-working", "risk-assessment"),
    ),
    RecommendationText(
        "The partnership should raise awareness of coercive control among practitioners and "
        "the public.",
        "coercive control",
        ("domestic-abuse", "training-awareness"),
    ),
    RecommendationText(
        "GP practices should record domestic abuse disclosures and share them with other "
        "agencies where it is safe to do so.",
        "recording and sharing domestic abuse disclosures",
        ("information-sharing", "record-keeping"),
    ),
    RecommendationText(
        "Substance misuse services should include domestic abuse risk in every assessment.",
        "domestic abuse in substance misuse assessments",
        ("substance-misuse", "domestic-abuse"),
    ),
    RecommendationText(
        "Agencies should use professional interpreters and make sure people are seen alone.",
        "professional interpreters and seeing people alone",
        ("race-culture-identity", "voice-of-person"),
    ),
)

LEDER_RECOMMENDATIONS = (
    RecommendationText(
        "The ICB should seek assurance that annual health checks are offered to everyone on "
        "a learning disability register.",
        "annual health checks",
        ("learning-disability-autism",),
    ),
    RecommendationText(
        "Providers should record the reasonable adjustments a person needs and make them "
        "visible in every record.",
        "reasonable adjustments flags",
        ("learning-disability-autism", "record-keeping"),
    ),
    RecommendationText(
        "The ICB should seek assurance that support staff are trained to recognise signs of "
        "deterioration.",
        "recognising deterioration",
        ("training-awareness", "risk-assessment"),
    ),
    RecommendationText(
        "The ICB should make sure care plans move with the person when their support "
        "provider changes.",
        "care plans at a change of provider",
        ("transitions",),
    ),
)

RECOMMENDATIONS = {
    "sar": ADULT_RECOMMENDATIONS,
    "dhr": DHR_RECOMMENDATIONS,
    "dhr_child": DHR_RECOMMENDATIONS,
    "leder": LEDER_RECOMMENDATIONS,
}

# What an action says, and the evidence once it is done.
ACTION_TEXTS = (
    (
        "Audit {n} case records for {topic} and report the findings to {forum}.",
        "Audit of {n} records completed; findings and an improvement plan presented to {forum}.",
    ),
    (
        "Update the organisation's safeguarding policy and guidance on {topic} and circulate it.",
        "Policy updated, approved and published on the intranet; staff told through the "
        "safeguarding bulletin.",
    ),
    (
        "Deliver a 7-minute briefing on {topic} to frontline practitioners.",
        "Briefing delivered to {n} teams; attendance records held.",
    ),
    (
        "Add {topic} to level 3 safeguarding training and report attendance each quarter.",
        "Training module updated; {pct}% of staff in scope have completed it.",
    ),
    (
        "Add a prompt about {topic} to the electronic record template.",
        "Prompt added to the record template and live in all teams.",
    ),
    (
        "Report progress on {topic} to {forum} every quarter.",
        "Quarterly reports given to {forum}, which agreed the action is complete.",
    ),
)
FORUMS = {
    "scp": "the partnership's learning and improvement subgroup",
    "sab": "the board's quality and performance subgroup",
    "csp": "the community safety partnership's review steering group",
}
LEADS = {
    Organisation.Kind.ICB: {
        True: (
            "Designated nurse for safeguarding children",
            "Designated doctor for safeguarding children",
            "Named GP for safeguarding",
        ),
        False: (
            "Designated nurse for safeguarding adults",
            "Head of safeguarding, ICB",
            "Named GP for safeguarding",
        ),
    },
    Organisation.Kind.LOCAL_AUTHORITY: {
        True: ("Head of service, children's social care", "Service manager, early help"),
        False: ("Principal social worker (adults)", "Head of adult safeguarding"),
    },
    Organisation.Kind.POLICE: {
        True: ("Detective Chief Inspector, public protection",),
        False: ("Detective Chief Inspector, public protection",),
    },
    Organisation.Kind.PARTNERSHIP: {
        True: ("Partnership business manager", "Chair of the learning and improvement subgroup"),
        False: ("Board business manager", "Workforce development lead"),
    },
}
IMPACT_EVIDENCE = (
    "A re-audit of {n} records found the change in {pct}% of them, up from under half.",
    "Practitioner survey: {pct}% said they were confident about {topic}.",
    "Multi-agency audit showed better recording of {topic} in most cases sampled.",
)
NOT_ACCEPTED_REASONS = (
    "The agency already meets this through its existing {topic} procedure; evidence given "
    "to {forum}.",
    "Superseded by a national change in guidance; the partnership agreed to close it.",
    "Outside this agency's remit; passed to the lead commissioner.",
)


# --- the plan ----------------------------------------------------------------------------


@dataclass
class Spec:
    index: int
    review_type: str
    stage: str
    icb_name: str = ""
    converted: bool = False
    variant: int = 0  # picks how the review's main clock stands (see build_dates)

    @property
    def source_id(self):
        return f"demo-{self.index + 1:03d}"

    @property
    def rapid_source_id(self):
        return f"{self.source_id}-rr"


def plan(seed=DEFAULT_SEED, count=DEFAULT_COUNT):
    """Which reviews to make: every type in every stage, spread over the ICBs.

    With ``count`` of at least ``len(COMBOS)`` every stage of every type appears.
    """
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    combos = list(COMBOS) * (count // len(COMBOS)) + rng.sample(COMBOS, count % len(COMBOS))
    rng.shuffle(combos)
    specs = [Spec(i, review_type, stage) for i, (review_type, stage) in enumerate(combos)]
    # icb-a and icb-b get reviews with recommendations, so both have actions to follow.
    with_recs = [s for s in specs if has_recommendations(s.review_type, s.stage)]
    for n, spec in enumerate(with_recs[:6]):
        spec.icb_name = ICB_A if n < 4 else ICB_B
    # Every ICB gets at least one review; the rest are shared by weight.
    names = [name for name, _ in ICB_WEIGHTS]
    weights = [weight for _, weight in ICB_WEIGHTS]
    unassigned = [s for s in specs if not s.icb_name]
    for n, spec in enumerate(unassigned):
        spec.icb_name = names[n] if n < len(names) else rng.choices(names, weights)[0]
    # Within each type, running clocks take turns to be overdue, on track and due soon,
    # and met clocks to be met or met late.
    turns = Counter()
    for spec in specs:
        fields = fields_for(spec.review_type, spec.stage)
        target, _ = _main_target(spec.review_type, fields)
        if target is not None:
            key = (spec.review_type, target.met_field in fields)
            spec.variant = turns[key]
            turns[key] += 1
    # Some rapid reviews became local child safeguarding practice reviews.
    decided = [s for s in specs if s.review_type == "lcspr" and s.stage != types.NOT_STARTED.code]
    for n, spec in enumerate(decided):
        spec.converted = n == 0 or rng.random() < 0.35
    return specs


# --- the generator -----------------------------------------------------------------------


@dataclass
class Summary:
    users: dict = field(default_factory=dict)
    reviews_created: int = 0
    reviews_existing: int = 0
    recommendations: int = 0
    actions: int = 0
    disseminations: int = 0

    def by_type_and_stage(self):
        counts = Counter()
        for review in Review.objects.filter(source=SOURCE):
            counts[(review.review_type, review.stage.code)] += 1
        return counts

    def actions_by_status(self):
        return Counter(
            Action.objects.filter(recommendation__review__source=SOURCE).values_list(
                "status", flat=True
            )
        )


def generate(password, *, seed=DEFAULT_SEED, count=DEFAULT_COUNT, today=None):
    """Make (or top up) the demo data set. Refuses when DEBUG is off."""
    require_debug()
    ensure_reference_data()
    with transaction.atomic():
        users = ensure_demo_users(password)
        builder = _Builder(users["admin"], seed, today or timezone.localdate())
        summary = builder.run(plan(seed, count))
    summary.users = users
    return summary


class _Builder:
    def __init__(self, user, seed, today):
        self.user = user
        self.seed = seed
        self.today = today
        self.summary = Summary()
        self.themes = {t.code: t for t in Theme.objects.all()}
        self.icbs = {o.name: o for o in Organisation.objects.filter(kind=Organisation.Kind.ICB)}
        self.icb_a = self.icbs.get(ICB_A)
        self.forced = Counter()  # icb-a's own open actions: "overdue" and "due"

    def rng(self, source_id):
        return random.Random(f"{self.seed}:{source_id}")  # noqa: S311 - demo data

    def run(self, specs):
        before = Review.objects.filter(source=SOURCE).count()
        for spec in specs:
            if not Review.objects.filter(source=SOURCE, source_id=spec.source_id).exists():
                self.make(spec)
        self.summary.reviews_existing = before
        return self.summary

    # partnerships ------------------------------------------------------------------------

    def partnership(self, rng, icb, partnership_type):
        qs = Organisation.objects.filter(kind=Organisation.Kind.PARTNERSHIP, icb=icb)
        if partnership_type:
            qs = qs.filter(partnership_type=partnership_type)
        choices = list(qs.order_by("name"))
        if not choices:
            raise DemoDataError(f"{icb} has no partnerships: reload the reference data")
        return rng.choice(choices)

    # one review --------------------------------------------------------------------------

    def make(self, spec):
        rng = self.rng(spec.source_id)
        icb = self.icbs.get(spec.icb_name)
        if icb is None:
            raise DemoDataError(f"{spec.icb_name} is not loaded")
        scenario = rng.choice(SCENARIOS[spec.review_type])
        partnership_type = types.COMMISSIONED_BY[spec.review_type] or (
            "scp" if scenario.child else "sab"
        )
        partnership = self.partnership(rng, icb, partnership_type)
        # Spread the letters so that few reviews share a title.
        title = f"{scenario.prefix} {LETTERS[(spec.index * 8) % len(LETTERS)]}"
        dates = build_dates(rng, spec.review_type, spec.stage, spec.variant, self.today)
        converted_from = None
        if spec.converted and dates.get("decision_date"):
            converted_from = self.make_rapid(spec, rng, icb, partnership, title, scenario, dates)
        data = self.review_data(rng, spec, icb, partnership, title, scenario, dates, converted_from)
        review = services.create_review(self.user, data, source=SOURCE, source_id=spec.source_id)
        self.summary.reviews_created += 1
        self.follow_up(rng, review)
        return review

    def make_rapid(self, spec, rng, icb, partnership, title, scenario, lcspr_dates):
        """The rapid review a local child safeguarding practice review came from."""
        existing = Review.objects.filter(source=SOURCE, source_id=spec.rapid_source_id).first()
        if existing:
            return existing
        decision = lcspr_dates["decision_date"]
        signed_off = decision - timedelta(days=rng.randint(0, 14))
        notification = _sub_working_days(signed_off, rng.randint(8, 18))
        start = min(notification + timedelta(days=rng.randint(0, 2)), signed_off)
        aware = notification - timedelta(days=rng.randint(0, 3))
        incident = aware - timedelta(days=rng.randint(0, 5))
        panel = signed_off + timedelta(days=rng.randint(7, 30))
        dates = {
            "incident_date": incident,
            "aware_date": aware,
            "notification_date": notification,
            "start_date": start,
            "signed_off_date": signed_off,
            "panel_response_date": panel if panel <= self.today else None,
        }
        lcspr_dates["incident_date"] = incident
        rapid_spec = Spec(spec.index, "rapid", "signed_off", spec.icb_name)
        data = self.review_data(rng, rapid_spec, icb, partnership, title, scenario, dates, None)
        data["comments"] = (
            "The partnership decided to hold a local child safeguarding practice review."
        )
        review = services.create_review(
            self.user, data, source=SOURCE, source_id=spec.rapid_source_id
        )
        self.summary.reviews_created += 1
        self.follow_up(rng, review)
        return review

    def review_data(self, rng, spec, icb, partnership, title, scenario, dates, converted_from):
        review_type, stage = spec.review_type, spec.stage
        fields = fields_for(review_type, stage)
        started = "start_date" in dates
        signed_off = bool(dates.get("signed_off_date"))
        published = bool(dates.get("published_date"))
        first = min(dates.values()) if dates else self.today
        data = {name: dates.get(name) for name in types.DATE_LABELS}
        data.update(
            title=title,
            review_type=review_type,
            partnership=partnership,
            icb=icb,
            converted_from=converted_from,
            reference=f"{icb.code}-{review_type.upper().replace('_', '')}-"
            f"{first.year}-{spec.index + 1:03d}",
            steis_number=(
                f"DEMO/{first.year}/{rng.randint(1000, 9999)}"
                if review_type in {"sin", "rapid", "lcspr"} and fields and rng.random() < 0.6
                else ""
            ),
            case_information=scenario.text,
            designated_professional=self.designated_professional(rng, scenario),
            referral_source=self.referral_source(rng, review_type, scenario, fields),
            publication_status=self.publication_status(rng, review_type, signed_off, published),
            publication_url="",
            method="",
            independent_reviewer="",
            learning_summary=scenario.learning if signed_off else "",
            comments="",
        )
        if review_type in METHODS and (
            started or ("decision_date" in dates and rng.random() < 0.5)
        ):
            if rng.random() < 0.85:
                data["method"] = rng.choice(METHODS[review_type])
            if started and rng.random() < 0.85:
                data["independent_reviewer"] = (
                    f"{rng.choice(('Dr ', ''))}{self.fictional_name(rng)} (independent reviewer)"
                )
        if published and rng.random() < 0.9:
            slug = title.lower().replace(" ", "-")
            data["publication_url"] = (
                f"https://example.org/reviews/{icb.code.lower()}/{review_type}-{slug}-"
                f"{dates['published_date'].year}"
            )
        if review_type in TYPES_WITH_SCOPE and fields and rng.random() < 0.7:
            end = dates.get("incident_date") or first
            data["scope_start"] = add_months(end, -rng.choice((6, 12, 18, 24, 36)))
            data["scope_end"] = end
        if scenario.death and review_type != "sin" and fields and rng.random() < 0.8:
            data["inquest"] = "concluded" if signed_off else rng.choice(("pending", "concluded"))
        if review_type in {"dhr", "dhr_child"} and fields:
            data["criminal_proceedings"] = (
                "concluded" if signed_off else rng.choice(("pending", "pending", "concluded"))
            )
        elif fields and rng.random() < 0.3:
            data["criminal_proceedings"] = rng.choice(("none", "pending", "concluded"))
        if data["publication_status"] == Review.PublicationStatus.EMBARGOED:
            data["comments"] = "Publication held until criminal proceedings end."
        elif review_type in {"dhr", "dhr_child"} and signed_off and not published:
            data["comments"] = "Submitted to the Home Office quality assurance panel."
        # The first primary theme is the one that fits the type (DHR: domestic abuse ...).
        rest = list(scenario.primary[1:])
        primary = [scenario.primary[0], *rng.sample(rest, rng.randint(0, len(rest)))]
        other = [c for c in scenario.other if c not in primary]
        other = other[: rng.randint(0, len(other))]
        data["primary_themes"] = [self.themes[c] for c in primary[:3] if c in self.themes]
        data["other_themes"] = [self.themes[c] for c in other if c in self.themes]
        return data

    def fictional_name(self, rng):
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"

    def designated_professional(self, rng, scenario):
        if rng.random() < 0.1:
            return ""
        role = (
            "designated nurse for safeguarding children"
            if scenario.child
            else "designated nurse for safeguarding adults"
        )
        return f"{self.fictional_name(rng)}, {role}"

    def referral_source(self, rng, review_type, scenario, fields):
        if review_type == "sar" and rng.random() < 0.7:
            return ""  # as nationally: missing in most SARs
        if rng.random() < (0.4 if not fields else 0.15):
            return ""
        if review_type == "ncspr":
            key = "ncspr"
        elif review_type in {"dhr", "dhr_child"}:
            key = "dhr"
        elif review_type == "leder":
            key = "leder"
        else:
            key = "child" if scenario.child else "adult"
        return rng.choice(REFERRAL_SOURCES[key])

    def publication_status(self, rng, review_type, signed_off, published):
        status = Review.PublicationStatus
        if published:
            return status.PUBLISHED
        if signed_off and review_type in {"rapid", "leder", "cdr"}:
            return status.NOT_FOR_PUBLICATION
        if signed_off and rng.random() < 0.2:
            return status.EMBARGOED
        return status.NOT_YET

    # recommendations, actions, dissemination -----------------------------------------------

    def follow_up(self, rng, review):
        if review.published_date and rng.random() < 0.6:
            self.disseminate(rng, review)
        if has_recommendations(review.review_type, review.stage.code):
            self.recommend(rng, review)

    def disseminate(self, rng, review):
        kinds = [Dissemination.Kind.BRIEFING, Dissemination.Kind.LEARNING_EVENT]
        if rng.random() < 0.3:
            kinds.append(rng.choice([Dissemination.Kind.NEWSLETTER, Dissemination.Kind.TRAINING]))
        for kind in kinds[: rng.randint(1, len(kinds))]:
            day = min(review.published_date + timedelta(days=rng.randint(3, 90)), self.today)
            notes = {
                Dissemination.Kind.BRIEFING: "7-minute briefing sent to all partner agencies.",
                Dissemination.Kind.LEARNING_EVENT: (
                    f"Online learning event; {rng.randint(40, 220)} practitioners attended."
                ),
                Dissemination.Kind.NEWSLETTER: "Summary in the partnership newsletter.",
                Dissemination.Kind.TRAINING: "Case study added to multi-agency training.",
            }[kind]
            services.add_dissemination(
                self.user,
                review.pk,
                {"kind": kind, "date": day, "audience": rng.choice(AUDIENCES), "notes": notes},
            )
            self.summary.disseminations += 1

    def recommend(self, rng, review):
        pool = RECOMMENDATIONS.get(review.review_type, CHILD_RECOMMENDATIONS)
        owners = list(action_services.owners_for(review))
        forum = FORUMS.get(review.partnership.partnership_type, FORUMS["scp"])
        child = review.review_type not in {"sar", "dhr"} and not (
            review.review_type == "leder" and review.title.startswith("Adult")
        )
        for number, recommendation in enumerate(
            rng.sample(pool, rng.randint(2, min(6, len(pool)))), start=1
        ):
            made = action_services.add_recommendation(
                self.user,
                review.pk,
                {
                    "number": str(number),
                    "text": recommendation.text,
                    "themes": [self.themes[c] for c in recommendation.themes if c in self.themes],
                },
            )
            self.summary.recommendations += 1
            for _ in range(rng.randint(1, 3)):
                data = self.action_data(rng, review, recommendation, owners, forum, child)
                action_services.add_action(self.user, made.pk, data)
                self.summary.actions += 1

    def action_data(self, rng, review, recommendation, owners, forum, child):
        today = self.today
        base = review.signed_off_date or today
        icb = review.icb if review.icb in owners else None
        owner = icb if icb is not None and rng.random() < 0.5 else rng.choice(owners)
        due = base + timedelta(days=rng.randint(45, 420))
        if due < today:
            status = rng.choices(
                [
                    "completed",
                    "closed_with_evidence",
                    "not_accepted",
                    "in_progress",
                    "not_started",
                    "ongoing",
                ],
                [28, 20, 7, 20, 10, 15],
            )[0]
        else:
            status = rng.choices(
                ["not_started", "in_progress", "ongoing", "completed", "not_accepted"],
                [30, 40, 12, 12, 6],
            )[0]
        # Make sure icb-a's designated professionals have overdue and coming actions.
        if self.icb_a is not None and review.icb_id == self.icb_a.pk:
            if self.forced["overdue"] < 4 and base < today:
                owner = self.icb_a
                status = rng.choice(["not_started", "in_progress", "ongoing"])
                earliest = min(base + timedelta(days=1), today - timedelta(days=1))
                due = earliest + timedelta(days=rng.randint(0, max(0, (today - earliest).days - 1)))
                self.forced["overdue"] += 1
            elif self.forced["due"] < 4:
                owner = self.icb_a
                status = rng.choice(["not_started", "in_progress", "ongoing"])
                due = today + timedelta(days=rng.randint(10, 200))
                self.forced["due"] += 1
        n = rng.randint(10, 40)
        description, evidence = rng.choice(ACTION_TEXTS)
        words = {"topic": recommendation.topic, "forum": forum, "n": n, "pct": rng.randint(60, 95)}
        data = {
            "description": description.format(**words),
            "owner": owner,
            "lead": rng.choice(LEADS.get(owner.kind, {}).get(child, ("Safeguarding lead",))),
            "due_date": due,
            "status": status,
            "rag": "",
        }
        if status in {"completed", "closed_with_evidence"}:
            low = min(base + timedelta(days=14), today)
            high = max(low, min(today, due + timedelta(days=60)))
            data["completed_date"] = low + timedelta(days=rng.randint(0, (high - low).days))
            data["evidence_of_completion"] = evidence.format(**words)
            if status == "closed_with_evidence" or rng.random() < 0.4:
                data["evidence_of_impact"] = rng.choice(IMPACT_EVIDENCE).format(**words)
            data["rag"] = "green"
        elif status == "not_accepted":
            data["not_accepted_reason"] = rng.choice(NOT_ACCEPTED_REASONS).format(**words)
        elif due < today:
            data["rag"] = rng.choices(["red", "amber"], [7, 3])[0]
        else:
            data["rag"] = rng.choices(["green", "amber", "red", ""], [55, 30, 10, 5])[0]
        return data
