"""Working days in England and Wales, and calendar-month arithmetic.

Plain Python with no Django import, so the statutory clocks can be tested and used anywhere.

Bank holidays come from the GOV.UK list shipped inside ``govuk-bank-holidays``. It is always
read from the copy bundled with the package (``use_cached_holidays=True``): the package would
otherwise fetch https://www.gov.uk/bank-holidays.json with no timeout on every start.

The bundled list covers a fixed span of years (2012 to 2028 in version 0.19). For any year
outside that span the calendar falls back to the ``holidays`` package
(``holidays.UK(subdiv="ENG")``), which computes the England and Wales bank holidays by rule.
The rule-based list cannot know one-off holidays announced later (a coronation, a state
funeral), so dates far in the future are a best estimate until the bundled list is updated.
"""

from __future__ import annotations

import bisect
from datetime import date, timedelta
from functools import lru_cache

import holidays
from govuk_bank_holidays.bank_holidays import BankHolidays

__all__ = ["WorkingDayCalendar", "add_months", "england_and_wales"]

SATURDAY = 5  # date.weekday(): Monday is 0, Saturday 5, Sunday 6


def _is_weekend(d: date) -> bool:
    return d.weekday() >= SATURDAY


def _weekdays_up_to(d: date) -> int:
    """Number of Mondays to Fridays from 1 January of year 1 up to and including ``d``."""
    # Ordinal 1 (1 January of year 1) was a Monday, so every block of 7 ordinals is a week.
    weeks, rest = divmod(d.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


class WorkingDayCalendar:
    """Working days for England and Wales: Monday to Friday, except bank holidays.

    Bank holidays come from the GOV.UK list bundled with ``govuk-bank-holidays`` for the
    years it covers, and from the rule-based ``holidays.UK(subdiv="ENG")`` for other years.
    """

    def __init__(self, bank_holidays: BankHolidays | None = None):
        if bank_holidays is None:
            # Never let the library go to the network: it has no timeout.
            bank_holidays = BankHolidays(use_cached_holidays=True)
        known = [
            holiday["date"]
            for holiday in bank_holidays.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
        ]
        self._govuk_years = frozenset(d.year for d in known)
        self._by_year: dict[int, tuple[date, ...]] = {}
        for year in self._govuk_years:
            self._by_year[year] = tuple(sorted(d for d in known if d.year == year))

    @property
    def govuk_years(self) -> range:
        """The years taken from the GOV.UK list; other years use the ``holidays`` fallback."""
        return range(min(self._govuk_years), max(self._govuk_years) + 1)

    def holidays_in(self, year: int) -> tuple[date, ...]:
        """The bank holidays of ``year`` that fall on a weekday, in date order."""
        found = self._by_year.get(year)
        if found is None:
            rule_based = holidays.UK(subdiv="ENG", years=year)
            # The rule-based list also names the weekend date of a holiday that is moved
            # to a weekday ("observed"); only weekdays matter for counting working days.
            found = tuple(sorted(d for d in rule_based if d.year == year and not _is_weekend(d)))
            self._by_year[year] = found
        return found

    def is_bank_holiday(self, d: date) -> bool:
        return d in self.holidays_in(d.year)

    def is_working_day(self, d: date) -> bool:
        return not _is_weekend(d) and not self.is_bank_holiday(d)

    def add_working_days(self, d: date, n: int) -> date:
        """The date ``n`` working days after ``d``.

        Day 0 is ``d`` itself, whatever it is; the count starts the next day, so Friday
        20 December 2024 plus 15 working days is Wednesday 15 January 2025.
        """
        if n < 0:
            raise ValueError("n must be zero or more")
        current = d
        remaining = n
        while remaining:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``.

        Negative when ``end`` is before ``start``: the number of working days after ``end``
        up to and including ``start``, with a minus sign.
        """
        if end < start:
            return -self.working_days_between(end, start)
        weekdays = _weekdays_up_to(end) - _weekdays_up_to(start)
        holidays_in_span = 0
        for year in range(start.year, end.year + 1):
            in_year = self.holidays_in(year)
            # Holidays strictly after start and on or before end.
            holidays_in_span += bisect.bisect_right(in_year, end) - bisect.bisect_right(
                in_year, start
            )
        return weekdays - holidays_in_span


@lru_cache(maxsize=1)
def england_and_wales() -> WorkingDayCalendar:
    """The shared calendar for England and Wales, built once per process."""
    return WorkingDayCalendar()


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` calendar months (``n`` may be negative).

    A day that does not exist in the target month is clamped to that month's last day:
    31 August plus 6 months is 28 February, or 29 February in a leap year.
    """
    month_index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(month_index, 12)
    month = month0 + 1
    if month == 12:
        days_in_month = 31
    else:
        days_in_month = (date(year, month + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(d.day, days_in_month))
