"""What a report says, independent of how it is printed: plain dataclasses, no Django.

The dashboard fills a ``Report``; ``pdf.render_pdf`` and ``xlsx.render_xlsx`` print it.
A table cell is a number (``int`` or ``float``: right-aligned in the PDF, a number in the
spreadsheet), text (a ``str``, including the suppression markers ``"<5"`` and ``"*"``,
which stay text everywhere) or ``None`` (an empty cell).
"""

import re
from dataclasses import dataclass, field
from datetime import date

Cell = str | int | float | None

# Text that stands for a number too small (or too revealing) to publish.
SUPPRESSED_MARKERS = frozenset({"<5", "*"})
# Text that reads as a figure ("23.7%", "1,234", "-2.5"): it stays text, but lines up as one.
# A range ("12–14") or a least value ("120+") of a sum with a hidden part reads as one too.
_FIGURE_TEXT = re.compile(r"^[-+]?[0-9][0-9,]*((\.[0-9]+)?%?|–[0-9][0-9,]*|\+)$")


def is_number(value):
    """Whether a cell is a number (``bool`` is not, though Python says it is an int)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_figure(value):
    """A number, a suppression marker or text that reads as a figure."""
    if is_number(value):
        return True
    if isinstance(value, str):
        text = value.strip()
        return text in SUPPRESSED_MARKERS or bool(_FIGURE_TEXT.match(text))
    return False


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)

    def numeric_columns(self):
        """Indexes of the columns of figures, which are right-aligned: every cell a number,
        a suppression marker, text that reads as a figure ("23.7%") or empty."""
        out = []
        for index in range(len(self.headers)):
            values = [row[index] for row in self.rows if index < len(row)]
            values = [v for v in values if v is not None and v != ""]
            if values and all(is_figure(v) for v in values):
                out.append(index)
        return out

    def column_pieces(self, most):
        """The table as one or more tables of at most ``most`` value columns each, the way a
        statistical publication prints a table too wide for the page: each piece repeats
        the first (row-heading) column, and each after the first is captioned "(continued:
        columns 7 to 12)". The value columns are counted after the row-heading column; the
        notes go with the last piece."""
        values = len(self.headers) - 1
        if most < 1 or values <= most:
            return [self]
        pieces = []
        for start in range(1, values + 1, most):
            end = min(start + most - 1, values)
            if start == 1:
                caption = f"{self.caption} (columns 1 to {end} of {values})"
            else:
                span = f"column {start}" if start == end else f"columns {start} to {end}"
                caption = f"{self.caption} (continued: {span})"
            columns = [0, *range(start, end + 1)]
            pieces.append(
                Table(
                    caption=caption,
                    headers=[self.headers[i] for i in columns],
                    rows=[[row[i] if i < len(row) else None for i in columns] for row in self.rows],
                    notes=list(self.notes) if end == values else [],
                )
            )
        return pieces


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    chart_svg: str | None = None  # inline SVG markup (a str or markupsafe.Markup) or None
    tables: list[Table] = field(default_factory=list)
    # Bulleted (or, for a briefing's numbered sections, listed) points after the paragraphs.
    items: list[str] = field(default_factory=list)
    # Paragraphs after the points (a closing line, such as the themes with no lessons).
    closing: list[str] = field(default_factory=list)


SUPPRESSED_STATEMENT = (
    "Numbers from 1 to 4 are shown as <5; some other numbers are shown as * so that a "
    "small number cannot be worked out from the totals."
)
NOT_SUPPRESSED_STATEMENT = (
    "Counts are not suppressed: you are viewing your own organisation's records, so every "
    "number is shown as it is."
)


def suppression_statement(suppressed):
    """The one sentence saying whether small numbers are suppressed (covers and notes)."""
    return SUPPRESSED_STATEMENT if suppressed else NOT_SUPPRESSED_STATEMENT


@dataclass
class Report:
    title: str
    subtitle: str
    scope_label: str  # whose records: "North West region", "All of England"
    period_label: str  # "1 April 2024 to 31 March 2025"
    generated_on: date
    sections: list[Section]
    notes: list[str] = field(default_factory=list)
    # Whether small numbers are suppressed for this person's scope; None: say nothing.
    suppressed: bool | None = None

    @property
    def suppression_statement(self):
        return None if self.suppressed is None else suppression_statement(self.suppressed)


@dataclass
class Briefing:
    """A 7-minute briefing: a short document in seven numbered sections, no cover."""

    title: str  # "7-minute briefing: Child T"
    subtitle: str  # review type and partnership
    generated_on: date
    sections: list[Section]  # the seven, in order
    notes: list[str] = field(default_factory=list)
