from dataclasses import replace
from datetime import date, datetime
from types import SimpleNamespace

import pytest

from safeguarding.timescales.clocks import (
    DATE_FIELDS,
    DEFAULT_TARGETS,
    Target,
    due_date,
    evaluate,
    merge_targets,
)

# A rapid review notified Friday 20 December 2024 is due Wednesday 15 January 2025.
NOTIFIED = date(2024, 12, 20)
DUE = date(2025, 1, 15)


def rapid(today, **dates):
    [clock] = evaluate("rapid", {"notification_date": NOTIFIED, **dates}, today)
    return clock


# --- defaults ----------------------------------------------------------------------------


def test_every_review_type_has_an_entry():
    assert set(DEFAULT_TARGETS) == {
        "sin",
        "rapid",
        "lcspr",
        "ncspr",
        "scr",
        "sar",
        "dhr",
        "dhr_child",
        "leder",
        "cdr",
    }
    for code in ("ncspr", "scr", "cdr"):
        assert DEFAULT_TARGETS[code] == ()


def test_default_targets_use_known_fields():
    for targets in DEFAULT_TARGETS.values():
        for target in targets:
            assert set(target.start_fields) <= set(DATE_FIELDS)
            assert target.met_field in DATE_FIELDS


def test_national_and_local_defaults():
    national = {
        (code, t.milestone): t.set_nationally for code, ts in DEFAULT_TARGETS.items() for t in ts
    }
    assert national == {
        ("sin", "notification"): True,
        ("rapid", "rapid_review"): True,
        ("lcspr", "publication"): True,
        ("sar", "completion"): False,
        ("dhr", "decision"): False,
        ("dhr", "completion"): False,
        ("dhr_child", "decision"): False,
        ("dhr_child", "completion"): False,
        ("leder", "completion"): True,
    }


# --- due dates -----------------------------------------------------------------------------


def test_rapid_review_due_date():
    clock = rapid(today=NOTIFIED)
    assert clock.milestone == "rapid_review"
    assert clock.label == "Complete the rapid review"
    assert clock.start == NOTIFIED
    assert clock.due == DUE
    assert clock.set_nationally is True


def test_due_date_units():
    assert due_date(NOTIFIED, 15, "working_days") == DUE
    assert due_date(NOTIFIED, 15, "calendar_days") == date(2025, 1, 4)
    assert due_date(date(2024, 8, 31), 6, "months") == date(2025, 2, 28)
    with pytest.raises(ValueError):
        due_date(NOTIFIED, 1, "fortnights")


def test_sin_notification_across_easter_2025():
    # Aware Thursday 17 April 2025: 5 working days, skipping Good Friday and Easter Monday.
    [clock] = evaluate("sin", {"aware_date": date(2025, 4, 17)}, today=date(2025, 4, 17))
    assert clock.due == date(2025, 4, 28)


def test_sin_starts_from_incident_date_when_awareness_not_recorded():
    [clock] = evaluate("sin", {"incident_date": date(2025, 8, 22)}, today=date(2025, 8, 22))
    assert clock.start == date(2025, 8, 22)
    assert clock.due == date(2025, 9, 1)  # across the August bank holiday


def test_sin_prefers_aware_date():
    dates = {"incident_date": date(2025, 8, 1), "aware_date": date(2025, 8, 22)}
    [clock] = evaluate("sin", dates, today=date(2025, 8, 22))
    assert clock.start == date(2025, 8, 22)


def test_lcspr_prefers_start_date_then_decision_date():
    dates = {"decision_date": date(2024, 8, 31)}
    [clock] = evaluate("lcspr", dates, today=date(2024, 9, 1))
    assert clock.due == date(2025, 2, 28)
    dates["start_date"] = date(2024, 9, 30)
    [clock] = evaluate("lcspr", dates, today=date(2024, 10, 1))
    assert clock.due == date(2025, 3, 30)


def test_dhr_has_decision_and_completion_clocks():
    dates = {"notification_date": date(2025, 1, 31)}
    decision, completion = evaluate("dhr", dates, today=date(2025, 2, 3))
    assert (decision.milestone, decision.due, decision.status) == (
        "decision",
        date(2025, 2, 28),
        "on_track",
    )
    assert (completion.milestone, completion.status) == ("completion", "not_started")


