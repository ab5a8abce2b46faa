"""Query strings of the links behind a figure's cells, built once per figure.

Plain Python. A figure links each cell to its records with the page's filters and the
cell's own values (its row key, its column key, or a fixed value). ``cell_query`` works out
the query string once, as a template: the filters' part is encoded when the figure is made,
and each cell only quotes its row and column keys into their places. The result is the
string ``urlencode({**params, **cell})`` gives, where ``cell`` leaves out the values that
are ``None`` or ``""`` (so an empty cell value keeps the filter's own value, if there is
one), in the same order.
"""

from collections.abc import Callable
from urllib.parse import quote_plus

ROW, COLUMN = "row", "column"


def _quote(value) -> str:
    if type(value) is int:  # digits need no quoting
        return str(value)
    return quote_plus(value if isinstance(value, str | bytes) else str(value))


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def cell_query(params: dict, fixed: dict) -> Callable[[object, object], str]:
    """A function of (row key, column key) giving a cell's query string.

    ``params`` are the page's filters as query parameters; ``fixed`` maps each of the
    cell's parameters to ``"row"``, ``"column"`` or a value of its own.
    """
    plan: list = []  # literal "key=value" strings, and (key=, "row"|"column", default) slots
    for key in dict.fromkeys([*params, *fixed]):
        encoded = f"{_quote(key)}="
        default = f"{encoded}{_quote(params[key])}" if key in params else None
        where = fixed.get(key)
        if key in fixed and where in (ROW, COLUMN):
            plan.append((encoded, where == ROW, default))
        elif key in fixed and not _empty(where):
            plan.append(f"{encoded}{_quote(where)}")
        elif default is not None:
            plan.append(default)
    # Join neighbouring literals: the filters' part becomes one pre-built string.
    merged: list = []
    for part in plan:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] = f"{merged[-1]}&{part}"
        else:
            merged.append(part)
    plan = merged

    def query(row, column) -> str:
        parts = []
        for part in plan:
            if isinstance(part, str):
                parts.append(part)
                continue
            encoded, is_row, default = part
            value = row if is_row else column
            if _empty(value):
                if default is not None:
                    parts.append(default)
            else:
                parts.append(encoded + _quote(value))
        return "&".join(parts)

    return query
