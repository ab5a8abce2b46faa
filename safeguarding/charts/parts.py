"""Pieces several charts draw: link targets, patterns, hatching, series markers, legends
and notes under a chart."""

from __future__ import annotations

from collections.abc import Sequence

from .colour import HATCH, PALE_GREY, SECONDARY_TEXT, WHITE, _tint, series_style
from .svg import _n, _rect, _tag, _text
from .text import LINE_HEIGHT, SMALL_SIZE, text_width, wrap_text


def _target(x, y, w, h) -> str:
    """An invisible rectangle that widens a link's target and shows its focus."""
    return _rect(x, y, w, h, WHITE, fill_opacity="0", class_="chart-target")


def _pattern_def(pattern_id: str, kind: str, colour: str) -> str:
    """Marks in a lighter tint of ``colour`` on a transparent tile, drawn over a solid
    rectangle of the colour (a tile with its own background shows hairline seams between
    tiles in PDF viewers). Segment labels sit on a solid patch, so the marks do not touch
    their contrast."""
    shade = _tint(colour)
    size = 6
    marks = {
        "diagonal": _tag(
            "path", d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2", stroke=shade, stroke_width="1.8"
        ),
        "dots": _tag("circle", cx="3", cy="3", r="1.5", fill=shade),
        "crosshatch": _tag(
            "path",
            d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2 M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2",
            stroke=shade,
            stroke_width="1.2",
        ),
        "horizontal": _rect(0, 0, size, 2, shade),
        "vertical": _rect(0, 0, 2, size, shade),
        "diagonal-reverse": _tag(
            "path", d="M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2", stroke=shade, stroke_width="1.8"
        ),
        "grid": _rect(0, 0, size, 1.5, shade) + _rect(0, 0, 1.5, size, shade),
    }[kind]
    return _tag(
        "pattern",
        marks,
        id=pattern_id,
        patternUnits="userSpaceOnUse",
        width=size,
        height=size,
    )


def _hatch_def(pattern_id: str) -> str:
    """Diagonal grey lines, drawn over pale grey: a suppressed or unknown quantity."""
    return _tag(
        "pattern",
        _tag("path", d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", stroke=HATCH, stroke_width="1.2"),
        id=pattern_id,
        patternUnits="userSpaceOnUse",
        width=8,
        height=8,
    )


def _hatched_rect(x, y, w, h, hatch_id: str, **extra) -> str:
    """A pale grey, hatched rectangle with a grey outline."""
    return _rect(x, y, w, h, PALE_GREY) + _rect(
        x, y, w, h, f"url(#{hatch_id})", stroke=HATCH, stroke_width="1", **extra
    )


def _series_style(id: str, index: int) -> tuple[str, str | None, str]:
    """(colour, pattern fill or None, pattern definition) of series ``index``."""
    colour, kind = series_style(index)
    if kind == "solid":
        return colour, None, ""
    pattern_id = f"{id}-pattern-{index}"
    return colour, f"url(#{pattern_id})", _pattern_def(pattern_id, kind, colour)


def _patterned_rect(x, y, w, h, colour: str, pattern: str | None) -> str:
    shape = _rect(x, y, w, h, colour)
    if pattern:
        shape += _rect(x, y, w, h, pattern)
    return shape


def _marker(shape: str, x: float, y: float, colour: str, r: float = 5.0) -> str:
    """A series marker centred on (x, y), with a white outline so overlaps stay legible."""
    outline = {"stroke": WHITE, "stroke_width": "1.5"}
    if shape == "circle":
        return _tag("circle", cx=float(x), cy=float(y), r=float(r), fill=colour, **outline)
    if shape == "square":
        s = r * 0.9
        return _rect(x - s, y - s, 2 * s, 2 * s, colour, **outline)
    if shape in ("triangle", "triangle-down"):
        s = r * 1.2
        sign = 1 if shape == "triangle" else -1
        points = (
            f"{_n(x)},{_n(y - sign * s)} {_n(x + s)},{_n(y + sign * s * 0.8)} "
            f"{_n(x - s)},{_n(y + sign * s * 0.8)}"
        )
        return _tag("polygon", points=points, fill=colour, **outline)
    if shape == "diamond":
        s = r * 1.25
        points = f"{_n(x)},{_n(y - s)} {_n(x + s)},{_n(y)} {_n(x)},{_n(y + s)} {_n(x - s)},{_n(y)}"
        return _tag("polygon", points=points, fill=colour, **outline)
    # cross: an X drawn as a thick path, outlined by a wider white one underneath
    s = r * 0.9
    d = f"M{_n(x - s)},{_n(y - s)} L{_n(x + s)},{_n(y + s)} M{_n(x - s)},{_n(y + s)} L{_n(x + s)},{_n(y - s)}"
    return _tag("path", d=d, stroke=WHITE, stroke_width="5", fill="none") + _tag(
        "path", d=d, stroke=colour, stroke_width="2.6", fill="none"
    )


def _legend(
    items: Sequence[tuple[str, str]], x0: float, y0: float, max_x: float
) -> tuple[str, float]:
    """Legend entries laid out left to right, wrapping; ``items`` are (swatch svg drawn at
    origin 0,0 in a 16×16 box, label). Returns (svg, height used)."""
    parts = []
    x, y = x0, y0
    row_h = 22
    for swatch, label in items:
        w = 16 + 6 + text_width(label, SMALL_SIZE) + 18
        if x > x0 and x + w > max_x:
            x = x0
            y += row_h
        parts.append(
            f'<g transform="translate({_n(x)},{_n(y)})">{swatch}</g>'
            + _text(x + 22, y + 8 + 0.35 * SMALL_SIZE, label, size=SMALL_SIZE)
        )
        x += w
    return "".join(parts), (y - y0) + row_h


def _note_block(text: str, x: float, y: float, max_width: float) -> tuple[str, float]:
    lines = wrap_text(text, max_width, SMALL_SIZE)
    svg = _text(x, y + SMALL_SIZE, lines, fill=SECONDARY_TEXT, size=SMALL_SIZE)
    return svg, LINE_HEIGHT * len(lines) + 4