def test_review_types_without_targets_have_no_clocks():
    assert evaluate("cdr", {"notification_date": NOTIFIED}, today=NOTIFIED) == []


def test_unknown_review_type():
    with pytest.raises(ValueError):
        evaluate("converted", {}, today=NOTIFIED)


def test_datetimes_and_blank_values_are_accepted():
    clock = rapid(today=datetime(2025, 1, 16, 9, 30), signed_off_date="")
    assert clock.status == "overdue"


# --- statuses ------------------------------------------------------------------------------


def test_not_started():
    [clock] = evaluate("rapid", {"notification_date": None}, today=DUE)
    assert clock.status == "not_started"
    assert clock.start is clock.due is clock.working_days_left is None


def test_on_track():
    clock = rapid(today=NOTIFIED)
    assert clock.status == "on_track"
    assert clock.working_days_left == 15


def test_on_track_until_more_than_five_working_days_left():
    clock = rapid(today=date(2025, 1, 7))
    assert (clock.status, clock.working_days_left) == ("on_track", 6)


def test_due_soon():
    clock = rapid(today=date(2025, 1, 8))
    assert (clock.status, clock.working_days_left) == ("due_soon", 5)


def test_due_soon_on_the_due_date():
    clock = rapid(today=DUE)
    assert (clock.status, clock.working_days_left) == ("due_soon", 0)


def test_due_soon_threshold_is_configurable():
    [clock] = evaluate(
        "rapid",
        {"notification_date": NOTIFIED},
        date(2025, 1, 8),
        due_soon_working_days=3,
    )
    assert clock.status == "on_track"


def test_overdue():
    clock = rapid(today=date(2025, 1, 16))
    assert (clock.status, clock.working_days_left) == ("overdue", -1)


def test_met():
    clock = rapid(today=date(2025, 3, 1), signed_off_date=DUE)
    assert (clock.status, clock.met_on, clock.working_days_left) == ("met", DUE, None)


def test_met_late():
    clock = rapid(today=date(2025, 3, 1), signed_off_date=date(2025, 1, 16))
    assert clock.status == "met_late"
    assert clock.met_on == date(2025, 1, 16)


# --- targets -------------------------------------------------------------------------------


def test_target_checks_its_unit_and_fields():
    with pytest.raises(ValueError):
        Target("x", "X", ("decision_date",), "signed_off_date", 1, "weeks", False)
    with pytest.raises(TypeError):
        Target("x", "X", "decision_date", "signed_off_date", 1, "months", False)


def test_merge_refuses_a_national_override():
    override = replace(DEFAULT_TARGETS["rapid"][0], amount=20, set_nationally=False)
    with pytest.raises(ValueError, match="set nationally"):
        merge_targets(DEFAULT_TARGETS["rapid"], [override])


def test_merge_accepts_a_local_override_in_place():
    override = Target(
        "decision",
        "Decide within two months",
        ("notification_date",),
        "decision_date",
        2,
        "months",
        False,
    )
    merged = merge_targets(DEFAULT_TARGETS["dhr"], [override])
    assert [t.milestone for t in merged] == ["decision", "completion"]
    assert merged[0] is override
    assert merged[1] is DEFAULT_TARGETS["dhr"][1]
    assert DEFAULT_TARGETS["dhr"][0].amount == 1  # defaults untouched
    [decision, _] = evaluate(
        "dhr",
        {"notification_date": date(2025, 1, 31)},
        date(2025, 2, 3),
        targets=merged,
    )
    assert decision.due == date(2025, 3, 31)


def test_merge_appends_new_milestones():
    extra = Target(
        "publication",
        "Publish the review",
        ("signed_off_date",),
        "published_date",
        3,
        "months",
        False,
    )
    merged = merge_targets(DEFAULT_TARGETS["rapid"], [extra])
    assert [t.milestone for t in merged] == ["rapid_review", "publication"]
    merged = merge_targets(DEFAULT_TARGETS["cdr"], [extra])
    assert merged == (extra,)


def test_merge_refuses_two_overrides_for_one_milestone():
    extra = Target("x", "X", ("decision_date",), "signed_off_date", 1, "months", False)
    with pytest.raises(ValueError):
        merge_targets((), [extra, extra])


# --- services and models (need the Django project) ----------------------------------------


@pytest.fixture
def csp(db):
    from safeguarding.organisations.models import Organisation

    return Organisation.objects.create(
        name="Anytown Community Safety Partnership",
        kind="partnership",
        partnership_type="csp",
    )


