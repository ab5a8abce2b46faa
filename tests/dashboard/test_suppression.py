"""Small-number suppression (issue 4): examples, determinism, and a brute-force proof that
no suppressed value can be worked out from what is published.

The proof does not trust the module's own auditor: for each published table it builds the
linear system a reader has (every published cell and total, every row/column/grand total
equation, "<5" = 1..4, "*" >= 5 (complements are never small), zeros are zeros) and asks
scipy for the least and greatest value of each suppressed cell (``linprog``, whose optimum
is an integer table here because the margins' constraint matrix is totally unimodular; and
``milp`` where the exact integer answer is compared with the module's auditor). A cell is
safe only if they differ. No Django is needed.
"""

import itertools
import random
from types import SimpleNamespace

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from safeguarding.dashboard.suppression import (
    PRIMARY,
    PUBLISHED,
    SECONDARY,
    DisplayCell,
    disclosed_cells,
    disclosed_elements,
    format_count,
    suppress_series,
    suppress_table,
)

T = 5


# --------------------------------------------------------------------------- the reader


def _reader_bounds(cell: DisplayCell, threshold: int, withheld: bool):
    """What a reader knows of one shown value: its text, and whether a "*" is a withheld
    value (rule 5: a line or the whole table withheld, known only to be at least 0) or a
    complement (at least the threshold). A reader who cannot tell them apart knows less."""
    if not cell.suppressed:
        assert cell.text == format_count(cell.value)
        return cell.value, cell.value
    if withheld or cell.reason == "withheld":
        assert cell.text == "*"
        return 0, np.inf
    if cell.text == f"<{threshold}":
        return 1, threshold - 1
    assert cell.text == "*"
    return threshold, np.inf


def _ranges(shown, true_values, threshold, withheld, exact=False):
    """{(i, j): (min, max)} over integer tables consistent with what is shown (with
    ``exact=False``, min may be replaced by the true value when max exceeds it).

    ``shown`` is the extended grid of DisplayCells (last column row totals, last row column
    totals and the grand total). ``true_values`` is only used to check that the real table
    is one of the solutions (the reader never sees it).
    """
    n_rows = len(shown) - 1
    n_cols = len(shown[0]) - 1
    positions = [(i, j) for i in range(n_rows + 1) for j in range(n_cols + 1)]
    index = {p: k for k, p in enumerate(positions)}
    lower, upper = [], []
    for i, j in positions:
        lo, hi = _reader_bounds(shown[i][j], threshold, withheld)
        lower.append(lo)
        upper.append(hi)
    equations = []
    for i in range(n_rows + 1):  # each row, and the row of column totals
        row = np.zeros(len(positions))
        for j in range(n_cols):
            row[index[(i, j)]] = 1
        row[index[(i, n_cols)]] = -1
        equations.append(row)
    for j in range(n_cols + 1):  # each column, and the column of row totals
        row = np.zeros(len(positions))
        for i in range(n_rows):
            row[index[(i, j)]] = 1
        row[index[(n_rows, j)]] = -1
        equations.append(row)
    a = np.array(equations)
    truth = np.array([true_values[i][j] for i, j in positions], dtype=float)
    assert np.allclose(a @ truth, 0)
    assert all(lo <= v <= hi for lo, v, hi in zip(lower, truth, upper, strict=True))
    ranges = {}
    for (i, j), k in index.items():
        if shown[i][j].suppressed:
            ranges[(i, j)] = _range(a, lower, upper, k, truth[k], exact)
    return ranges


def _range(a, lower, upper, k, true, exact):
    """(least, greatest) value of variable k subject to a @ x = 0 and the bounds.

    With ``exact`` both come from integer programming (``milp``). Otherwise from linear
    programming (``linprog``, HiGHS), which is enough here: the constraint matrix of a
    table with its margins is totally unimodular and the bounds are integers, so the
    optimum is an integer table; and when the greatest value already exceeds the true
    value the least is not needed (the true value is the lower witness).
    """
    n = len(lower)
    found = []
    for sign in (-1, 1):  # greatest, then least
        c = np.zeros(n)
        c[k] = sign
        if exact:
            result = milp(
                c,
                constraints=LinearConstraint(a, 0, 0),
                bounds=Bounds(lower, upper),
                integrality=np.ones(n),
            )
        else:
            bounds = [
                (lo, None if hi == np.inf else hi) for lo, hi in zip(lower, upper, strict=True)
            ]
            result = linprog(c, A_eq=a, b_eq=np.zeros(len(a)), bounds=bounds, method="highs")
        if result.status == 0:
            found.append(sign * result.fun)
        else:  # unbounded above (a "*" with nothing capping it); the truth is feasible
            assert sign == -1 and result.status in (3, 4), result.message
            found.append(np.inf)
        if sign == -1 and not exact and found[0] > true + 0.5:
            return true, found[0]
    greatest, least = found
    return round(least), greatest


