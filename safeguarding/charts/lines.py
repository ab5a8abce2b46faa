"""Line charts: a few series over ordered categories."""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup

from .colour import AXIS, GRID, MARKERS, SECONDARY_TEXT, SERIES_COLOURS
from .notes import _description, _note, _suppression_markers
from .parts import _legend, _marker, _note_block
from .svg import PAD, _n, _no_data, _svg, _tag, _text
from .text import LINE_HEIGHT, SMALL_SIZE, _longest_word, text_width, wrap_text
from .values import _check_id, _is_empty, _split_series, nice_ticks


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[tuple],
    *,
    title: str,
    id: str,
    unit: str = "reviews",
    y_label: str | None = None,
    table_id: str | None = None,
    table_caption: str | None = None,
    desc: str | None = None,
    width: float = 720,
    height: float = 280,
) -> Markup:
    """Trends over ordered categories (e.g. quarters) for a few series, with a legend.

    ``series`` is a list of ``(name, values, texts)``, each with one item per x label.
    Series differ by colour and by marker shape (circle, square, triangle, diamond, cross,
    downward triangle). A suppressed value (``None``) is a gap in its line; its text
    (with the series' marker) is listed in a "Suppressed" row under the x axis at its
    position, never placed at a height. The y axis has a few nice ticks from 0
    (``nice_ticks``); ``y_label`` defaults to "Number of {unit}". ``height`` is the height
    of the plotting area.
    """
    id = _check_id(id)
    x_labels = [str(label) for label in x_labels]
    n = len(x_labels)
    series = _split_series(series, n, allow_hrefs=False)
    all_values = [v for _, values, _, _ in series for v in values]
    if n == 0 or not series or _is_empty(all_values):
        return _no_data(id)
    y_label = y_label or f"Number of {unit}"

    published = [v for v in all_values if v is not None]
    ticks = nice_ticks(max(published, default=0))
    top_tick = ticks[-1]
    tick_texts = [f"{t:,}" for t in ticks]
    markers_used = _suppression_markers(
        (v, t) for _, values, texts, _ in series for v, t in zip(values, texts, strict=True)
    )

    legend_items = []
    for index, (name, *_rest) in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        shape = MARKERS[index % len(MARKERS)]
        swatch = _tag(
            "line", x1="0", y1="8", x2="16", y2="8", stroke=colour, stroke_width="2.5"
        ) + _marker(shape, 8, 8, colour)
        legend_items.append((swatch, name))
    legend, legend_h = _legend(legend_items, PAD, PAD, width - PAD)

    axis_w = max(text_width(t, SMALL_SIZE) for t in tick_texts)
    x0 = PAD + max(axis_w + 8, text_width("Suppressed", SMALL_SIZE) + 8)
    plot_w = width - x0 - PAD
    step = plot_w / n
    top = PAD + legend_h + 8 + LINE_HEIGHT
    base = top + height

    def px(i: int) -> float:
        return x0 + step * (i + 0.5)

    def py(v: float) -> float:
        return base - v / top_tick * height

    parts = [legend, _text(PAD, top - 10, y_label, fill=SECONDARY_TEXT, size=SMALL_SIZE)]
    for tick, tick_text in zip(ticks, tick_texts, strict=True):
        y = py(tick)
        parts.append(
            _tag(
                "line",
                x1=x0,
                y1=y,
                x2=x0 + plot_w,
                y2=y,
                stroke=AXIS if tick == 0 else GRID,
                stroke_width="1.5" if tick == 0 else "1",
            )
        )
        parts.append(_text(x0 - 8, y + 0.35 * SMALL_SIZE, tick_text, anchor="end", size=SMALL_SIZE))

    # x labels: one line each if they fit, else wrapped, else every k-th label
    x_lines = [[label] for label in x_labels]
    every = 1
    if max(text_width(label, SMALL_SIZE) for label in x_labels) > step - 4:
        if _longest_word(x_labels, SMALL_SIZE) <= step - 4:
            x_lines = [wrap_text(label, step - 4, SMALL_SIZE) for label in x_labels]
        else:
            widest = max(text_width(label, SMALL_SIZE) for label in x_labels)
            every = math.ceil((widest + 8) / step)
    for i, lines in enumerate(x_lines):
        parts.append(
            _tag("line", x1=px(i), y1=base, x2=px(i), y2=base + 5, stroke=AXIS, stroke_width="1")
        )
        if i % every == 0:
            parts.append(
                _text(px(i), base + 8 + SMALL_SIZE, lines, anchor="middle", size=SMALL_SIZE)
            )
    y = base + 8 + max(len(lines) for lines in x_lines) * LINE_HEIGHT

    # lines, broken at suppressed values, then markers on top
    for index, (_name, values, _texts, _hrefs) in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        d = []
        previous = None
        for i, value in enumerate(values):
            if value is None:
                previous = None
                continue
            d.append(f"{'L' if previous is not None else 'M'}{_n(px(i))},{_n(py(value))}")
            previous = value
        if any(part.startswith("L") for part in d):
            parts.append(
                _tag(
                    "path",
                    d=" ".join(d),
                    fill="none",
                    stroke=colour,
                    stroke_width="2.5",
                    stroke_linejoin="round",
                )
            )
    for index, (_name, values, _texts, _hrefs) in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        shape = MARKERS[index % len(MARKERS)]
        for i, value in enumerate(values):
            if value is not None:
                parts.append(_marker(shape, px(i), py(value), colour))

    # suppressed points: marker and text in a row of their own, never at a height
    if markers_used:
        y += 6
        parts.append(
            _text(x0 - 8, y + 8 + 0.35 * SMALL_SIZE, "Suppressed", anchor="end", size=SMALL_SIZE)
        )
        rows = 0
        for i in range(n):
            row = 0
            for index, (_name, values, texts, _hrefs) in enumerate(series):
                if values[i] is not None:
                    continue
                colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
                shape = MARKERS[index % len(MARKERS)]
                cy = y + 8 + row * 18
                label_w = text_width(texts[i], SMALL_SIZE)
                left = px(i) - (12 + label_w) / 2
                parts.append(_marker(shape, left + 5, cy, colour, r=4.5))
                parts.append(_text(left + 12, cy + 0.35 * SMALL_SIZE, texts[i], size=SMALL_SIZE))
                row += 1
            rows = max(rows, row)
        y += rows * 18 + 4
    h = y
    notes = []
    if markers_used:
        notes.append(_note(markers_used, "The line has a gap at these figures."))
        note_svg, note_h = _note_block(notes[0], PAD, h, width - 2 * PAD)
        parts.append(note_svg)
        h += note_h

    names = ", ".join(name for name, *_ in series)
    description = _description(
        desc,
        f"Line chart of the number of {unit} over {n} periods, "
        f"from {x_labels[0]} to {x_labels[-1]}, for {len(series)} series: {names}.",
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
        table_id=table_id,
    )
