"""Bar charts: one series (horizontal or vertical) and stacked bars."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from .colour import AXIS, BLUE, text_colour_for
from .notes import _add_marker, _description, _note, _point_name, _suppression_markers
from .parts import (
    _hatch_def,
    _hatched_rect,
    _legend,
    _note_block,
    _patterned_rect,
    _series_style,
    _target,
)
from .svg import PAD, _centred_lines, _link, _no_data, _rect, _svg, _tag, _text
from .text import (
    FONT_SIZE,
    LINE_HEIGHT,
    SMALL_SIZE,
    _lines_width,
    _longest_word,
    text_width,
    wrap_text,
)
from .values import _check_id, _check_length, _check_values, _is_empty, _split_series


def bar_chart(
    labels: Sequence[str],
    values: Sequence[int | None],
    texts: Sequence[str],
    *,
    title: str,
    id: str,
    unit: str = "reviews",
    hrefs: Sequence[str | None] | None = None,
    table_id: str | None = None,
    table_caption: str | None = None,
    orientation: str = "horizontal",
    desc: str | None = None,
    width: float = 720,
) -> Markup:
    """One series as bars, each carrying its value text.

    ``labels``, ``values`` (published int, or ``None`` when suppressed), ``texts`` (what
    to show: "12", "1,234", "<5", "*") and optional ``hrefs`` (a URL or ``None`` per bar)
    have one item per category. ``title`` names the chart for assistive technology (the
    page shows its own heading); ``id`` is a unique prefix for the SVG's ids; ``unit``
    names what is counted ("reviews"). ``orientation`` is "horizontal" (labels on the left,
    wrapped when long) or "vertical" (columns, labels below). ``desc`` is an optional
    summary sentence put before the generated description. Bars are proportional to the
    values (scaled to the largest published value); a suppressed value draws no bar but
    shows its text.
    """
    id = _check_id(id)
    labels = [str(label) for label in labels]
    n = len(labels)
    values = _check_values(_check_length("values", values, n))
    texts = [str(t) for t in _check_length("texts", texts, n)]
    hrefs = _check_length("hrefs", hrefs, n) if hrefs is not None else [None] * n
    if orientation not in ("horizontal", "vertical"):
        raise ValueError("orientation must be 'horizontal' or 'vertical'")
    if n == 0 or _is_empty(values):
        return _no_data(id)

    markers = _suppression_markers(zip(values, texts, strict=True))
    kind = "Bar chart" if orientation == "horizontal" else "Column chart"
    description = _description(
        desc,
        f"{kind} of the number of {unit} for {n} categories.",
        _note(markers, "No bar is drawn for these figures.") if markers else "",
        table_caption=table_caption,
    )
    interactive = any(hrefs)
    published = [v for v in values if v is not None]
    max_value = max(published, default=0) or 1
    layout = _horizontal_bars if orientation == "horizontal" else _vertical_bars
    body, w, h = layout(labels, values, texts, hrefs, unit, max_value, width)
    if markers:
        note, note_h = _note_block(
            _note(markers, "No bar is drawn for these figures."), PAD, h, w - 2 * PAD
        )
        body += note
        h += note_h
    return _svg(
        id=id,
        title=title,
        desc=description,
        width=w,
        height=h + PAD,
        body=body,
        interactive=interactive,
        table_id=table_id,
    )


def _horizontal_bars(labels, values, texts, hrefs, unit, max_value, width):
    bar_h = 22
    label_lines = [wrap_text(label, width * 0.38) for label in labels]
    label_w = max(_lines_width(lines) for lines in label_lines)
    value_w = max(text_width(t) for t in texts) + 8
    x0 = PAD + label_w + 10
    plot_w = width - x0 - value_w - PAD
    if plot_w < 120:  # very long words: widen the picture rather than cut a label
        width += 120 - plot_w
        plot_w = 120
    parts = []
    y = PAD
    rows_top = y
    for label, lines, value, text, href in zip(
        labels, label_lines, values, texts, hrefs, strict=True
    ):
        row_h = max(bar_h + 12, len(lines) * LINE_HEIGHT + 10)
        centre = y + row_h / 2
        parts.append(_text(x0 - 10, _centred_lines(centre, len(lines)), lines, anchor="end"))
        bar_w = 0.0 if value is None else value / max_value * plot_w
        shape = ""
        if bar_w > 0:
            shape = _rect(x0, centre - bar_h / 2, bar_w, bar_h, BLUE)
        value_text = _text(
            x0 + bar_w + 6,
            centre + 0.35 * FONT_SIZE,
            text,
            weight="bold" if value is not None else None,
            hidden=not href,
        )
        if href:
            target = _target(x0 - 4, y + 2, plot_w + value_w + 4, row_h - 4)
            name = _point_name([label], value, text, unit)
            parts.append(_link(href, name, target + shape + value_text))
        else:
            parts.append(shape + value_text)
        y += row_h
    # the baseline the bars grow from
    parts.append(_tag("line", x1=x0, y1=rows_top, x2=x0, y2=y, stroke=AXIS, stroke_width="1.5"))
    return "".join(parts), width, y + 6


def _vertical_bars(labels, values, texts, hrefs, unit, max_value, width):
    n = len(labels)
    plot_h = 220
    x0 = PAD
    col_w = max((width - 2 * PAD) / n, _longest_word(labels) + 8, _longest_word(texts) + 8, 36)
    width = max(width, 2 * PAD + col_w * n)
    label_lines = [wrap_text(label, col_w - 6) for label in labels]
    bar_w = min(col_w * 0.62, 64)
    top = PAD + LINE_HEIGHT + 4  # room for the tallest value text
    base = top + plot_h
    parts = []
    for i, (label, lines, value, text, href) in enumerate(
        zip(labels, label_lines, values, texts, hrefs, strict=True)
    ):
        cx = x0 + col_w * (i + 0.5)
        bar_h = 0.0 if value is None else value / max_value * plot_h
        shape = _rect(cx - bar_w / 2, base - bar_h, bar_w, bar_h, BLUE) if bar_h > 0 else ""
        value_text = _text(
            cx,
            base - bar_h - 6,
            text,
            anchor="middle",
            weight="bold" if value is not None else None,
            hidden=not href,
        )
        parts.append(_text(cx, base + 8 + FONT_SIZE, lines, anchor="middle"))
        if href:
            target = _target(cx - col_w / 2 + 2, top - LINE_HEIGHT, col_w - 4, plot_h + LINE_HEIGHT)
            name = _point_name([label], value, text, unit)
            parts.append(_link(href, name, target + shape + value_text))
        else:
            parts.append(shape + value_text)
    parts.append(
        _tag("line", x1=x0, y1=base, x2=x0 + col_w * n, y2=base, stroke=AXIS, stroke_width="1.5")
    )
    label_h = max(len(lines) for lines in label_lines) * LINE_HEIGHT
    return "".join(parts), width, base + 8 + label_h + 6


# --------------------------------------------------------------------------- stacked bars


def stacked_bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple],
    *,
    title: str,
    id: str,
    totals: tuple[Sequence[int | None], Sequence[str]] | None = None,
    unit: str = "reviews",
    table_id: str | None = None,
    table_caption: str | None = None,
    desc: str | None = None,
    width: float = 720,
) -> Markup:
    """Horizontal bars (one per label) split into segments (one per series), with a legend.

    ``series`` is a list of ``(name, values, texts)`` or ``(name, values, texts, hrefs)``;
    each list has one item per label. Segments are told apart by colour and by pattern
    (solid, stripes, dots, ...), separated by a white gap, labelled with their text when
    they are wide enough. ``totals`` is an optional ``(values, texts)`` pair: the published
    total of each bar, shown at its end.

    Suppressed segments are not drawn, and a bar that has one is marked "†" (a note under
    the chart explains it). Its total is the published total from ``totals``, never a sum;
    when that total is published, the part of the bar that the suppressed segments make up
    together (total minus the published segments, which anyone can work out from the
    table) is drawn pale grey and hatched, without a number. Without ``totals``, a bar with
    a suppressed segment shows no total. ``ValueError`` if a published total disagrees with
    its fully published segments or is less than its published segments.
    """
    id = _check_id(id)
    labels = [str(label) for label in labels]
    n = len(labels)
    series = _split_series(series, n, allow_hrefs=True)
    if totals is not None:
        total_values, total_texts = totals
        total_values = _check_values(_check_length("totals values", total_values, n))
        total_texts = [str(t) for t in _check_length("totals texts", total_texts, n)]
    else:
        total_values, total_texts = [None] * n, [None] * n
    all_values = [v for _, values, _, _ in series for v in values]
    if n == 0 or not series or _is_empty(all_values):
        return _no_data(id)

    # What each bar shows: published segments, the hidden remainder, its total text.
    bars = []
    for i in range(n):
        segment_values = [values[i] for _, values, _, _ in series]
        hidden = any(v is None for v in segment_values)
        shown = sum(v for v in segment_values if v is not None)
        total, total_text = total_values[i], total_texts[i]
        if totals is None and not hidden:
            total, total_text = shown, f"{shown:,}"
        if total is not None:
            if total < shown:
                raise ValueError(f"total of {labels[i]!r} is less than its published segments")
            if not hidden and total != shown:
                raise ValueError(f"total of {labels[i]!r} is not the sum of its segments")
        remainder = total - shown if hidden and total is not None else 0
        end_text = total_text if total_text is not None else ""
        if hidden:
            end_text = f"{end_text} †".strip()
        length = total if total is not None else shown
        bars.append((hidden, remainder, end_text, length))

    markers = _suppression_markers(
        (v, t) for _, values, texts, _ in series for v, t in zip(values, texts, strict=True)
    )
    if totals is not None:
        for marker in _suppression_markers(zip(total_values, total_texts, strict=True)):
            _add_marker(markers, marker)
    any_remainder = any(remainder > 0 for _, remainder, _, _ in bars)
    max_value = max(length for *_, length in bars) or 1
    interactive = any(href for *_, hrefs in series for href in hrefs)

    # Legend
    defs = []
    styles = []
    legend_items = []
    for index, (name, *_rest) in enumerate(series):
        colour, pattern, pattern_def = _series_style(id, index)
        defs.append(pattern_def)
        styles.append((colour, pattern))
        legend_items.append((_patterned_rect(0, 0, 16, 16, colour, pattern), name))
    hatch_id = f"{id}-hatch"
    if any_remainder:
        defs.append(_hatch_def(hatch_id))
        legend_items.append((_hatched_rect(0, 0, 16, 16, hatch_id), "Suppressed figures, combined"))
    legend, legend_h = _legend(legend_items, PAD, PAD, width - PAD)

    bar_h = 24
    label_lines = [wrap_text(label, width * 0.34) for label in labels]
    label_w = max(_lines_width(lines) for lines in label_lines)
    end_w = max(text_width(end_text) for _, _, end_text, _ in bars) + 8
    x0 = PAD + label_w + 10
    plot_w = width - x0 - end_w - PAD
    if plot_w < 120:
        width += 120 - plot_w
        plot_w = 120
    scale = plot_w / max_value

    parts = [legend]
    y = PAD + legend_h + 6
    rows_top = y
    for i, (label, lines) in enumerate(zip(labels, label_lines, strict=True)):
        hidden, remainder, end_text, _length = bars[i]
        row_h = max(bar_h + 12, len(lines) * LINE_HEIGHT + 10)
        centre = y + row_h / 2
        top = centre - bar_h / 2
        parts.append(_text(x0 - 10, _centred_lines(centre, len(lines)), lines, anchor="end"))
        x = x0
        for index, (name, values, texts, hrefs) in enumerate(series):
            value, text, href = values[i], texts[i], hrefs[i]
            if value is None or value == 0:
                continue
            seg_w = value * scale
            gap = 1.0 if seg_w > 3 else 0.0  # a white gap between segments
            colour, pattern = styles[index]
            shape = _patterned_rect(x, top, seg_w - gap, bar_h, colour, pattern)
            label_svg = ""
            label_w = text_width(text, SMALL_SIZE)
            if label_w + 8 <= seg_w - gap:
                if pattern:  # the label sits on a solid patch of the colour
                    shape += _rect(
                        x + (seg_w - gap - label_w - 6) / 2, top + 4, label_w + 6, bar_h - 8, colour
                    )
                label_svg = _text(
                    x + (seg_w - gap) / 2,
                    centre + 0.35 * SMALL_SIZE,
                    text,
                    anchor="middle",
                    fill=text_colour_for(colour),
                    size=SMALL_SIZE,
                    weight="bold",
                    hidden=not href,
                )
            if href:
                target = _target(x - 1, top - 3, seg_w + 1, bar_h + 6)
                name_text = _point_name([label, name], value, text, unit)
                parts.append(_link(href, name_text, target + shape + label_svg))
            else:
                parts.append(shape + label_svg)
            x += seg_w
        if remainder > 0:
            rem_w = remainder * scale
            parts.append(_hatched_rect(x, top, rem_w, bar_h, hatch_id))
            x += rem_w
        if end_text:
            parts.append(_text(x + 6, centre + 0.35 * FONT_SIZE, end_text, weight="bold"))
        y += row_h
    parts.append(_tag("line", x1=x0, y1=rows_top, x2=x0, y2=y, stroke=AXIS, stroke_width="1.5"))
    h = y + 6
    notes = []
    if markers:
        notes.append(_note(markers, "No segment is drawn for these figures."))
    if any(hidden for hidden, *_ in bars):
        dagger = "† Includes suppressed figures, which are not drawn"
        if any_remainder:
            dagger += "; where the total is published, the hatched grey part is their combined size"
        notes.append(dagger + ".")
    for note in notes:
        note_svg, note_h = _note_block(note, PAD, h, width - 2 * PAD)
        parts.append(note_svg)
        h += note_h

    names = ", ".join(name for name, *_ in series)
    description = _description(
        desc,
        f"Stacked bar chart of the number of {unit} for {n} categories, "
        f"each bar split into {names}.",
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
        defs="".join(defs),
        interactive=interactive,
        table_id=table_id,
    )