def assert_nothing_recoverable(counts, table, threshold=T):
    """Every suppressed value of ``table`` has at least two possible values."""
    values = [[*row, sum(row)] for row in counts]
    values.append([sum(col) for col in zip(*values, strict=True)] if counts else [0])
    ranges = _ranges(table.grid(), values, threshold, table.withheld)
    determined = {p: r for p, r in ranges.items() if not r[0] < r[1]}
    assert not determined, (counts, table.text_grid(), determined)
    return ranges


def _series_ranges(counts, series, threshold=T):
    shown = [*series.cells, series.total]
    n = len(shown)
    lower, upper = zip(*(_reader_bounds(c, threshold, series.withheld) for c in shown), strict=True)
    a = np.array([[1.0] * (n - 1) + [-1.0]])
    constraints = LinearConstraint(a, 0, 0)
    ranges = {}
    for k, cell in enumerate(shown):
        if not cell.suppressed:
            continue
        found = []
        for sign in (1, -1):
            c = np.zeros(n)
            c[k] = sign
            result = milp(
                c, constraints=constraints, bounds=Bounds(lower, upper), integrality=np.ones(n)
            )
            found.append(sign * result.fun if result.status == 0 else np.inf)
        ranges[k] = (round(found[0]), found[1])
    return ranges


def _random_table(rng, n_rows, n_cols):
    # Many zeros and small numbers, some larger ones: the hard case.
    choices = [0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 4, 5, 6, 7, 9, 12, 20, 45]
    return [[rng.choice(choices) for _ in range(n_cols)] for _ in range(n_rows)]


def _texts(table):
    return table.text_grid()


# --------------------------------------------------------------------------- examples


def test_no_small_numbers_leaves_the_table_unchanged():
    counts = [[12, 0, 7], [5, 1500, 30]]
    table = suppress_table(counts)
    assert _texts(table) == [
        ["12", "0", "7", "19"],
        ["5", "1,500", "30", "1,535"],
        ["17", "1,500", "37", "1,554"],
    ]
    assert not table.any_suppressed
    assert not table.withheld
    assert table.cells[1][1] == DisplayCell("1,500", 1500)


def test_one_small_cell_forces_a_complement_in_its_row_and_its_column():
    counts = [[3, 10, 12], [8, 9, 20], [15, 11, 30]]
    table = suppress_table(counts)
    grid = _texts(table)
    assert grid[0][0] == "<5"
    # Its row and its column each get another suppressed cell, the smallest that works,
    # and a fourth cell closes the rectangle.
    assert grid == [
        ["<5", "*", "12", "25"],
        ["*", "*", "20", "37"],
        ["15", "11", "30", "56"],
        ["26", "30", "62", "118"],
    ]
    assert table.cells[0][1].reason == SECONDARY
    assert table.cells[0][0].reason == PRIMARY
    assert table.cells[0][0].value is None  # the true count is not in the result
    assert_nothing_recoverable(counts, table)


def test_two_per_line_is_not_enough_when_a_complement_sits_on_its_bound():
    # "<5" + "*" = 6 in a row would give 1 and 5: the complement is chosen elsewhere.
    counts = [[1, 5, 7], [6, 8, 9]]
    table = suppress_table(counts)
    assert _texts(table) == [["<5", "5", "*", "13"], ["*", "8", "*", "23"], ["7", "13", "16", "36"]]
    assert_nothing_recoverable(counts, table)


