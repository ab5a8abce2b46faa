"""Dates known to the day, to the month or only to the year. Plain Python.

Teams' trackers often write "March 2021" or just "2021". Such a date is kept as the
first day it could be (1 March 2021, 1 January 2021) together with its precision, one
of DAY, MONTH or YEAR, and is always shown as written: "March 2021", never "1 March
2021". ``span`` gives the first and last day such a value could be, for comparing.

A review keeps the precision of its dates in ``Review.date_precision``,
{field name: MONTH | YEAR}; a field absent from it is known to the day.
"""

import calendar
import datetime
import re

DAY, MONTH, YEAR = "day", "month", "year"
PRECISIONS = (DAY, MONTH, YEAR)
MIN_YEAR, MAX_YEAR = 1900, 2100

_MONTHS = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9

_MONTH_WORD = r"(?P<word>[a-z]+)\.?"
_FORMS = (
    # "March 2021", "Mar 2021", "Sept. 2021", "March, 2021", "March-2021"
    re.compile(rf"^{_MONTH_WORD}[\s,\-/]+(?P<year>\d{{4}})$"),
    # "03/2021", "3/2021", "03-2021", "3.2021"
    re.compile(r"^(?P<month>\d{1,2})\s*[/\-.]\s*(?P<year>\d{4})$"),
    # "2021-03", "2021/03"
    re.compile(r"^(?P<year>\d{4})\s*[/\-]\s*(?P<month>\d{1,2})$"),
    # "2021"
    re.compile(r"^(?P<year>\d{4})$"),
)
# "Mar-21", "Mar 21", "March 21", "03/21", "3-21": a month and a two-digit year, or a
# day and a month with no year.
_AMBIGUOUS = (
    re.compile(rf"^{_MONTH_WORD}[\s,\-/]+(?P<two>\d{{2}})$"),
    re.compile(r"^(?P<month>\d{1,2})\s*[/\-.]\s*(?P<two>\d{2})$"),
)
MONTH_YEAR, DAY_MONTH = "month_year", "day_month"


def _clean(text):
    return " ".join(str(text or "").strip().lower().split())


def _month(number_or_word, original):
    if number_or_word.isdigit():
        month = int(number_or_word)
        if not 1 <= month <= 12:
            raise ValueError(f"'{original}' has no month {month}: a month is 1 to 12")
        return month
    return _MONTHS.get(number_or_word)


def _year(value, original):
    year = int(value)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"'{original}' has the year {year}: it must be {MIN_YEAR} to {MAX_YEAR}")
    return year


def parse_partial(text):
    """(first possible day, MONTH or YEAR) for a month-and-year or a year alone.

    Recognises "March 2021", "Mar 2021", "Sept 2021", "March, 2021", "03/2021",
    "3/2021", "2021-03", "03-2021" and "2021", in any case. Returns None for anything
    else, full dates included (they are parsed elsewhere). Raises ValueError, with a
    message for a person, for a month that cannot be (13/2021) or a year outside
    1900 to 2100.
    """
    cleaned = _clean(text)
    for form in _FORMS:
        match = form.match(cleaned)
        if not match:
            continue
        parts = match.groupdict()
        if "word" in parts:
            month = _month(parts["word"], str(text).strip())
            if month is None:
                return None
        elif "month" in parts:
            month = _month(parts["month"], str(text).strip())
        else:
            month = None
        year = _year(parts["year"], str(text).strip())
        if month is None:
            return datetime.date(year, 1, 1), YEAR
        return datetime.date(year, month, 1), MONTH
    return None


def _ambiguous_parts(text):
    cleaned = _clean(text)
    for form in _AMBIGUOUS:
        match = form.match(cleaned)
        if not match:
            continue
        parts = match.groupdict()
        if "word" in parts:
            month = _MONTHS.get(parts["word"])
        else:
            month = int(parts["month"])
            if not 1 <= month <= 12:
                month = None
        if month is not None:
            return month, int(parts["two"])
    return None


def is_ambiguous(text):
    """Whether the text could be a month and a two-digit year or a day and a month.

    "Mar-21", "Mar 21" and "03/21" may mean March 2021 or 21 March (of no given year);
    the importer asks the person which. "March 2021" and "03/2021" are not ambiguous.
    """
    return _ambiguous_parts(text) is not None


def resolve_ambiguous(text, meaning):
    """(date, precision) for an ambiguous text, once the person has said what it means.

    ``meaning`` is MONTH_YEAR ("month_year"): "Mar-21" is March 2021, with a two-digit
    year 00 to 69 in the 2000s and 70 to 99 in the 1900s. A person may also say
    DAY_MONTH ("day_month"), 21 March, but that gives no year, so the date is not
    usable and this returns None: the person must enter the date in full. Only offer
    "month and year" as a way to read such a date, and ask for the full date otherwise.
    Raises ValueError for text that is not ambiguous or an unknown meaning.
    """
    parts = _ambiguous_parts(text)
    if parts is None:
        raise ValueError(f"'{text}' is not a date that could be read two ways")
    if meaning == DAY_MONTH:
        return None
    if meaning != MONTH_YEAR:
        raise ValueError(f"Unknown meaning {meaning!r}: use {MONTH_YEAR!r} or {DAY_MONTH!r}")
    month, two = parts
    year = 2000 + two if two < 70 else 1900 + two
    return datetime.date(year, month, 1), MONTH


def normalise(date, precision):
    """The first possible day for ``precision``, and the precision (DAY if None)."""
    precision = precision or DAY
    if precision not in PRECISIONS:
        raise ValueError(f"Unknown date precision {precision!r}")
    if date is None:
        return None, precision
    if precision == MONTH:
        return date.replace(day=1), precision
    if precision == YEAR:
        return date.replace(month=1, day=1), precision
    return date, precision


def describe(date, precision=DAY, fmt="%-d %B %Y"):
    """The date as known: "15 March 2021", "March 2021" or "2021"; "" for None.

    ``fmt`` is used for dates known to the day only.
    """
    if date is None:
        return ""
    precision = precision or DAY
    if precision == MONTH:
        return date.strftime("%B %Y")
    if precision == YEAR:
        return str(date.year)
    return date.strftime(fmt)


def span(date, precision=DAY):
    """(first, last): the first and last day the value could be."""
    if date is None:
        return None, None
    precision = precision or DAY
    if precision == MONTH:
        last = calendar.monthrange(date.year, date.month)[1]
        return date.replace(day=1), date.replace(day=last)
    if precision == YEAR:
        return date.replace(month=1, day=1), date.replace(month=12, day=31)
    return date, date


# The earliest date a review's date may be: older ones are typing slips (1899 for 1999).
EARLIEST = datetime.date(1970, 1, 1)


def a_year_after(today):
    """The same day a year on (28 February for 29 February)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def implausible(date, label, precision=DAY, today=None):
    """A message if a review date cannot be right, else None. One rule for the review
    form and the spreadsheet import.

    A date before 1 January 1970 is refused ("Date of notification must be on or after
    1 January 1970"), and so, when ``today`` is given, is one more than a year after it:
    every review date is of something that happened, or at most one planned soon. The
    date is compared by its first possible day (``span``), so "1970" and "January 1970"
    are allowed. ``label`` starts the message as written: "Date of notification".
    """
    if date is None:
        return None
    first = span(date, precision)[0]
    if first < EARLIEST:
        return f"{label} must be on or after {describe(EARLIEST)}"
    if today is not None and first > a_year_after(today):
        return f"{label} must be no more than a year from today"
    return None
