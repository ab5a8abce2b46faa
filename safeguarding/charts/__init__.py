"""Server-rendered, accessible SVG charts (no JavaScript, no Django), for the dashboard,
the reports and any page that draws a figure.

Every function returns a ``markupsafe.Markup`` string, so a Jinja template outputs it with
``{{ chart }}``; the same string goes into the PDF report (WeasyPrint draws inline SVG with
its own renderer, so everything here uses SVG presentation attributes, not CSS classes,
and nothing that WeasyPrint does not draw: no ``dominant-baseline``, no transforms on text,
no filters).

The page always shows a table with the same numbers next to the chart: the chart is the
picture, the table is the record. Each SVG has ``role="img"`` (``role="group"`` when it
carries links, so that the links stay reachable; its other texts are then
``aria-hidden``), a ``<title>`` and a ``<desc>``, and ``aria-labelledby`` pointing to both.
Every id in it starts with the ``id`` prefix: the ``<svg>`` is ``{id}-chart``, then
``{id}-title``, ``{id}-desc``, ``{id}-pattern-N``, ``{id}-hatch``; so several charts on a
page need different prefixes (``{id}-table`` is left for the page's table). The description says where the table is; pass
``table_id`` (the table's DOM id, added as ``aria-details``) and ``table_caption`` to name
it.

Suppressed figures
==================

Each data point is a published ``int`` (or ``None`` when suppressed) and its display text
("12", "1,234", "<5", "*"), as ``safeguarding.dashboard.suppression.DisplayCell`` gives
them (``from_cells()`` splits a sequence of cells into the two lists). A suppressed point
draws no bar, no segment, a gap in a line, or a pale grey hatched heatmap cell, with its
text shown, and a note under the chart explains the markers. Nothing is computed from a
suppressed point: scales come from published values only, a stacked total comes from the
published total (``totals``), never from a sum that includes a hidden segment.

Public API
==========

``bar_chart(labels, values, texts, *, title, id, unit="reviews", hrefs=None,
table_id=None, table_caption=None, orientation="horizontal", desc=None, width=720)``
    One series. Horizontal: labels on the left (wrapped, never cut), bars, the value text
    at the end of each bar. Vertical: columns with the value above and the label below.

``stacked_bar_chart(labels, series, *, title, id, totals=None, unit="reviews",
table_id=None, table_caption=None, desc=None, width=720)``
    Horizontal bars split into segments. ``series`` is a list of ``(name, values, texts)``
    or ``(name, values, texts, hrefs)``, one entry per segment kind (e.g. review stage);
    ``totals`` is an optional ``(values, texts)`` pair, the published total of each bar.

``line_chart(x_labels, series, *, title, id, unit="reviews", y_label=None,
table_id=None, table_caption=None, desc=None, width=720, height=280)``
    A few series over ordered categories (quarters); ``series`` as for stacked bars
    (without hrefs). Up to 6 series get distinct colours and marker shapes.

``heatmap(row_labels, col_labels, values, texts, *, title, id, hrefs=None,
unit="reviews", table_id=None, table_caption=None, desc=None, width=720)``
    ``values``, ``texts`` (and ``hrefs``) are lists of rows. Fill from a sequential blue
    scale by value relative to the largest published value; each cell shows its text in a
    colour with at least 4.5:1 contrast against its fill.

``nice_ticks(max_value, n=5)``
    Axis ticks from 0: ``nice_ticks(12)`` is ``[0, 5, 10, 15]``.

``from_cells(cells)``
    ``(values, texts)`` from a sequence of objects with ``.value`` and ``.text``.

``text_width(text, font_size)``, ``wrap_text(text, max_width, font_size)``
    The rough text measure used for layout (Arial-like widths plus 10% for fallback fonts).

Empty input (no categories, or every value 0 with nothing suppressed) gives a paragraph,
"No data for this selection.", instead of a chart. Links (``hrefs``, one per point, each
``None`` or a URL) wrap the shape in ``<a href>`` with a ``<title>`` as its accessible
name ("Rapid review: 12 reviews"); nothing is a link unless an href is given.

Cost
====

A heatmap on a national page has a thousand cells or more, so its cells are written
without the general attribute helpers: each cell is one f-string made from strings worked
out once per row and per column (coordinates, sizes) and once per value (fill and text
colour), and what all cells share (the numbers' bold weight, the outlines' ``fill="none"``)
sits once on a ``<g>`` around the grid. A cell keeps only what a reader relies on: its
rectangle with its own fill, its number with its own text colour, and when it is a link,
the link, its name (``<title>``, also the tooltip) and the outline that shows hover and
focus just inside the cell. Links themselves come built (see
``safeguarding.dashboard.links``, a template per figure).

Modules
=======

``text`` (the text measure), ``colour`` (palette, contrast, the heatmap's scale, series
styles), ``values`` (input checks, ``from_cells``, ``nice_ticks``), ``notes`` (accessible
names, descriptions, suppression notes), ``svg`` (numbers, tags, text, links, the ``<svg>``
element), ``parts`` (patterns, hatching, markers, legends), and one module per chart:
``bars``, ``lines``, ``heatmap``.
"""

from .bars import bar_chart, stacked_bar_chart
from .colour import (
    AXIS,
    BLUE,
    FOCUS,
    GRID,
    HATCH,
    MARKERS,
    PALE_GREY,
    PATTERNS,
    SECONDARY_TEXT,
    SERIES_COLOURS,
    TEXT,
    WHITE,
    _relative_luminance,
    contrast_ratio,
    series_style,
    text_colour_for,
)
from .heatmap import heatmap
from .lines import line_chart
from .notes import _markers_phrase, _note, _suppression_markers
from .text import FONT_FAMILY, FONT_SIZE, LINE_HEIGHT, SMALL_SIZE, text_width, wrap_text
from .values import from_cells, nice_ticks

__all__ = [
    "AXIS",
    "BLUE",
    "FOCUS",
    "FONT_FAMILY",
    "FONT_SIZE",
    "GRID",
    "HATCH",
    "LINE_HEIGHT",
    "MARKERS",
    "PALE_GREY",
    "PATTERNS",
    "SECONDARY_TEXT",
    "SERIES_COLOURS",
    "SMALL_SIZE",
    "TEXT",
    "WHITE",
    "_markers_phrase",
    "_note",
    "_relative_luminance",
    "_suppression_markers",
    "bar_chart",
    "contrast_ratio",
    "from_cells",
    "heatmap",
    "line_chart",
    "nice_ticks",
    "series_style",
    "stacked_bar_chart",
    "text_colour_for",
    "text_width",
    "wrap_text",
]
