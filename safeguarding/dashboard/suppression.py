"""Small-number suppression for count tables shown above the owning organisation.

Plain Python (no Django). Every view above the organisation that owns the records shows
counts through this module, so pages, CSV and XLSX exports all publish the same values.

Public API
==========

``suppress_table(counts, *, threshold=5) -> SuppressedTable``
    ``counts`` is a rectangular list of rows of non-negative integers (rows × columns, e.g.
    review type × quarter). The result holds ``cells`` (rows × columns), ``row_totals``,
    ``column_totals`` and ``grand_total``, each a ``DisplayCell``; ``grid()`` gives the
    table with its totals as one grid of strings for CSV/XLSX, ``shares(of=...)`` gives
    percentages of the row, column or grand total.

``suppress_series(counts, *, threshold=5) -> SuppressedSeries``
    The one-dimensional case (a bar chart by region): ``cells`` and ``total``, with
    ``shares()``.

``DisplayCell(text, value, reason)``
    ``text`` is what to show ("<5", "*" or the number with thousands separators, e.g.
    "1,234"); ``value`` is the published integer, or ``None`` when suppressed (XLSX writes
    numbers for published cells and ``text`` otherwise); ``suppressed`` is the flag;
    ``reason`` is ``"primary"``, ``"secondary"``, ``"withheld"`` or ``""``. A suppressed
    cell's true count is not kept anywhere in the result, so a template cannot leak it.

``DisplayShare(text, value)``
    A percentage ("12.5%") or the suppression marker; ``value`` is ``None`` when suppressed.

``disclosed_cells(values, statuses, threshold)`` / ``disclosed_elements(...)``
    The auditor of rule 4, exposed for tests and for checking any other pattern: the
    suppressed positions of an extended table (or series) whose value a reader could work
    out exactly.

Rules
=====

1. Primary suppression. A cell or a total (row, column or grand) with a count from 1 to
   ``threshold - 1`` is suppressed and shown as ``"<5"`` (``"<{threshold}"``).

2. Zeros are shown as ``0`` (the NHS England / ONS convention: a zero discloses nothing
   about a person, and hiding zeros makes tables unreadable). Because zeros are shown, a
   reader knows that every ``"<5"`` is between 1 and 4, not 0 and 4; the auditor (rule 4)
   uses exactly that knowledge, so zeros cannot be used to pin a suppressed cell down.
   Zeros are never chosen as complements.

3. Secondary (complementary) suppression. Further non-zero cells or totals are suppressed
   and shown as ``"*"`` until rule 4 holds. The marker is different from ``"<5"`` because a
   complement is usually not small (showing "<5" for a 37 would be false); the auditor
   assumes a reader knows every ``"*"`` is at least ``threshold`` (complements are only
   ever chosen among published non-zero values, which are all ``>= threshold``).
   Complements are added for one disclosed value at a time, the first in row-major order
   of the extended table (inner cells and their row total, row by row, then the column
   totals and the grand total): the cheapest set of published non-zero values that closes
   a protecting cycle through it (rule 4), where a value costs its own size, so small cells
   go first, and a total only when no set of inner cells will do (a shortest-path search;
   ties by position), so tables that share a margin publish the same totals.
   This repeats until nothing suppressed is disclosed. The usual "at least two suppressed
   cells in every row and column, counting the total" rule follows (a lone suppressed
   value in a line is always disclosed), but that rule alone is not enough: see rule 4.

4. The guarantee. Given everything published (the shown cells and totals, that zeros are
   zeros, that each ``"<5"`` is 1..threshold-1 and each ``"*"`` is >= threshold), no
   suppressed value is determined exactly: for each one, at least two values (integer or
   real, it makes no difference here) are consistent with all the published figures. So
   no sum or difference of published figures, and no linear programme, gives it exactly.

   The check is exact, not a heuristic. Write the table with its margins as a bipartite
   graph: one node per row (plus the total row), one per column (plus the total column),
   one edge per cell. With the margins negated, every row and column of that extended table
   sums to zero, so the difference between two tables that publish the same figures is a
   circulation on the suppressed edges. A suppressed cell can change iff it lies on a
   cycle of suppressed cells along which +1/-1 alternately keeps every cell within what a
   reader knows of it (conformal decomposition of the circulation; the constraint matrix is
   totally unimodular, so the real and integer answers agree). The auditor looks for such
   a cycle through each suppressed cell in the residual graph. This catches the known
   weakness of the two-per-line rule: suppressed cells that form two groups joined by one
   cell (a "bridge") satisfy two-per-line, yet the bridge is the difference of sums that
   the margins give; and bounds such as "<5" + "*" = 6 (so 1 and 5).

5. Withholding. Some lines cannot be protected under rules 1-3 whatever else is hidden:
   a row or column (the totals row and column included) with ``threshold - 1`` non-zero
   cells and a total of ``threshold - 1``, e.g. four 1s and zeros, whose total 4 is shown
   as "<5": four non-zero cells adding up to less than 5 can only be 1 each. Such a line is
   withheld: its cells and its total, zeros included, are shown as ``"*"`` with reason
   ``"withheld"``, and a reader knows only that each is at least 0 (the auditor assumes
   exactly that). The rest of the table is then protected around it as usual (rule 3).
   If that leaves no non-zero value shown, or no set of complements can protect a value,
   the whole table is withheld: every cell and total, zeros included, is ``"*"`` with
   reason ``"withheld"`` and ``withheld`` is true; pages should say the numbers are too
   small to show.

6. Shares (percentages) come only from published values: the share of a suppressed cell,
   or of any cell whose denominator is suppressed or 0, is suppressed too.

7. Deterministic: the same counts and threshold always give the same pattern; ties are
   broken by position (row-major), never by anything random or by dict order.

Limits: the guarantee is "not exactly", not "not narrowly": a reader may still learn that
a suppressed cell is, say, 3 or 4. It covers one table; publishing overlapping tables
(the same counts cut differently, or a table and a subtotal of it elsewhere, or the same
table over time) needs the tables suppressed together. A withheld line or table reveals that it
needed withholding. See docs/dashboard-suppression.md.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "COMPLEMENT_MARKER",
    "DEFAULT_THRESHOLD",
    "PRIMARY",
    "PUBLISHED",
    "SECONDARY",
    "WITHHELD",
    "WITHHELD_MARKER",
    "DisplayCell",
    "DisplayShare",
    "SuppressedSeries",
    "SuppressedTable",
    "disclosed_cells",
    "disclosed_elements",
    "format_count",
    "suppress_series",
    "suppress_table",
]

DEFAULT_THRESHOLD = 5
COMPLEMENT_MARKER = "*"
WITHHELD_MARKER = "*"

PUBLISHED = ""
PRIMARY = "primary"
SECONDARY = "secondary"
WITHHELD = "withheld"

_INF = float("inf")


# --------------------------------------------------------------------------- display


@dataclass(frozen=True, slots=True)
class DisplayCell:
    """One published or suppressed count, as every output shows it."""

    text: str
    value: int | None
    reason: str = PUBLISHED

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass(frozen=True, slots=True)
class DisplayShare:
    """A percentage of a published count over a published, non-zero denominator."""

    text: str
    value: float | None

    @property
    def suppressed(self) -> bool:
        return self.value is None


def format_count(value: int) -> str:
    """A count with thousands separators: 1234 -> "1,234"."""
    return f"{value:,}"


def _marker(reason: str, threshold: int) -> str:
    if reason == PRIMARY:
        return f"<{threshold}"
    if reason == SECONDARY:
        return COMPLEMENT_MARKER
    return WITHHELD_MARKER


def _display(value: int, reason: str, threshold: int) -> DisplayCell:
    if reason == PUBLISHED:
        return DisplayCell(format_count(value), value)
    return DisplayCell(_marker(reason, threshold), None, reason)


def _share(numerator: DisplayCell, denominator: DisplayCell, decimals: int) -> DisplayShare:
    if numerator.value is None or denominator.value is None or denominator.value == 0:
        return DisplayShare(COMPLEMENT_MARKER, None)
    value = 100 * numerator.value / denominator.value
    return DisplayShare(f"{value:.{decimals}f}%", value)


# --------------------------------------------------------------------------- validation


def _check_threshold(threshold: int) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 3:
        # With threshold 2, "<2" would mean exactly 1: nothing would be hidden.
        raise ValueError("threshold must be an integer of at least 3")


def _check_count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"counts must be non-negative integers, not {value!r}")
    return value


def _bounds(value: int, reason: str, threshold: int) -> tuple[float, float]:
    """What a reader knows of a value from how it is shown (rule 4)."""
    if reason == PUBLISHED:
        return value, value
    if reason == PRIMARY:
        return 1, threshold - 1
    if reason == SECONDARY:
        return threshold, _INF
    return 0, _INF


# --------------------------------------------------------------------------- 2-D auditor


def _cell_arcs(i, j, x, reason, threshold, n_rows, n_cols):
    """The residual arcs of cell (i, j) of the extended table (see ``_arcs``)."""
    lo, hi = _bounds(x, reason, threshold)
    margin = (i == n_rows) != (j == n_cols)
    x_up, x_down = x + 1 <= hi, x - 1 >= lo
    y_up, y_down = (x_down, x_up) if margin else (x_up, x_down)
    rn, cn = ("r", i), ("c", j)
    edge = []
    if y_up:
        edge.append((rn, cn))
    if y_down:
        edge.append((cn, rn))
    return edge


def _arcs(values, statuses, threshold):
    """The residual graph of the extended table.

    Nodes: ``("r", i)`` for rows 0..R (R is the total row), ``("c", j)`` for columns 0..C
    (C is the total column). Cell (i, j) is the edge r_i -- c_j carrying y = +x for inner
    cells and the grand total, y = -x for row and column totals; every node's y sum is 0.
    Returns {(i, j): [(tail, head), ...]} for suppressed cells: arc r->c if y can go up by
    one within what a reader knows of the cell, c->r if it can go down.
    """
    n_rows = len(values) - 1
    n_cols = len(values[0]) - 1
    arcs = {}
    for i, row in enumerate(values):
        for j, x in enumerate(row):
            if statuses[i][j] != PUBLISHED:
                arcs[(i, j)] = _cell_arcs(i, j, x, statuses[i][j], threshold, n_rows, n_cols)
    return arcs


def _adjacency(arcs):
    adjacency: dict[tuple[str, int], list[tuple[tuple[str, int], tuple[int, int]]]] = {}
    for cell, edge in arcs.items():
        for tail, head in edge:
            adjacency.setdefault(tail, []).append((head, cell))
    return adjacency


def _on_cycle(cell, arcs, adjacency) -> bool:
    """Whether a cycle of suppressed cells through ``cell`` can shift by one unit."""
    for tail, head in arcs[cell]:
        # A path head -> tail that does not use this cell closes a simple cycle.
        seen = {head}
        queue = deque([head])
        while queue:
            node = queue.popleft()
            for nxt, via in adjacency.get(node, ()):
                if via == cell or nxt in seen:
                    continue
                if nxt == tail:
                    return True
                seen.add(nxt)
                queue.append(nxt)
    return False


_TOTAL_PENALTY = 10**12


def _complements_for(values, statuses, threshold, cell):
    """The cheapest set of published cells whose suppression protects ``cell``.

    Dijkstra over the residual graph in which suppressed cells cost nothing and each
    published non-zero cell may be used as a complement (a "*", known to be >= threshold)
    at a cost of its value (so small cells are hidden first), and a total only when no set
    of inner cells will do.
    Returns the cells to suppress, or None if even hiding every non-zero value would not
    protect ``cell``. Ties are broken by position, so the result is deterministic.
    """
    n_rows = len(values) - 1
    n_cols = len(values[0]) - 1
    adjacency: dict[tuple[str, int], list] = {}
    for i, j in _order(values):
        x, reason = values[i][j], statuses[i][j]
        if (i, j) == cell:
            continue
        if reason == PUBLISHED:
            if x == 0:
                continue
            cost, reason = x, SECONDARY
            if i == n_rows or j == n_cols:
                # A total is hidden only when no set of inner cells will do: tables that
                # share a margin (reviews by type, cut by quarter and by stage) then publish
                # the same totals, so one cannot give away what the other hides.
                cost += _TOTAL_PENALTY
        else:
            cost = 0
        for tail, head in _cell_arcs(i, j, x, reason, threshold, n_rows, n_cols):
            adjacency.setdefault(tail, []).append((head, cost, (i, j)))

    best = None
    for tail, head in _arcs(values, statuses, threshold)[cell]:
        # Cheapest path head -> tail; with the cell's own arc it is a cycle.
        dist = {head: (0, 0)}
        previous: dict = {}
        heap = [((0, 0), _node_key(head), head)]
        done = set()
        while heap:
            d, _, node = heapq.heappop(heap)
            if node in done:
                continue
            done.add(node)
            if node == tail:
                break
            for nxt, cost, via in adjacency.get(node, ()):
                nd = (d[0] + cost, d[1] + (cost > 0))
                if nxt not in dist or nd < dist[nxt]:
                    dist[nxt] = nd
                    previous[nxt] = (node, via)
                    heapq.heappush(heap, (nd, _node_key(nxt), nxt))
        if tail not in done:
            continue
        path = []
        node = tail
        while node != head:
            node, via = previous[node]
            if statuses[via[0]][via[1]] == PUBLISHED:
                path.append(via)
        candidate = (dist[tail], sorted(path))
        if best is None or candidate < best:
            best = candidate
    return None if best is None else best[1]


def _node_key(node):
    return (node[0], node[1])


def _extended(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    rows = [[_check_count(v) for v in row] for row in counts]
    width = len(rows[0]) if rows else 0
    if any(len(row) != width for row in rows):
        raise ValueError("every row must have the same number of columns")
    extended = [[*row, sum(row)] for row in rows]
    column_totals = [sum(row[j] for row in rows) for j in range(width)]
    extended.append([*column_totals, sum(column_totals)])
    return extended


def _order(values):
    """All positions of the extended table: inner cells, total column, total row."""
    n_rows = len(values) - 1
    n_cols = len(values[0]) - 1
    return [(i, j) for i in range(n_rows + 1) for j in range(n_cols + 1)]


def disclosed_cells(
    values: Sequence[Sequence[int]],
    statuses: Sequence[Sequence[str]],
    threshold: int = DEFAULT_THRESHOLD,
) -> list[tuple[int, int]]:
    """Suppressed positions whose value a reader can work out exactly (rule 4).

    ``values`` and ``statuses`` are the extended table: rows × columns plus a last column of
    row totals and a last row of column totals ending with the grand total; statuses are
    ``PUBLISHED``, ``PRIMARY``, ``SECONDARY`` or ``WITHHELD``. Row-major order.
    """
    arcs = _arcs(values, statuses, threshold)
    adjacency = _adjacency(arcs)
    return [
        cell for cell in _order(values) if cell in arcs and not _on_cycle(cell, arcs, adjacency)
    ]


def _first_disclosed(values, statuses, threshold):
    arcs = _arcs(values, statuses, threshold)
    adjacency = _adjacency(arcs)
    for cell in _order(values):
        if cell in arcs and not _on_cycle(cell, arcs, adjacency):
            return cell
    return None


# --------------------------------------------------------------------------- 2-D table


@dataclass(frozen=True)
class SuppressedTable:
    """A rows × columns table of counts with totals, as it may be published."""

    threshold: int
    cells: tuple[tuple[DisplayCell, ...], ...]
    row_totals: tuple[DisplayCell, ...]
    column_totals: tuple[DisplayCell, ...]
    grand_total: DisplayCell
    withheld: bool = False

    @property
    def any_suppressed(self) -> bool:
        return any(c.suppressed for c in self._all())

    def _all(self):
        for row in self.cells:
            yield from row
        yield from self.row_totals
        yield from self.column_totals
        yield self.grand_total

    def grid(self) -> list[list[DisplayCell]]:
        """Rows with their total at the end, then the column totals and the grand total."""
        rows = [[*row, total] for row, total in zip(self.cells, self.row_totals, strict=True)]
        rows.append([*self.column_totals, self.grand_total])
        return rows

    def text_grid(self) -> list[list[str]]:
        """``grid()`` as strings, e.g. for a CSV export."""
        return [[cell.text for cell in row] for row in self.grid()]

    def shares(
        self, of: Literal["row", "column", "grand"] = "row", *, decimals: int = 1
    ) -> tuple[tuple[DisplayShare, ...], ...]:
        """Each inner cell as a percentage of its row total, column total or the grand
        total; suppressed when either value is suppressed or the denominator is 0."""
        if of not in ("row", "column", "grand"):
            raise ValueError("of must be 'row', 'column' or 'grand'")
        result = []
        for i, row in enumerate(self.cells):
            shares = []
            for j, cell in enumerate(row):
                if of == "row":
                    denominator = self.row_totals[i]
                elif of == "column":
                    denominator = self.column_totals[j]
                else:
                    denominator = self.grand_total
                shares.append(_share(cell, denominator, decimals))
            result.append(tuple(shares))
        return tuple(result)


def _saturated_lines(values, threshold):
    """Lines (rows and columns of the extended table, the totals row and column included)
    that no complement can protect: ``threshold - 1`` non-zero cells and a total of
    ``threshold - 1``. Each cell is at least 1 and the total at most ``threshold - 1`` (it
    is shown as "<5"), so every cell is 1 whatever else is hidden. Each is a list of its
    positions, its total last."""
    n_rows = len(values) - 1
    n_cols = len(values[0]) - 1
    lines = [[(i, j) for j in range(n_cols + 1)] for i in range(n_rows + 1)]
    lines += [[(i, j) for i in range(n_rows + 1)] for j in range(n_cols + 1)]
    saturated = []
    for line in lines:
        *parts, total = line
        non_zero = sum(1 for i, j in parts if values[i][j] > 0)
        if values[total[0]][total[1]] == threshold - 1 == non_zero:
            saturated.append(line)
    return saturated


def _statuses_2d(values, threshold):
    statuses = [[PRIMARY if 0 < v < threshold else PUBLISHED for v in row] for row in values]
    withheld = False
    # Rule 5: a line that cannot be protected is withheld, zeros and total included (each
    # shown as "*", known only to be at least 0), and the rest of the table is protected
    # around it; if that leaves no non-zero value shown, the whole table is withheld.
    for line in _saturated_lines(values, threshold):
        for i, j in line:
            statuses[i][j] = WITHHELD
    if any(s == WITHHELD for row in statuses for s in row) and not any(
        v > 0 and s != WITHHELD
        for row, srow in zip(values, statuses, strict=True)
        for v, s in zip(row, srow, strict=True)
    ):
        return [[WITHHELD for _ in row] for row in values], True
    while True:
        cell = _first_disclosed(values, statuses, threshold)
        if cell is None:
            break
        extra = _complements_for(values, statuses, threshold, cell)
        if extra == []:  # pragma: no cover - a disclosed cell is on no cycle
            raise RuntimeError("no complement found for a disclosed cell")
        if extra is None:
            withheld = True
            statuses = [[WITHHELD for _ in row] for row in values]
            break
        for i, j in extra:
            statuses[i][j] = SECONDARY
    return statuses, withheld


def suppress_table(
    counts: Sequence[Sequence[int]], *, threshold: int = DEFAULT_THRESHOLD
) -> SuppressedTable:
    """Suppress a rows × columns table of counts and its row, column and grand totals.

    ``counts[i][j]`` is the count for row i and column j. Totals are computed here. See the
    module docstring for the rules and the guarantee.
    """
    _check_threshold(threshold)
    values = _extended(counts)
    statuses, withheld = _statuses_2d(values, threshold)
    shown = [
        [_display(v, s, threshold) for v, s in zip(row, srow, strict=True)]
        for row, srow in zip(values, statuses, strict=True)
    ]
    return SuppressedTable(
        threshold=threshold,
        cells=tuple(tuple(row[:-1]) for row in shown[:-1]),
        row_totals=tuple(row[-1] for row in shown[:-1]),
        column_totals=tuple(shown[-1][:-1]),
        grand_total=shown[-1][-1],
        withheld=withheld,
    )


# --------------------------------------------------------------------------- 1-D series


def disclosed_elements(
    values: Sequence[int], statuses: Sequence[str], threshold: int = DEFAULT_THRESHOLD
) -> list[int]:
    """Suppressed positions of a series whose value a reader can work out exactly.

    ``values`` is the counts followed by their total (last). With one equation
    (sum of counts = total) a value can move iff one other suppressed value can absorb the
    move: another count in the opposite direction, or the total in the same direction.
    """
    total_index = len(values) - 1
    moves = []
    for value, reason in zip(values, statuses, strict=True):
        if reason == PUBLISHED:
            moves.append(None)
            continue
        lo, hi = _bounds(value, reason, threshold)
        moves.append((value + 1 <= hi, value - 1 >= lo))
    disclosed = []
    for index, move in enumerate(moves):
        if move is None:
            continue
        up, down = move
        free = False
        for other, other_move in enumerate(moves):
            if other == index or other_move is None:
                continue
            other_up, other_down = other_move
            if index == total_index or other == total_index:
                # The total moves with a count in the same direction.
                free = (up and other_up) or (down and other_down)
            else:
                free = (up and other_down) or (down and other_up)
            if free:
                break
        if not free:
            disclosed.append(index)
    return disclosed


@dataclass(frozen=True)
class SuppressedSeries:
    """A list of counts (e.g. by region) with its total, as it may be published."""

    threshold: int
    cells: tuple[DisplayCell, ...]
    total: DisplayCell
    withheld: bool = False

    @property
    def any_suppressed(self) -> bool:
        return self.total.suppressed or any(c.suppressed for c in self.cells)

    def shares(self, *, decimals: int = 1) -> tuple[DisplayShare, ...]:
        """Each count as a percentage of the total (suppressed as for tables)."""
        return tuple(_share(cell, self.total, decimals) for cell in self.cells)


def suppress_series(
    counts: Sequence[int], *, threshold: int = DEFAULT_THRESHOLD
) -> SuppressedSeries:
    """Suppress a list of counts and their total, with the same rules as tables."""
    _check_threshold(threshold)
    values = [_check_count(v) for v in counts]
    values.append(sum(values))
    total_index = len(values) - 1
    statuses = [PRIMARY if 0 < v < threshold else PUBLISHED for v in values]
    withheld = False
    while True:
        disclosed = disclosed_elements(values, statuses, threshold)
        if not disclosed:
            break
        open_ = [k for k, v in enumerate(values) if statuses[k] == PUBLISHED and v > 0]
        if not open_:
            withheld = True
            statuses = [WITHHELD] * len(values)
            break
        ranked = sorted(open_, key=lambda k: (values[k], k == total_index, k))
        target = disclosed[0]
        chosen = ranked[0]
        for candidate in ranked:
            statuses[candidate] = SECONDARY
            ok = target not in disclosed_elements(values, statuses, threshold)
            statuses[candidate] = PUBLISHED
            if ok:
                chosen = candidate
                break
        statuses[chosen] = SECONDARY
    shown = [_display(v, s, threshold) for v, s in zip(values, statuses, strict=True)]
    return SuppressedSeries(
        threshold=threshold, cells=tuple(shown[:-1]), total=shown[-1], withheld=withheld
    )
