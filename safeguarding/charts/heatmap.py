"""Heatmaps: a grid of numbers shaded by size."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from .colour import HATCH, TEXT, WHITE, _heat_fill, text_colour_for
from .notes import _description, _markers_phrase, _note, _point_name, _suppression_markers
from .parts import _hatch_def, _hatched_rect, _note_block
from .svg import PAD, _centred_lines, _link, _no_data, _rect, _svg, _text
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
    cell_texts = [t for row in texts for t in row]
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
    y = PAD + header_h + 4
    for r, lines in enumerate(row_lines):
        row_h = max(34, len(lines) * LINE_HEIGHT + 10)
        centre = y + row_h / 2
        parts.append(_text(x0 - 10, _centred_lines(centre, len(lines)), lines, anchor="end"))
        for j in range(n_cols):
            value, text, href = values[r][j], texts[r][j], hrefs[r][j]
            cx = x0 + col_w * j
            if value is None:
                ink = TEXT
                shape = _hatched_rect(cx + 1, y + 1, col_w - 2, row_h - 2, hatch_id)
            elif value == 0:
                ink = TEXT
                shape = _rect(cx + 1, y + 1, col_w - 2, row_h - 2, WHITE, stroke=HATCH)
            else:
                fill = _heat_fill(value / max_value)
                ink = text_colour_for(fill)
                shape = _rect(cx + 1, y + 1, col_w - 2, row_h - 2, fill)
            label = _text(
                cx + col_w / 2,
                centre + 0.35 * FONT_SIZE,
                text,
                anchor="middle",
                fill=ink,
                weight="bold" if value else None,
                hidden=not href,
            )
            if href:
                name = _point_name([row_labels[r], col_labels[j]], value, text, unit)
                focus = _rect(cx + 3, y + 3, col_w - 6, row_h - 6, "none", class_="chart-outline")
                parts.append(_link(href, name, shape + focus + label))
            else:
                parts.append(shape + label)
        y += row_h

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
