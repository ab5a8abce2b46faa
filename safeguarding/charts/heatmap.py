"""Heatmaps: a grid of numbers shaded by size."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from .colour import HATCH, PALE_GREY, TEXT, WHITE, _heat_fill, text_colour_for
from .notes import _description, _markers_phrase, _note, _point_name, _suppression_markers
from .parts import _hatch_def, _hatched_rect, _note_block
from .svg import PAD, _centred_lines, _link, _n, _no_data, _rect, _svg, _text
from .text import (
    FONT_SIZE,
    LINE_HEIGHT,
    SMALL_SIZE,
    _lines_width,
    _longest_word,
    text_width,
    wrap_text,
)
from .values import _check_id, _check_length, _check_values, _is_empty


def heatmap(
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    values: Sequence[Sequence[int | None]],
    texts: Sequence[Sequence[str]],
    *,
    title: str,
    id: str,
    hrefs: Sequence[Sequence[str | None]] | None = None,
    unit: str = "reviews",
    table_id: str | None = None,
    table_caption: str | None = None,
    desc: str | None = None,
    width: float = 720,
) -> Markup:
    """A grid of numbers shaded by size (e.g. theme × area or theme × quarter).

    ``values``, ``texts`` and optional ``hrefs`` are lists of rows, one item per column.
    A cell's fill comes from a sequential blue scale by its value relative to the largest
    published value; a zero cell is white with "0"; a suppressed cell is pale grey and
    hatched with its text ("<5", "*"). Every cell shows its text, in white or dark text,
    whichever has the higher contrast (always at least 4.5:1) with its fill.
    """
    id = _check_id(id)
    row_labels = [str(label) for label in row_labels]
    col_labels = [str(label) for label in col_labels]
    n_rows, n_cols = len(row_labels), len(col_labels)
    values = [
        _check_values(_check_length(f"values row {r}", row, n_cols))
        for r, row in enumerate(_check_length("values", values, n_rows))
    ]
    texts = [
        [str(t) for t in _check_length(f"texts row {r}", row, n_cols)]
        for r, row in enumerate(_check_length("texts", texts, n_rows))
    ]
    if hrefs is not None:
        hrefs = [
            _check_length(f"hrefs row {r}", row, n_cols)
            for r, row in enumerate(_check_length("hrefs", hrefs, n_rows))
        ]
    else:
        hrefs = [[None] * n_cols for _ in range(n_rows)]
    flat = [v for row in values for v in row]
    if n_rows == 0 or n_cols == 0 or _is_empty(flat):
        return _no_data(id)

    max_value = max((v for v in flat if v is not None), default=0) or 1
    markers = _suppression_markers(
        (v, t)
        for vrow, trow in zip(values, texts, strict=True)
        for v, t in zip(vrow, trow, strict=True)
    )
    interactive = any(h for row in hrefs for h in row)
    hatch_id = f"{id}-hatch"

    row_lines = [wrap_text(label, width * 0.34) for label in row_labels]
    label_w = max(_lines_width(lines) for lines in row_lines)
    x0 = PAD + label_w + 10
    cell_texts = {t for row in texts for t in row}  # each text measured once
    col_w = max(
        (width - x0 - PAD) / n_cols,
        _longest_word(col_labels, SMALL_SIZE) + 8,
        max(text_width(t) for t in cell_texts) + 12,
        40,
    )
    col_w = min(col_w, 140)
    width = max(width, x0 + col_w * n_cols + PAD)
    col_lines = [wrap_text(label, col_w - 6, SMALL_SIZE) for label in col_labels]
    header_h = max(len(lines) for lines in col_lines) * LINE_HEIGHT + 6

    parts = []
    # column headings, bottom-aligned above their column
    for j, lines in enumerate(col_lines):
        cx = x0 + col_w * (j + 0.5)
        first = PAD + header_h - 6 - (len(lines) - 1) * LINE_HEIGHT
        parts.append(_text(cx, first, lines, anchor="middle", size=SMALL_SIZE))
    grid, y = _grid(
        row_labels,
        col_labels,
        row_lines,
        values,
        texts,
        hrefs,
        unit=unit,
        max_value=max_value,
        x0=x0,
        y0=PAD + header_h + 4,
        col_w=col_w,
        hatch_id=hatch_id,
    )
    parts.append(grid)

    # legend: the scale from light to dark, and the suppressed cell
    y += 12
    legend_x = PAD
    parts.append(_text(legend_x, y + 12 + 0.35 * SMALL_SIZE, "Fewer", size=SMALL_SIZE))
    legend_x += text_width("Fewer", SMALL_SIZE) + 6
    for fraction in (0.1, 0.3, 0.5, 0.7, 1.0):
        parts.append(_rect(legend_x, y + 4, 22, 16, _heat_fill(fraction)))
        legend_x += 24
    parts.append(_text(legend_x + 4, y + 12 + 0.35 * SMALL_SIZE, f"More {unit}", size=SMALL_SIZE))
    legend_x += text_width(f"More {unit}", SMALL_SIZE) + 24
    defs = _hatch_def(hatch_id)
    if markers:
        parts.append(_hatched_rect(legend_x, y + 4, 22, 16, hatch_id))
        parts.append(
            _text(
                legend_x + 28,
                y + 12 + 0.35 * SMALL_SIZE,
                f"Suppressed ({_markers_phrase(markers)})",
                size=SMALL_SIZE,
            )
        )
    h = y + 26
    notes = []
    if markers:
        notes.append(_note(markers, "Their cells are grey and hatched."))
        note_svg, note_h = _note_block(notes[0], PAD, h, width - 2 * PAD)
        parts.append(note_svg)
        h += note_h

    description = _description(
        desc,
        f"Heat map of the number of {unit}, {n_rows} rows by {n_cols} columns; "
        "darker cells have more, and every cell shows its number.",
        " ".join(notes),
        table_caption=table_caption,
    )
    return _svg(
        id=id,
        title=title,
        desc=description,
        width=width,
        height=h + PAD,
        body="".join(parts),
        defs=defs,
        interactive=interactive,
        table_id=table_id,
        natural=True,
    )


def _grid(
    row_labels,
    col_labels,
    row_lines,
    values,
    texts,
    hrefs,
    *,
    unit,
    max_value,
    x0,
    y0,
    col_w,
    hatch_id,
):
    """The row labels and the cells, in reading order (row by row), and the y below them.

    Each cell is written in one go from strings worked out once per row and per column:
    a rectangle and its text, and, when it has a link, the link, its name and the outline
    that shows hover and focus. The bold weight of the numbers (every published non-zero
    value) and the outlines' ``fill="none"`` are set once on a ``<g>`` around the grid,
    so the cells carry only what differs from cell to cell.
    """
    n_cols = len(col_labels)
    cells = [v for row in values for v in row]
    bold_group = 2 * sum(1 for v in cells if v) > len(cells)
    bold, plain = ("", ' font-weight="normal"') if bold_group else (' font-weight="bold"', "")
    col_x = [x0 + col_w * j for j in range(n_cols)]
    rect_x = [_n(float(cx + 1)) for cx in col_x]
    text_x = [_n(float(cx + col_w / 2)) for cx in col_x]
    outline_x = [_n(float(cx + 3)) for cx in col_x]
    rect_w, outline_w = _n(float(col_w - 2)), _n(float(col_w - 6))
    colours: dict[int, tuple[str, str]] = {}  # value -> (fill, text colour)
    shown: dict[str, str] = {}  # text -> escaped text
    parts = []
    y = y0
    for r, lines in enumerate(row_lines):
        row_h = max(34, len(lines) * LINE_HEIGHT + 10)
        centre = y + row_h / 2
        label = _text(x0 - 10, _centred_lines(centre, len(lines)), lines, anchor="end")
        if bold_group:
            label = label.replace("<text ", '<text font-weight="normal" ', 1)
        parts.append(label)
        rect_y, rect_h = _n(float(y + 1)), _n(float(row_h - 2))
        text_y = _n(float(centre + 0.35 * FONT_SIZE))
        outline = f'" y="{_n(float(y + 3))}" width="{outline_w}" height="{_n(float(row_h - 6))}"'
        box = f'" y="{rect_y}" width="{rect_w}" height="{rect_h}" fill="'
        row_values, row_texts, row_hrefs = values[r], texts[r], hrefs[r]
        for j in range(n_cols):
            value, text, href = row_values[j], row_texts[j], row_hrefs[j]
            x = rect_x[j]
            if value is None:
                ink, weight = TEXT, plain
                shape = (
                    f'<rect x="{x}{box}{PALE_GREY}"/><rect x="{x}{box}url(#{hatch_id})" '
                    f'stroke="{HATCH}" stroke-width="1"/>'
                )
            elif value == 0:
                ink, weight = TEXT, plain
                shape = f'<rect x="{x}{box}{WHITE}" stroke="{HATCH}"/>'
            else:
                colour = colours.get(value)
                if colour is None:
                    fill = _heat_fill(value / max_value)
                    colour = colours[value] = (fill, text_colour_for(fill))
                fill, ink = colour
                weight = bold
                shape = f'<rect x="{x}{box}{fill}"/>'
            content = shown.get(text)
            if content is None:
                content = shown[text] = str(escape(text)) or " "
            label = (
                f'<text x="{text_x[j]}" y="{text_y}" text-anchor="middle" fill="{ink}"{weight}'
                f"{'' if href else _HIDDEN}>{content}</text>"
            )
            if href:
                name = _point_name([row_labels[r], col_labels[j]], value, text, unit)
                focus = f'<rect x="{outline_x[j]}{outline} class="chart-outline"/>'
                parts.append(_link(href, name, shape + focus + label))
            else:
                parts.append(shape + label)
        y += row_h
    grid = "".join(parts)
    attributes = ' fill="none"' if any(h for row in hrefs for h in row) else ""
    if bold_group:
        attributes += ' font-weight="bold"'
    if attributes:
        grid = f"<g{attributes}>{grid}</g>"
    return grid, y


_HIDDEN = ' aria-hidden="true"'