def test_a_small_total_is_suppressed_and_protected():
    # Column 0 is 2 + 1 + 0 = 3: its cells and its total are small.
    counts = [[2, 40, 50], [1, 60, 70], [0, 80, 90]]
    table = suppress_table(counts)
    assert table.column_totals[0].text == "<5"
    assert table.column_totals[0].reason == PRIMARY
    assert table.cells[0][0].text == table.cells[1][0].text == "<5"
    assert table.cells[2][0].text == "0"
    assert_nothing_recoverable(counts, table)


def test_a_small_row_total_with_one_cell():
    counts = [[0, 3, 0], [20, 30, 40]]
    table = suppress_table(counts)
    assert table.row_totals[0].text == "<5"
    assert table.cells[0][1].text == "<5"
    assert [c.text for c in table.cells[0]][::2] == ["0", "0"]
    assert_nothing_recoverable(counts, table)


def test_all_zero_rows_and_columns_stay_zero():
    counts = [[0, 0, 0], [0, 2, 9], [0, 0, 0], [0, 8, 7]]
    table = suppress_table(counts)
    grid = _texts(table)
    assert grid[0] == ["0", "0", "0", "0"]
    assert grid[2] == ["0", "0", "0", "0"]
    assert [row[0] for row in grid] == ["0"] * 5
    assert grid[1][1] == "<5"
    assert_nothing_recoverable(counts, table)


def test_all_zero_table():
    table = suppress_table([[0, 0], [0, 0]])
    assert _texts(table) == [["0", "0", "0"], ["0", "0", "0"], ["0", "0", "0"]]


def test_zeros_cannot_pin_down_cells():
    # Two "<5" in a row summing to 2 with zeros shown would both be 1; the table adds
    # complements until that cannot be worked out.
    counts = [[1, 1, 0], [10, 10, 10]]
    table = suppress_table(counts)
    assert_nothing_recoverable(counts, table)
    assert table.row_totals[0].suppressed


def test_a_line_that_cannot_be_protected_withholds_the_table():
    # Four non-zero cells whose total is "<5" can only be 1 each, whatever else is hidden.
    counts = [[1, 1, 1, 1], [0, 0, 0, 0]]
    table = suppress_table(counts)
    assert table.withheld
    assert all(c.text == "*" and c.reason == "withheld" for row in table.grid() for c in row)
    assert_nothing_recoverable(counts, table)


REGIONS_BY_TYPE_2020 = [  # NHS England regions × types of review, 2020, on the demo data
    [1, 2, 0, 1, 6, 0, 20, 20],
    [2, 3, 1, 2, 4, 0, 18, 18],
    [4, 3, 1, 0, 7, 0, 33, 21],
    [3, 3, 0, 1, 4, 0, 21, 21],
    [0, 3, 1, 2, 11, 0, 11, 11],
    [3, 5, 1, 0, 4, 1, 21, 23],
    [3, 0, 0, 1, 7, 0, 17, 13],
]


def test_a_line_that_cannot_be_protected_is_withheld_and_the_rest_is_published():
    """The fourth column (four 1s, total 4) cannot be protected: it is withheld, zeros and
    total included, and the rest of the table is protected around it (it used to withhold
    the whole table, and so every multi-year sum that contained the year)."""
    counts = REGIONS_BY_TYPE_2020
    table = suppress_table(counts)
    assert not table.withheld
    grid = table.grid()
    withheld = {(i, j) for i, row in enumerate(grid) for j, c in enumerate(row) if c.reason}
    withheld = {p for p in withheld if grid[p[0]][p[1]].reason == "withheld"}
    assert withheld == {(i, 2) for i in range(8)}
    assert all(grid[i][2].text == "*" for i in range(8))
    # Most of the table is still published, the totals included.
    assert [c.text for c in grid[-1]] == [
        "16", "19", "*", "7", "43", "<5", "141", "127", "358"
    ]  # fmt: skip
    assert [c.value for c in table.row_totals] == [50, 48, 69, 53, 39, 58, 41]
    # The auditor finds nothing, and integer programming agrees: every hidden value
    # (the withheld column and the dhr_child 1, equal to its column total, included) has
    # at least two possible values.
    values = [[*row, sum(row)] for row in counts]
    values.append([sum(col) for col in zip(*values, strict=True)])
    statuses = [[c.reason or PUBLISHED for c in row] for row in grid]
    assert disclosed_cells(values, statuses) == []
    ranges = _ranges(grid, values, T, withheld=False, exact=True)
    assert ranges and all(lo < hi for lo, hi in ranges.values()), ranges
    assert ranges[(5, 5)][0] == 1 < ranges[(5, 5)][1]


