"""What goes into a chart: checks of the input, display cells, axis ticks."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def nice_ticks(max_value: float, n: int = 5, *, integer: bool | None = None) -> list[float]:
    """Evenly spaced axis ticks from 0 up to at least ``max_value``, at most ``n`` steps,
    on a 1, 2, 2.5 or 5 × 10^k step: ``nice_ticks(12)`` is ``[0, 5, 10, 15]``,
    ``nice_ticks(3)`` is ``[0, 1, 2, 3]``. Counts (``integer``, by default when
    ``max_value`` is an int) never get a step below 1. ``max_value`` 0 or less gives
    ``[0, 1]``."""
    n = max(int(n), 1)
    if integer is None:
        integer = isinstance(max_value, int)
    if not max_value or max_value <= 0 or math.isnan(max_value):
        return [0, 1]
    exponent = math.floor(math.log10(max_value / n))
    step = None
    for power in (exponent - 1, exponent, exponent + 1):
        for base in (1, 2, 2.5, 5):
            candidate = base * 10.0**power
            if base == 2.5 and power < 1:
                continue  # 0.25 and 2.5 make awkward axes
            if integer and candidate < 1:
                continue
            if math.ceil(max_value / candidate - 1e-9) <= n:
                step = candidate
                break
        if step is not None:
            break
    if step is None:  # only when integer and max_value is below 1
        step = 1.0
    count = math.ceil(max_value / step - 1e-9)
    ticks = [round(step * i, 10) for i in range(count + 1)]
    if float(step).is_integer():
        return [int(t) for t in ticks]
    return ticks


def from_cells(cells) -> tuple[list[int | None], list[str]]:
    """Split display cells (anything with ``.value`` and ``.text``, such as the
    suppression module's ``DisplayCell``) into ``(values, texts)``."""
    cells = list(cells)
    return [c.value for c in cells], [str(c.text) for c in cells]


def _check_id(id: str) -> str:
    if not isinstance(id, str) or not _ID_RE.match(id):
        raise ValueError(f"chart id must be a letter then letters, digits, - or _: {id!r}")
    return id


def _check_length(name: str, items, expected: int) -> list:
    items = list(items)
    if len(items) != expected:
        raise ValueError(f"{name} has {len(items)} items, expected {expected}")
    return items


def _check_values(values) -> list[int | None]:
    values = list(values)
    for value in values:
        if value is not None and (isinstance(value, bool) or value < 0):
            raise ValueError(f"values must be non-negative numbers or None, not {value!r}")
    return values


def _is_empty(values: Sequence[int | None]) -> bool:
    return all(v is not None and v == 0 for v in values)


def _split_series(series, n: int, *, allow_hrefs: bool):
    out = []
    for entry in series:
        entry = tuple(entry)
        if len(entry) == 3:
            name, values, texts = entry
            hrefs = None
        elif len(entry) == 4 and allow_hrefs:
            name, values, texts, hrefs = entry
        else:
            raise ValueError(
                "each series is (name, values, texts)"
                + (" or (name, values, texts, hrefs)" if allow_hrefs else "")
            )
        values = _check_values(_check_length(f"values of {name}", values, n))
        texts = [str(t) for t in _check_length(f"texts of {name}", texts, n)]
        hrefs = _check_length(f"hrefs of {name}", hrefs, n) if hrefs is not None else [None] * n
        out.append((str(name), values, texts, hrefs))
    return out