@pytest.fixture
def scp(db):
    from safeguarding.organisations.models import Organisation

    return Organisation.objects.create(
        name="Anytown Safeguarding Children Partnership",
        kind="partnership",
        partnership_type="scp",
    )


def clock_target(partnership, **fields):
    from safeguarding.timescales.models import ClockTarget

    values = {
        "review_type": "dhr",
        "milestone": "decision",
        "label": "Decide whether to hold a review",
        "start_field": "notification_date",
        "met_field": "decision_date",
        "amount": 2,
        "unit": "months",
    } | fields
    return ClockTarget(partnership=partnership, **values)


def dhr_review(partnership, **dates):
    return SimpleNamespace(
        review_type="dhr",
        partnership=partnership,
        **({name: None for name in DATE_FIELDS} | dates),
    )


@pytest.mark.django_db
def test_partnership_override_changes_the_due_date(csp):
    from safeguarding.organisations.models import Organisation
    from safeguarding.timescales.services import clocks_for, targets_for

    other = Organisation.objects.create(
        name="Othertown Community Safety Partnership",
        kind="partnership",
        partnership_type="csp",
    )
    target = clock_target(csp)
    target.full_clean()
    target.save()

    notified = {"notification_date": date(2025, 1, 31)}
    today = date(2025, 3, 3)
    decision, completion = clocks_for(dhr_review(csp, **notified), today=today)
    assert decision.due == date(2025, 3, 31)
    assert decision.status == "on_track"
    assert completion.status == "not_started"

    # Another partnership, and no partnership, keep the default of one month.
    [default_decision, _] = clocks_for(dhr_review(other, **notified), today=today)
    assert (default_decision.due, default_decision.status) == (
        date(2025, 2, 28),
        "overdue",
    )
    [no_partnership, _] = clocks_for(dhr_review(None, **notified), today=today)
    assert no_partnership.due == date(2025, 2, 28)

    assert targets_for("dhr", csp)[0].amount == 2
    assert targets_for("dhr", csp.pk)[0].amount == 2
    assert targets_for("dhr_child", csp) == DEFAULT_TARGETS["dhr_child"]
    assert targets_for("dhr") == DEFAULT_TARGETS["dhr"]
    with pytest.raises(ValueError):
        targets_for("converted", csp)


@pytest.mark.django_db
def test_clean_refuses_a_rapid_override(scp):
    from django.core.exceptions import ValidationError

    target = clock_target(
        scp,
        review_type="rapid",
        milestone="rapid_review",
        label="Complete the rapid review",
        met_field="signed_off_date",
        amount=20,
        unit="working_days",
    )
    with pytest.raises(ValidationError) as caught:
        target.full_clean()
    assert set(caught.value.message_dict) == {"milestone"}
    assert "set nationally" in caught.value.message_dict["milestone"][0]


@pytest.mark.django_db
def test_clean_refuses_unknown_fields_and_types(csp):
    from django.core.exceptions import ValidationError

    target = clock_target(csp, start_field="referral_date", met_field="closed_date")
    with pytest.raises(ValidationError) as caught:
        target.full_clean()
    assert set(caught.value.message_dict) == {"start_field", "met_field"}

    target = clock_target(csp, review_type="converted")
    with pytest.raises(ValidationError) as caught:
        target.full_clean()
    assert "review_type" in caught.value.message_dict


@pytest.mark.django_db
def test_clean_refuses_a_non_partnership(db):
    from django.core.exceptions import ValidationError

    from safeguarding.organisations.models import Organisation

    icb = Organisation.objects.create(name="Anytown ICB", kind="icb")
    with pytest.raises(ValidationError) as caught:
        clock_target(icb).full_clean()
    assert "partnership" in caught.value.message_dict


@pytest.mark.django_db
def test_a_stored_national_override_is_ignored(scp):
    from safeguarding.timescales.services import targets_for

    # Saved without clean(): the national target must still stand.
    clock_target(scp, review_type="rapid", milestone="rapid_review", amount=30).save()
    assert targets_for("rapid", scp) == DEFAULT_TARGETS["rapid"]


