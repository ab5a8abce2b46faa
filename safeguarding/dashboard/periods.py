"""Calendar quarters as the dashboard counts them: ``year * 10 + quarter`` (20243 is July to
September 2024). Plain Python."""

from datetime import date

MONTHS = {1: "Jan to Mar", 2: "Apr to Jun", 3: "Jul to Sep", 4: "Oct to Dec"}


def quarter_of(day: date) -> int:
    return day.year * 10 + (day.month - 1) // 3 + 1


def quarter_label(quarter: int) -> str:
    """``2024 Q3``."""
    return f"{quarter // 10} Q{quarter % 10}"


def quarter_long_label(quarter: int) -> str:
    """``July to September 2024`` style, short: ``Jul to Sep 2024``."""
    return f"{MONTHS[quarter % 10]} {quarter // 10}"


def is_quarter(value: int) -> bool:
    return 1900 * 10 < value < 3000 * 10 and 1 <= value % 10 <= 4


def next_quarter(quarter: int) -> int:
    year, q = divmod(quarter, 10)
    return year * 10 + q + 1 if q < 4 else (year + 1) * 10 + 1


def quarters_between(first: int, last: int) -> list[int]:
    """Every quarter from ``first`` to ``last`` inclusive (empty if last < first)."""
    out = []
    quarter = first
    while quarter <= last:
        out.append(quarter)
        quarter = next_quarter(quarter)
    return out


def shift(quarter: int, by: int) -> int:
    """The quarter ``by`` quarters later (earlier if negative)."""
    year, q = divmod(quarter, 10)
    index = year * 4 + (q - 1) + by
    return (index // 4) * 10 + index % 4 + 1
