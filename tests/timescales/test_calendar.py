from datetime import date

import pytest

from safeguarding.timescales.calendar import (
    WorkingDayCalendar,
    add_months,
    england_and_wales,
)


@pytest.fixture(scope="module")
def cal():
    return england_and_wales()


def test_default_instance_is_shared():
    assert england_and_wales() is england_and_wales()
    assert isinstance(england_and_wales(), WorkingDayCalendar)


def test_govuk_list_covers_2012_to_2028(cal):
    assert cal.govuk_years == range(2012, 2029)


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2025, 1, 6), True),  # Monday
        (date(2025, 1, 10), True),  # Friday
        (date(2025, 1, 11), False),  # Saturday
        (date(2025, 1, 12), False),  # Sunday
        (date(2024, 12, 25), False),  # Christmas Day
        (date(2024, 12, 26), False),  # Boxing Day
        (date(2025, 1, 1), False),  # New Year's Day
        (date(2025, 4, 18), False),  # Good Friday
        (date(2025, 4, 21), False),  # Easter Monday
        (date(2025, 8, 25), False),  # Summer bank holiday
        (date(2022, 9, 19), False),  # One-off: state funeral of Queen Elizabeth II
        (date(2023, 5, 8), False),  # One-off: coronation of King Charles III
    ],
)
def test_is_working_day(cal, day, working):
    assert cal.is_working_day(day) is working


def test_rapid_review_over_christmas(cal):
    # Notified Friday 20 December 2024: 15 working days is Wednesday 15 January 2025.
    assert cal.add_working_days(date(2024, 12, 20), 15) == date(2025, 1, 15)


def test_five_working_days_across_easter_2025(cal):
    # Thursday 17 April 2025; Good Friday 18 and Easter Monday 21 April are holidays.
    assert cal.add_working_days(date(2025, 4, 17), 5) == date(2025, 4, 28)


def test_fifteen_working_days_across_easter_2024(cal):
    # Monday 25 March 2024; Good Friday 29 March and Easter Monday 1 April are holidays.
    assert cal.add_working_days(date(2024, 3, 25), 15) == date(2024, 4, 17)


def test_fifteen_working_days_across_easter_2025(cal):
    # Monday 14 April 2025: 15-17 April (3), 22-25 April (7), 28 April-2 May (12),
    # Monday 5 May is the early May bank holiday, 6-8 May (15): Thursday 8 May 2025.
    assert cal.add_working_days(date(2025, 4, 14), 15) == date(2025, 5, 8)


def test_five_working_days_across_august_bank_holiday_2025(cal):
    # Friday 22 August 2025; Monday 25 August is a holiday.
    assert cal.add_working_days(date(2025, 8, 22), 5) == date(2025, 9, 1)


def test_five_working_days_across_august_bank_holiday_2024(cal):
    # Friday 23 August 2024; Monday 26 August is a holiday.
    assert cal.add_working_days(date(2024, 8, 23), 5) == date(2024, 9, 2)


def test_zero_working_days_is_the_day_itself(cal):
    assert cal.add_working_days(date(2025, 1, 11), 0) == date(2025, 1, 11)  # a Saturday


def test_counting_starts_the_next_day(cal):
    assert cal.add_working_days(date(2025, 1, 10), 1) == date(2025, 1, 13)  # Fri -> Mon
    assert cal.add_working_days(date(2025, 1, 11), 1) == date(2025, 1, 13)  # Sat -> Mon


def test_negative_working_days_refused(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(date(2025, 1, 10), -1)


def test_fallback_for_years_outside_the_govuk_list(cal):
    assert 2030 not in cal.govuk_years
    assert not cal.is_working_day(date(2030, 12, 25))  # Christmas Day, a Wednesday
    assert not cal.is_working_day(date(2030, 12, 26))  # Boxing Day
    assert not cal.is_working_day(date(2030, 4, 19))  # Good Friday
    assert not cal.is_working_day(date(2030, 4, 22))  # Easter Monday
    assert cal.is_working_day(date(2030, 4, 23))
    assert not cal.is_working_day(date(2011, 12, 26))  # before the GOV.UK list starts
    assert cal.add_working_days(date(2030, 4, 18), 1) == date(2030, 4, 23)


def test_fallback_when_christmas_falls_at_a_weekend(cal):
    # 2032: Christmas Day is a Saturday, so Monday 27 and Tuesday 28 December are holidays.
    assert not cal.is_working_day(date(2032, 12, 27))
    assert not cal.is_working_day(date(2032, 12, 28))
    assert cal.is_working_day(date(2032, 12, 29))
    assert all(d.weekday() < 5 for d in cal.holidays_in(2032))


def test_counting_across_the_end_of_the_govuk_list(cal):
    # Friday 22 December 2028: 25 and 26 December 2028 from GOV.UK, 1 January 2029 fallback.
    assert cal.add_working_days(date(2028, 12, 22), 5) == date(2029, 1, 3)
    assert cal.working_days_between(date(2028, 12, 22), date(2029, 1, 3)) == 5


def test_working_days_between(cal):
    assert cal.working_days_between(date(2024, 12, 20), date(2025, 1, 15)) == 15
    assert cal.working_days_between(date(2025, 1, 15), date(2024, 12, 20)) == -15
    assert cal.working_days_between(date(2025, 1, 13), date(2025, 1, 13)) == 0
    assert cal.working_days_between(date(2025, 1, 10), date(2025, 1, 12)) == 0  # Fri -> Sun
    assert cal.working_days_between(date(2025, 1, 11), date(2025, 1, 13)) == 1  # Sat -> Mon
    assert cal.working_days_between(date(2025, 4, 17), date(2025, 4, 22)) == 1  # Easter


def test_working_days_between_matches_adding(cal):
    start = date(2024, 12, 1)
    for n in range(0, 400, 7):
        end = cal.add_working_days(start, n)
        assert cal.working_days_between(start, end) == n


def test_working_days_in_a_year(cal):
    # 2025 has 261 weekdays and 8 bank holidays in England and Wales.
    assert cal.working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 253


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # leap year
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 1, 15), 1, date(2025, 2, 15)),
        (date(2025, 7, 1), 6, date(2026, 1, 1)),  # across a year end
        (date(2025, 6, 30), 6, date(2025, 12, 30)),
        (date(2025, 12, 31), 0, date(2025, 12, 31)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 1, 31), -2, date(2024, 11, 30)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_calendar_module_has_no_django_import():
    import ast
    from pathlib import Path

    import safeguarding.timescales.calendar as calendar_module
    import safeguarding.timescales.clocks as clocks_module

    for module in (calendar_module, clocks_module):
        tree = ast.parse(Path(module.__file__).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names), module.__name__