@pytest.mark.django_db
def test_clocks_for_uses_local_date_and_setting(csp, settings, time_machine):
    from safeguarding.timescales.services import clocks_for

    time_machine.move_to(datetime(2025, 2, 24, 12, 0))
    review = dhr_review(None, notification_date=date(2025, 1, 31))
    decision, _ = clocks_for(review)
    assert (decision.working_days_left, decision.status) == (4, "due_soon")
    settings.DUE_SOON_WORKING_DAYS = 3
    decision, _ = clocks_for(review)
    assert decision.status == "on_track"


@pytest.mark.django_db
def test_clocks_for_many_reads_targets_once(csp, scp, django_assert_num_queries):
    from safeguarding.timescales.services import clocks_for, clocks_for_many

    clock_target(csp).save()
    reviews = [
        dhr_review(csp, notification_date=date(2025, 1, 31)),
        dhr_review(None, notification_date=date(2025, 1, 31)),
        SimpleNamespace(review_type="rapid", partnership_id=scp.pk, notification_date=NOTIFIED),
    ]
    with django_assert_num_queries(1):
        results = clocks_for_many(reviews, today=date(2025, 2, 3))
    assert results == [clocks_for(r, today=date(2025, 2, 3)) for r in reviews]
    assert results[0][0].due == date(2025, 3, 31)
    assert results[1][0].due == date(2025, 2, 28)


def test_worst_status():
    from safeguarding.timescales.services import STATUS_URGENCY, worst_status

    def clocks(*statuses):
        return [SimpleNamespace(status=s) for s in statuses]

    assert STATUS_URGENCY == (
        "overdue",
        "due_soon",
        "met_late",
        "on_track",
        "met",
        "not_started",
    )
    assert worst_status(clocks("met", "overdue", "due_soon")) == "overdue"
    assert worst_status(clocks("on_track", "due_soon")) == "due_soon"
    assert worst_status(clocks("met", "met_late", "on_track")) == "met_late"
    assert worst_status(clocks("met", "on_track")) == "on_track"
    assert worst_status(clocks("not_started", "met")) == "met"
    assert worst_status(clocks("not_started")) == "not_started"
    assert worst_status([]) == "not_started"


# --- dates known only to the month or year ----------------------------------------------


def test_a_month_only_start_counts_from_its_first_day_and_says_so():
    from safeguarding.timescales.services import clock_note

    [clock] = evaluate(
        "sar",
        {"decision_date": date(2021, 3, 1)},
        date(2021, 5, 1),
        precision={"decision_date": "month"},
    )
    assert clock.start == date(2021, 3, 1) and clock.due == date(2021, 9, 1)
    assert clock.start_field == "decision_date" and clock.start_precision == "month"
    assert clock.status == "on_track" and clock.is_uncertain
    assert clock_note(clock) == (
        "Due by 1 September 2021, counted from 1 March 2021: the date of decision to review "
        "is known only to the month (March 2021)"
    )


def test_a_year_only_start_is_still_judged_overdue_and_says_so():
    from safeguarding.timescales.services import clock_note

    [clock] = evaluate(
        "sar",
        {"decision_date": date(2021, 1, 1)},
        date(2022, 1, 10),
        precision={"decision_date": "year"},
    )
    assert clock.status == "overdue"
    assert "known only to the year (2021)" in clock_note(clock)


def test_a_month_only_met_date_is_judged_from_its_first_day_and_says_so():
    from safeguarding.timescales.services import clock_note

    [clock] = evaluate(
        "rapid",
        {"notification_date": NOTIFIED, "signed_off_date": date(2025, 1, 1)},
        date(2025, 3, 1),
        precision={"signed_off_date": "month"},
    )
    assert clock.status == "met" and clock.met_precision == "month"
    assert clock_note(clock) == (
        "The date the report was signed off is known only to the month (January 2025), "
        "so met is judged from 1 January 2025"
    )


def test_dates_known_to_the_day_have_no_note():
    from safeguarding.timescales.services import clock_note

    clock = rapid(date(2025, 1, 2))
    assert not clock.is_uncertain and clock.start_precision == "day"
    assert clock_note(clock) == ""


def test_precision_of_an_unused_start_field_is_ignored():
    [clock] = evaluate(
        "sin",
        {"aware_date": date(2024, 12, 2), "incident_date": date(2024, 12, 1)},
        date(2024, 12, 3),
        precision={"incident_date": "month"},
    )
    assert clock.start_field == "aware_date" and clock.start_precision == "day"
