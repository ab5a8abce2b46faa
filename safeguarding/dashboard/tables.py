"""A dashboard figure as counts, and as published: suppressed above the owning organisation.

Plain Python. A ``Figure`` is a rows × columns table of counts with what a page needs to
show it (title, chart kind, links to the records behind each cell). ``publish`` turns it
into a ``Published`` table: the values every output (page, chart, CSV, XLSX, PDF) shows,
with small numbers suppressed when ``suppress`` is true. A suppressed count is not kept in
the result, so no output can leak it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .suppression import (
    DisplayCell,
    DisplayShare,
    format_count,
    suppress_series,
    suppress_table,
)


@dataclass(frozen=True)
class Label:
    key: object
    label: str


@dataclass
class Figure:
    key: str
    title: str
    summary: str
    row_heading: str
    rows: list[Label]
    columns: list[Label]
    counts: list[list[int]]
    chart: str = "heatmap"  # "heatmap", "stacked", "bar" (the row totals) or "line"
    unit: str = "reviews"
    #: (row key, column key) -> the URL of the records behind the cell, or None.
    href: Callable | None = None
    #: Column keys whose share of the row total is shown in an extra column.
    share_of_row: tuple = ()
    notes: list[str] = field(default_factory=list)
    total_label: str = "Total"
    #: "quarter" or "year" when the columns are periods (see ``publish_blocks``).
    period_columns: str = ""
    #: Row key -> the keys it adds up, for a row such as "All other organisations".
    row_members: dict = field(default_factory=dict)
    #: What the row and column keys are, as a filter names them ("review_type", "theme",
    #: "region", "icb", "partnership"), or "": above the owner a filter picks rows or columns
    #: of the unfiltered figure (``narrow``) and no figure is worked out again for it.
    row_filter: str = ""
    column_filter: str = ""
    #: Filters the figure is already narrowed to, e.g. {"review_type": "rapid"}.
    only: dict = field(default_factory=dict)


@dataclass
class Published:
    figure: Figure
    cells: list[list[DisplayCell]]
    row_totals: list[DisplayCell]
    column_totals: list[DisplayCell]
    grand_total: DisplayCell
    hrefs: list[list[str | None]]
    row_hrefs: list[str | None]
    suppressed: bool  # whether suppression was applied (a view above the owner)
    withheld: bool = False
    #: Why the figure is not shown for this selection ("" when it is).
    unavailable: str = ""

    @property
    def key(self):
        return self.figure.key

    @property
    def title(self):
        return self.figure.title

    @property
    def any_suppressed(self):
        cells = [c for row in self.cells for c in row]
        return any(c.suppressed for c in [*cells, *self.row_totals, *self.column_totals])

    @staticmethod
    def _share(parts, total) -> DisplayShare:
        """The published parts as a share of a published total: "*" if any is hidden."""
        if total.value is None or any(p.value is None for p in parts):
            return DisplayShare("*", None)
        if total.value == 0:
            return DisplayShare("–", None)
        value = 100 * sum(p.value for p in parts) / total.value
        return DisplayShare(f"{value:.1f}%", value)

    def share_columns(self):
        """[(heading, [DisplayShare per row, then the totals row])] for the figure's
        ``share_of_row``: a column key, or (label, column keys) for a combined share."""
        keys = [c.key for c in self.figure.columns]
        out = []
        for spec in self.figure.share_of_row:
            label, wanted = spec if isinstance(spec, tuple) else (None, (spec,))
            index = [keys.index(k) for k in wanted if k in keys]
            if not index:
                continue
            heading = f"{label or self.figure.columns[index[0]].label} (share)"
            values = [
                self._share([row[j] for j in index], total)
                for row, total in zip(self.cells, self.row_totals, strict=True)
            ]
            values.append(self._share([self.column_totals[j] for j in index], self.grand_total))
            out.append((heading, values))
        return out

    def header(self):
        return [
            self.figure.row_heading,
            *[c.label for c in self.figure.columns],
            self.figure.total_label,
            *[heading for heading, _ in self.share_columns()],
        ]

    def body(self):
        """Rows of DisplayCell/DisplayShare after the row label, totals row last."""
        shares = [values for _, values in self.share_columns()]
        rows = []
        for i, row in enumerate(self.figure.rows):
            rows.append((row.label, [*self.cells[i], self.row_totals[i], *[s[i] for s in shares]]))
        totals = [*self.column_totals, self.grand_total, *[s[-1] for s in shares]]
        rows.append((self.figure.total_label, totals))
        return rows

    def text_rows(self):
        """Header, then every row as strings (CSV)."""
        out = [self.header()]
        for label, cells in self.body():
            out.append([label, *[c.text for c in cells]])
        return out

    def value_rows(self):
        """Header, then rows with published numbers as numbers and markers as text (XLSX)."""
        out = [self.header()]
        for label, cells in self.body():
            out.append([label, *[c.text if c.value is None else c.value for c in cells]])
        return out


def _plain(value: int) -> DisplayCell:
    return DisplayCell(format_count(value), value)


def _links(figure: Figure, cells, row_totals):
    """Links to the records behind each cell and row: only for published, non-zero values
    (a "<5", "*", range or lower bound is never a link)."""
    if figure.href is None:
        return [[None] * len(figure.columns) for _ in figure.rows], [None] * len(figure.rows)
    hrefs = [
        [
            figure.href(r.key, c.key) if cells[i][j].value else None
            for j, c in enumerate(figure.columns)
        ]
        for i, r in enumerate(figure.rows)
    ]
    row_hrefs = [
        figure.href(r.key, None) if total.value else None
        for r, total in zip(figure.rows, row_totals, strict=True)
    ]
    return hrefs, row_hrefs


def publish(figure: Figure, *, suppress: bool, threshold: int = 5) -> Published:
    counts = figure.counts
    if suppress and counts and figure.columns:
        table = suppress_table(counts, threshold=threshold)
        cells = [list(row) for row in table.cells]
        row_totals = list(table.row_totals)
        column_totals = list(table.column_totals)
        grand_total = table.grand_total
        withheld = table.withheld
    else:
        cells = [[_plain(v) for v in row] for row in counts]
        row_totals = [_plain(sum(row)) for row in counts]
        column_totals = [_plain(sum(row[j] for row in counts)) for j in range(len(figure.columns))]
        grand_total = _plain(sum(sum(row) for row in counts))
        withheld = False
    hrefs, row_hrefs = _links(figure, cells, row_totals)
    return Published(
        figure=figure,
        cells=cells,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=grand_total,
        hrefs=hrefs,
        row_hrefs=row_hrefs,
        suppressed=suppress,
        withheld=withheld,
    )


def cell_shares(published: Published, denominators=None) -> list[list[DisplayShare]]:
    """Each published cell as a share of its row total, or of its own published
    denominator (``denominators``: a grid of DisplayCell, for multi-label figures)."""
    out = []
    for i, row in enumerate(published.cells):
        line = []
        for j, cell in enumerate(row):
            denominator = denominators[i][j] if denominators else published.row_totals[i]
            if cell.value == 0 and denominator.value != 0:
                # None of a row that has some: 0%, whatever its hidden total.
                line.append(DisplayShare("0.0%", 0.0))
            elif cell.value is None or not denominator.value:
                line.append(DisplayShare("*" if cell.value is None else "–", None))
            else:
                value = 100 * cell.value / denominator.value
                line.append(DisplayShare(f"{value:.1f}%", value))
        out.append(line)
    return out


def publish_by_column(
    figure: Figure, row_totals: list[int], *, suppress: bool, threshold: int = 5
) -> Published:
    """Publish a figure whose columns overlap (a record can count in several, so a row's
    cells do not add up to its total): each column is suppressed as a series of its own
    with its total, and the row totals (``row_totals``, e.g. the records in each row) as
    another."""
    columns = list(zip(*figure.counts, strict=True)) if figure.counts else []
    if suppress:
        series = [suppress_series(list(col), threshold=threshold) for col in columns]
        totals = suppress_series(row_totals, threshold=threshold)
        cells = [[s.cells[i] for s in series] for i in range(len(figure.rows))]
        column_totals = [s.total for s in series]
        row_cells, grand = list(totals.cells), totals.total
    else:
        cells = [[_plain(v) for v in row] for row in figure.counts]
        column_totals = [_plain(sum(col)) for col in columns]
        row_cells, grand = [_plain(v) for v in row_totals], _plain(sum(row_totals))
    return Published(
        figure=figure,
        cells=cells,
        row_totals=row_cells,
        column_totals=column_totals,
        grand_total=grand,
        hrefs=[[None] * len(figure.columns) for _ in figure.rows],
        row_hrefs=[None] * len(figure.rows),
        suppressed=suppress,
    )


# --- periods made of blocks: what differencing periods cannot undo ---------------------------

#: The reason of a cell made of several blocks' cells, some of them suppressed: its text is
#: the range ("9–24") that the blocks' published values allow, or the least value they allow
#: ("120+", at least 120) when a hidden part has no upper bound, and its value is None.
RANGE = "range"
_INF = float("inf")


def _cell_bounds(published: Published, threshold: int):
    """(lo, hi) for every value of a published table (extended grid: rows with their total,
    then the totals row), from what the table itself publishes: an exact value is itself,
    "<5" is 1..threshold-1, "*" at least threshold; then a few rounds of propagation along
    each row and column equation (a total is the sum of its cells). Only published facts
    are used, so no bound says more than the table does."""
    grid = [[*row, total] for row, total in zip(published.cells, published.row_totals, strict=True)]
    grid.append([*published.column_totals, published.grand_total])
    bounds = []
    for line in grid:
        out = []
        for cell in line:
            if cell.value is not None:
                out.append([cell.value, cell.value])
            elif cell.reason == "primary":
                out.append([1, threshold - 1])
            elif cell.reason == "secondary":
                out.append([threshold, _INF])
            else:
                out.append([0, _INF])
        bounds.append(out)
    n_rows, n_cols = len(grid), len(grid[0])
    lines = [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    lines += [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    for _ in range(4):
        for line in lines:
            *parts, total = line
            lo_sum = sum(bounds[i][j][0] for i, j in parts)
            hi_sum = sum(bounds[i][j][1] for i, j in parts)
            ti, tj = total
            bounds[ti][tj][0] = max(bounds[ti][tj][0], lo_sum)
            bounds[ti][tj][1] = min(bounds[ti][tj][1], hi_sum)
            t_lo, t_hi = bounds[ti][tj]
            for i, j in parts:
                others_lo = lo_sum - bounds[i][j][0]
                others_hi = hi_sum - bounds[i][j][1]
                bounds[i][j][0] = max(bounds[i][j][0], t_lo - others_hi)
                bounds[i][j][1] = min(bounds[i][j][1], t_hi - others_lo)
    return bounds


def _combined(parts) -> DisplayCell:
    """The sum of several blocks' published cells, each given as (DisplayCell, lo, hi)."""
    if all(cell.value is not None for cell, _, _ in parts):
        return _plain(sum(cell.value for cell, _, _ in parts))
    if len(parts) == 1:
        return parts[0][0]  # one block: its own marker ("<5" or "*")
    lo = sum(lo for _, lo, _ in parts)
    hi = sum(hi for _, _, hi in parts)
    if hi == _INF:
        # No upper bound: the least total the blocks allow (every published part, every
        # "<5" at least 1, every "*" complement at least the threshold, a withheld value at
        # least 0, tightened along its block's rows and columns): "120+" is "at least 120".
        return DisplayCell(f"{format_count(int(lo))}+" if lo > 0 else "*", None, RANGE)
    return DisplayCell(f"{format_count(int(lo))}–{format_count(int(hi))}", None, RANGE)