def test_single_cell_table():
    table = suppress_table([[3]])
    assert _texts(table) == [["<5", "<5"], ["<5", "<5"]]
    assert_nothing_recoverable([[3]], table)
    assert _texts(suppress_table([[7]])) == [["7", "7"], ["7", "7"]]


def test_threshold_is_configurable():
    table = suppress_table([[9, 30], [40, 50]], threshold=10)
    assert table.cells[0][0].text == "<10"
    assert_nothing_recoverable([[9, 30], [40, 50]], table, threshold=10)


@pytest.mark.parametrize(
    "counts",
    [[[1, 2], [3]], [[-1]], [[1.5]], [[True]], [["3"]]],
)
def test_bad_counts_are_refused(counts):
    with pytest.raises(ValueError):
        suppress_table(counts)


@pytest.mark.parametrize("threshold", [0, 1, 2, 2.5, True])
def test_bad_threshold_is_refused(threshold):
    with pytest.raises(ValueError):
        suppress_table([[1]], threshold=threshold)
    with pytest.raises(ValueError):
        suppress_series([1], threshold=threshold)


# --------------------------------------------------------------------------- display and shares


def test_display_cells_for_exports():
    table = suppress_table([[3, 1234, 5000], [12, 20, 7]])
    cell = table.cells[0][1]
    assert cell.text in ("1,234", "*")
    for row in table.grid():
        for c in row:
            assert c.suppressed == (c.value is None)
            assert c.text in ("<5", "*") if c.suppressed else c.text == format_count(c.value)
    assert format_count(1234567) == "1,234,567"


def test_shares_use_published_values_only():
    counts = [[3, 10, 12], [8, 9, 20], [15, 11, 30]]
    table = suppress_table(counts)
    row = table.shares("row")
    # Row 0 total 25 is published; cells (0,0) and (0,1) are suppressed.
    assert [s.text for s in row[0]] == ["*", "*", "48.0%"]
    assert row[0][2].value == pytest.approx(48.0)
    column = table.shares("column", decimals=0)
    assert column[2][2].text == "48%"  # 30 of 62
    grand = table.shares("grand")
    assert grand[2][0].text == "12.7%"  # 15 of 118
    for grid in (row, column, grand):
        for i, share_row in enumerate(grid):
            for j, share in enumerate(share_row):
                if table.cells[i][j].suppressed:
                    assert share.suppressed
    with pytest.raises(ValueError):
        table.shares("diagonal")


def test_share_over_a_suppressed_or_zero_denominator_is_suppressed():
    table = suppress_table([[0, 3], [0, 8]])
    shares = table.shares("column")
    assert shares[0][0].suppressed  # 0 of 0
    assert shares[1][1].suppressed  # 8 is a complement ("*"), though its total 11 is shown
    series = suppress_series([0, 0])
    assert [s.text for s in series.shares()] == ["*", "*"]


# --------------------------------------------------------------------------- 1-D


def test_series_examples():
    series = suppress_series([120, 3, 40, 0, 18])
    assert [c.text for c in series.cells] == ["120", "<5", "40", "0", "*"]
    assert series.total.text == "181"
    assert [s.text for s in series.shares()] == ["66.3%", "*", "22.1%", "0.0%", "*"]

    unchanged = suppress_series([1200, 50, 0])
    assert [c.text for c in unchanged.cells] == ["1,200", "50", "0"]
    assert not unchanged.any_suppressed

    small_total = suppress_series([0, 2, 0])
    assert [c.text for c in small_total.cells] == ["0", "<5", "0"]
    assert small_total.total.text == "<5"

    withheld = suppress_series([1, 1, 1, 1])
    assert withheld.withheld
    assert {c.text for c in (*withheld.cells, withheld.total)} == {"*"}

    for counts, shown in (
        ([120, 3, 40, 0, 18], series),
        ([0, 2, 0], small_total),
        ([1, 1, 1, 1], withheld),
    ):
        assert all(lo < hi for lo, hi in _series_ranges(counts, shown).values())


