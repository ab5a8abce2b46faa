"""A dashboard figure as counts, and as published: suppressed above the owning organisation.

Plain Python. A ``Figure`` is a rows × columns table of counts with what a page needs to
show it (title, chart kind, links to the records behind each cell). ``publish`` turns it
into a ``Published`` table: the values every output (page, chart, CSV, XLSX, PDF) shows,
with small numbers suppressed when ``suppress`` is true. A suppressed count is not kept in
the result, so no output can leak it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

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
    hrefs = []
    for i, row in enumerate(figure.rows):
        line = []
        for j, column in enumerate(figure.columns):
            cell = cells[i][j]
            ok = figure.href is not None and cell.value  # published and not zero
            line.append(figure.href(row.key, column.key) if ok else None)
        hrefs.append(line)
    row_hrefs = [
        figure.href(row.key, None) if figure.href is not None and total.value else None
        for row, total in zip(figure.rows, row_totals, strict=True)
    ]
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