def publish_blocks(
    figure: Figure, blocks: list[tuple[int, Figure]], *, threshold: int = 5
) -> Published:
    """Publish ``figure`` (the counts over a period made of whole blocks, here calendar
    years) from its blocks' figures, each suppressed on its own: every published value is
    a block's published value or the sum of blocks' published values, so whatever periods
    a person asks for, they learn nothing that the blocks alone do not say (see
    docs/dashboard-suppression.md). ``blocks`` is ``[(year, the same figure for that
    year)]``; ``figure.counts`` is used only for its rows and columns, never published.

    When ``figure.period_columns == "year"`` its columns are the years, and a year's cell
    is that block's row total; quarter columns belong to one block each."""
    by_year = figure.period_columns == "year"
    tables = []
    for year, block in blocks:
        published = publish(block, suppress=True, threshold=threshold)
        bounds = _cell_bounds(published, threshold) if block.counts and block.columns else None
        rows = {r.key: i for i, r in enumerate(block.rows)}
        columns = {c.key: j for j, c in enumerate(block.columns)}
        tables.append((year, published, bounds, rows, columns))

    def part(table, i, j):
        _, published, bounds, _, _ = table
        grid = [
            [*row, total] for row, total in zip(published.cells, published.row_totals, strict=True)
        ]
        grid.append([*published.column_totals, published.grand_total])
        lo, hi = bounds[i][j]
        return grid[i][j], lo, hi

    def members(row):
        return figure.row_members.get(row.key, [row.key])

    def parts_for(row, column):
        """The block cells that make up (row, column); None stands for a total."""
        out = []
        for table in tables:
            year, published, bounds, rows, columns = table
            if bounds is None:
                continue
            n_rows, n_cols = len(rows), len(columns)
            if column is None:
                j = n_cols
            elif by_year:
                if column.key != year:
                    continue
                j = n_cols
            elif column.key in columns:
                j = columns[column.key]
            else:
                continue
            keys = [n_rows] if row is None else [rows[k] for k in members(row) if k in rows]
            out.extend(part(table, i, j) for i in keys)
        return out

    def cell(row, column):
        parts = parts_for(row, column)
        return _combined(parts) if parts else _plain(0)

    cells = [[cell(r, c) for c in figure.columns] for r in figure.rows]
    row_totals = [cell(r, None) for r in figure.rows]
    column_totals = [cell(None, c) for c in figure.columns]
    grand_total = cell(None, None)
    hrefs, row_hrefs = _links(figure, cells, row_totals)
    return Published(
        figure=figure,
        cells=cells,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=grand_total,
        hrefs=hrefs,
        row_hrefs=row_hrefs,
        suppressed=True,
        # Only when every block is withheld: a sum with a withheld block shows what the
        # other blocks publish ("120+").
        withheld=bool(tables) and all(t[1].withheld for t in tables),
    )