def test_series_bound_trap():
    # "<5" and a "*" 5 with a published total 6 would give 1 and 5.
    series = suppress_series([1, 5, 9])
    assert [c.text for c in series.cells] == ["<5", "5", "*"]
    assert all(lo < hi for lo, hi in _series_ranges([1, 5, 9], series).values())


def test_random_series_cannot_be_undone():
    rng = random.Random(20240604)
    for _ in range(300):
        counts = [rng.choice([0, 0, 1, 1, 2, 3, 4, 5, 6, 8, 30]) for _ in range(rng.randint(1, 9))]
        series = suppress_series(counts)
        for k, c in enumerate(series.cells):
            assert c.suppressed or c.value == counts[k]
            if 0 < counts[k] < T:
                assert c.suppressed
        if 0 < sum(counts) < T:
            assert series.total.suppressed
        ranges = _series_ranges(counts, series)
        assert all(lo < hi for lo, hi in ranges.values()), (counts, ranges)


# --------------------------------------------------------------------------- the auditor


def test_the_bridge_weakness_of_the_two_per_line_rule():
    # Two rectangles of suppressed cells joined by one cell: every row and column has at
    # least two suppressed cells, yet the joining cell (1, 2) is the column 0-1 block sum
    # taken from rows 0-1, all of which the margins give.
    counts = [
        [9, 8, 0, 0, 30],
        [7, 6, 5, 0, 30],
        [0, 0, 6, 7, 30],
        [0, 0, 8, 9, 30],
        [30, 30, 30, 30, 30],
    ]
    values = [[*row, sum(row)] for row in counts]
    values.append([sum(col) for col in zip(*values, strict=True)])
    statuses = [[PUBLISHED] * 6 for _ in range(6)]
    for i, j in [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)]:
        statuses[i][j] = SECONDARY
    for line in statuses[:5]:
        assert sum(s != PUBLISHED for s in line) in (0, 2, 3)
    assert disclosed_cells(values, statuses) == [(1, 2)]
    # The reader's arithmetic: row 0 + row 1 totals minus column 0 + 1 totals, corrected
    # for the published cells in those rows and columns.
    block = (values[5][0] - 30) + (values[5][1] - 30)  # column totals minus row 4
    assert (values[0][5] - 30) + (values[1][5] - 30) - block == counts[1][2]
    # The module does not publish such a pattern.
    table = suppress_table(counts)
    assert_nothing_recoverable(counts, table)


def _random_pattern(rng, values, threshold):
    statuses = []
    for row in values:
        statuses.append(
            [
                PRIMARY
                if 0 < v < threshold
                else (SECONDARY if v > 0 and rng.random() < 0.4 else PUBLISHED)
                for v in row
            ]
        )
    return statuses


def test_auditor_agrees_with_integer_programming_on_random_patterns():
    """The module's cycle test says "disclosed" exactly when min == max."""
    rng = random.Random(7)
    for _ in range(150):
        counts = _random_table(rng, rng.randint(1, 4), rng.randint(1, 5))
        values = [[*row, sum(row)] for row in counts]
        values.append([sum(col) for col in zip(*values, strict=True)])
        statuses = _random_pattern(rng, values, T)
        shown = [
            [
                DisplayCell(format_count(v), v)
                if s == PUBLISHED
                else DisplayCell("<5" if s == PRIMARY else "*", None, s)
                for v, s in zip(row, srow, strict=True)
            ]
            for row, srow in zip(values, statuses, strict=True)
        ]
        ranges = _ranges(shown, values, T, withheld=False, exact=True)
        expected = sorted(p for p, (lo, hi) in ranges.items() if lo == hi)
        assert disclosed_cells(values, statuses) == expected, (values, statuses, ranges)


def test_series_auditor_agrees_with_integer_programming():
    rng = random.Random(11)
    for _ in range(200):
        counts = [rng.choice([0, 1, 2, 3, 4, 5, 6, 9]) for _ in range(rng.randint(1, 6))]
        values = [*counts, sum(counts)]
        statuses = [
            PRIMARY if 0 < v < T else (SECONDARY if v and rng.random() < 0.5 else PUBLISHED)
            for v in values
        ]
        cells = [
            DisplayCell(str(v), v)
            if s == PUBLISHED
            else DisplayCell("<5" if s == PRIMARY else "*", None, s)
            for v, s in zip(values, statuses, strict=True)
        ]

        shown = SimpleNamespace(cells=cells[:-1], total=cells[-1], withheld=False)
        ranges = _series_ranges(counts, shown)
        expected = sorted(k for k, (lo, hi) in ranges.items() if lo == hi)
        assert disclosed_elements(values, statuses) == expected