# --- filters above the owner: rows and columns of the unfiltered figure -------------------------

#: The marker of a figure that is not shown for the chosen filters.
NOT_AVAILABLE = DisplayCell("Not available", None, "unavailable")


def narrow(published: Published, chosen: dict, reasons: dict) -> Published:
    """The part of an unfiltered published figure that the filters ``chosen`` select:
    ``{"review_type": "rapid", "icb": 12, "theme": 3}``. A filter on the figure's row or
    column keys keeps that row or column, with the values the unfiltered figure publishes
    (its cells, and its totals as the totals of the slice), so nothing is published that
    the unfiltered figure does not already publish. A filter the figure is not broken down
    by would need the figure worked out again, which could be compared with the unfiltered
    one: the figure is not shown, and ``reasons[filter]`` says why (see
    docs/dashboard-suppression.md)."""
    figure = published.figure
    rows, columns = list(range(len(figure.rows))), list(range(len(figure.columns)))
    all_rows, all_columns = True, True
    for name, key in chosen.items():
        if name in figure.only:
            if figure.only[name] == key:
                continue
            rows, all_rows = [], False  # nothing of it is counted here: known to be none
        elif name == figure.row_filter:
            rows, all_rows = [i for i in rows if figure.rows[i].key == key], False
        elif name == figure.column_filter:
            columns, all_columns = [j for j in columns if figure.columns[j].key == key], False
        else:
            return _unavailable(published, reasons.get(name, "Not available for this selection."))
    if all_rows and all_columns:
        return published

    def total_of_row(i):
        return published.row_totals[i] if all_columns else published.cells[i][columns[0]]

    def total_of_column(j):
        return published.column_totals[j] if all_rows else published.cells[rows[0]][j]

    if not rows or not columns:
        grand = _plain(0)
    elif all_rows:
        grand = published.column_totals[columns[0]] if not all_columns else published.grand_total
    elif all_columns:
        grand = published.row_totals[rows[0]]
    else:
        grand = published.cells[rows[0]][columns[0]]
    new = replace(
        figure,
        rows=[figure.rows[i] for i in rows],
        columns=[figure.columns[j] for j in columns],
        counts=[[figure.counts[i][j] for j in columns] for i in rows] if figure.counts else [],
    )
    return replace(
        published,
        figure=new,
        cells=[[published.cells[i][j] for j in columns] for i in rows],
        row_totals=[total_of_row(i) for i in rows] if columns else [_plain(0) for _ in rows],
        column_totals=[total_of_column(j) for j in columns]
        if rows
        else [_plain(0) for _ in columns],
        grand_total=grand,
        hrefs=[[published.hrefs[i][j] for j in columns] for i in rows],
        row_hrefs=[
            published.row_hrefs[i]
            if all_columns
            else published.hrefs[i][columns[0]]
            if columns
            else None
            for i in rows
        ],
    )


def _unavailable(published: Published, reason: str) -> Published:
    figure = replace(published.figure, rows=[], columns=[], counts=[], notes=[reason])
    return replace(
        published,
        figure=figure,
        cells=[],
        row_totals=[],
        column_totals=[],
        grand_total=NOT_AVAILABLE,
        hrefs=[],
        row_hrefs=[],
        withheld=False,
        unavailable=reason,
    )