# --------------------------------------------------------------------------- the proof


SIZES = [(r, c) for r in range(2, 7) for c in range(2, 9)]


def test_random_tables_cannot_be_undone_by_addition_or_subtraction():
    """At least 300 random tables, 2×2 to 6×8, mostly small counts: for every one, every
    suppressed cell and total has a least and a greatest possible value that differ."""
    rng = random.Random(20240604)
    checked = suppressed = withheld = 0
    for k in range(360):
        n_rows, n_cols = SIZES[k % len(SIZES)]
        counts = _random_table(rng, n_rows, n_cols)
        table = suppress_table(counts)
        # Rule 1: every 1..4 (cells and totals) is hidden; published values are true.
        for i, row in enumerate(table.grid()):
            for j, cell in enumerate(row):
                true = (
                    counts[i][j]
                    if i < n_rows and j < n_cols
                    else sum(counts[i])
                    if i < n_rows
                    else sum(r[j] for r in counts)
                    if j < n_cols
                    else sum(map(sum, counts))
                )
                if 0 < true < T:
                    assert cell.suppressed
                if not cell.suppressed:
                    assert cell.value == true
                if cell.reason == SECONDARY:
                    assert true >= T
        ranges = assert_nothing_recoverable(counts, table)
        checked += 1
        suppressed += len(ranges)
        withheld += table.withheld
    assert checked == 360
    assert suppressed > 2000  # the sample really is full of small numbers
    assert withheld < checked // 10


def test_every_small_2x2_table_exhaustively():
    """All 2×2 tables with counts from {0, 1, 2, 4, 5, 7}: 1,296 tables."""
    checked = 0
    for flat in itertools.product([0, 1, 2, 4, 5, 7], repeat=4):
        counts = [list(flat[:2]), list(flat[2:])]
        table = suppress_table(counts)
        values = [[*row, sum(row)] for row in counts]
        values.append([sum(col) for col in zip(*values, strict=True)])
        statuses = [
            [PUBLISHED if not c.suppressed else c.reason for c in row] for row in table.grid()
        ]
        if not table.withheld:
            assert disclosed_cells(values, statuses) == []
        checked += 1
        if checked % 6 == 0:  # the integer programme on a sixth of them keeps this fast
            assert_nothing_recoverable(counts, table)
    assert checked == 1296


# --------------------------------------------------------------------------- determinism


def test_deterministic():
    rng = random.Random(3)
    for _ in range(40):
        counts = _random_table(rng, rng.randint(2, 6), rng.randint(2, 8))
        first = _texts(suppress_table(counts))
        assert _texts(suppress_table([list(r) for r in counts])) == first
        assert _texts(suppress_table(tuple(tuple(r) for r in counts))) == first


def test_ties_are_broken_by_position():
    # Identical candidate complements: the first in row-major order is used.
    counts = [[2, 10, 10], [10, 10, 10], [10, 10, 10]]
    assert _texts(suppress_table(counts))[:2] == [
        ["<5", "*", "10", "22"],
        ["*", "*", "10", "30"],
    ]


def test_totals_are_hidden_only_when_inner_cells_will_not_do():
    """Cheapest-first alone would hide the totals here (23 and 6 cost less than 20 + 12);
    hiding inner cells instead keeps every total published, so other tables with the same
    margins (reviews by type, by quarter and by stage) show the same totals."""
    table = suppress_table([[3, 20], [12, 12], [6, 0]])
    assert table.text_grid() == [
        ["<5", "*", "23"],
        ["*", "*", "24"],
        ["6", "0", "6"],
        ["21", "32", "53"],
    ]
    grid = [[3, 20, 23], [12, 12, 24], [6, 0, 6], [21, 32, 53]]
    statuses = [[c.reason for c in row] for row in table.grid()]
    assert disclosed_cells(grid, statuses) == []
