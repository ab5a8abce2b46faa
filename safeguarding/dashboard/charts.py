"""Server-rendered, accessible SVG charts for the dashboard (no JavaScript, no Django).

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
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from markupsafe import Markup, escape

__all__ = [
    "bar_chart",
    "contrast_ratio",
    "from_cells",
    "heatmap",
    "line_chart",
    "nice_ticks",
    "stacked_bar_chart",
    "text_width",
    "wrap_text",
]

# --------------------------------------------------------------------------- palette

WHITE = "#ffffff"
TEXT = "#212b32"  # NHS.UK text colour: 14.4:1 on white
SECONDARY_TEXT = "#4c6272"  # NHS.UK secondary text: 6.4:1 on white
AXIS = "#4c6272"
GRID = "#d8dde0"  # gridlines are decoration, not information: no contrast needed
BLUE = "#005eb8"  # NHS blue: 6.4:1 on white
PALE_GREY = "#e8edee"  # suppressed heatmap cells and remainders
HATCH = "#aeb7bd"
FOCUS = "#ffeb3b"  # NHS.UK focus yellow

# Series colours: each at least 3:1 against white (WCAG 1.4.11) and at least 4.5:1 against
# white text (segment labels). Blue, pink, green, dark grey, purple, dark red, brown, teal.
SERIES_COLOURS = (
    "#005eb8",
    "#ae2573",
    "#007f3b",
    "#425563",
    "#330072",
    "#8a1538",
    "#9a4d00",
    "#005a5b",
)
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "triangle-down")
# As many patterns as colours: the first len(SERIES_COLOURS) series of a chart each have a
# colour and a pattern of their own; after that, series_style() shifts the pattern, so no
# two series of a chart share both.
PATTERNS = (
    "solid",
    "diagonal",
    "dots",
    "crosshatch",
    "horizontal",
    "vertical",
    "diagonal-reverse",
    "grid",
)

FONT_FAMILY = "'Frutiger W01', Arial, sans-serif"
FONT_SIZE = 14
SMALL_SIZE = 12.5
LINE_HEIGHT = 17
PAD = 8
NO_DATA = "No data for this selection."

_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

# --------------------------------------------------------------------------- text measure

# Advance widths of Arial/Frutiger-like sans-serif glyphs, in em. Anything else is 0.6.
_WIDTHS: dict[str, float] = {}
for _chars, _w in (
    ("ijl'|", 0.23),
    (".,:;!", 0.28),
    (" ", 0.28),
    ("ftrI()[]-/", 0.33),
    ("*", 0.39),
    ('"', 0.36),
    ("ckvxyzsJ", 0.5),
    ("abdeghnopqu0123456789$#_", 0.556),
    ("<>=+~", 0.584),
    ("FTZLEPSXYKVBA&", 0.667),
    ("CDHNRUw", 0.722),
    ("GOQ", 0.778),
    ("m", 0.833),
    ("M%", 0.833),
    ("W", 0.944),
):
    for _c in _chars:
        _WIDTHS[_c] = _w
_SAFETY = 1.1  # PDFs may fall back to a wider font (DejaVu Sans, Liberation Sans)


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """Rough width of ``text`` in user units: per-glyph Arial-like widths, plus 10%."""
    return sum(_WIDTHS.get(c, 0.6) for c in str(text)) * font_size * _SAFETY


def wrap_text(text: str, max_width: float, font_size: float = FONT_SIZE) -> list[str]:
    """Greedy word wrap of ``text`` into lines of at most ``max_width`` (never cuts a word:
    a word longer than the width gets a line of its own)."""
    words = str(text).split()
    if not words:
        return [""]
    lines: list[str] = []
    current = words[0]
    for word in words[1:]:
        candidate = f"{current} {word}"
        if text_width(candidate, font_size) <= max_width:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def _lines_width(lines: Sequence[str], font_size: float = FONT_SIZE) -> float:
    return max((text_width(line, font_size) for line in lines), default=0.0)


def _longest_word(texts: Sequence[str], font_size: float = FONT_SIZE) -> float:
    return max(
        (text_width(w, font_size) for t in texts for w in str(t).split()),
        default=0.0,
    )


# --------------------------------------------------------------------------- colour


def _relative_luminance(colour: str) -> float:
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _mix(a: str, b: str, t: float) -> str:
    """``a`` moved ``t`` (0..1) of the way to ``b`` in sRGB."""
    ca = [int(a.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    cb = [int(b.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb, strict=True))


def _tint(colour: str) -> str:
    """A lighter tint of ``colour`` for the marks of its pattern."""
    return _mix(colour, WHITE, 0.4)


def text_colour_for(fill: str) -> str:
    """White or NHS text colour, whichever contrasts more with ``fill``."""
    return WHITE if contrast_ratio(fill, WHITE) >= contrast_ratio(fill, TEXT) else TEXT


# Heatmap scale: light blues (dark text) up to half the maximum, then from bright blue to
# dark blue (white text). The jump at the middle skips the mid-tones on which neither
# white nor dark text reaches 4.5:1.
_HEAT_LIGHT = ("#e4eef9", "#8dbbe6")
_HEAT_DARK = ("#0072ce", "#003087")


def _heat_fill(fraction: float) -> str:
    fraction = min(max(fraction, 0.0), 1.0)
    if fraction <= 0.5:
        return _mix(*_HEAT_LIGHT, fraction / 0.5)
    return _mix(*_HEAT_DARK, (fraction - 0.5) / 0.5)


# --------------------------------------------------------------------------- helpers


def nice_ticks(max_value: float, n: int = 5, *, integer: bool | None = None) -> list[float]:
    """Evenly spaced axis ticks from 0 up to at least ``max_value``, at most ``n`` steps,
    on a 1, 2, 2.5 or 5 × 10^k step: ``nice_ticks(12)`` is ``[0, 5, 10, 15]``,
    ``nice_ticks(3)`` is ``[0, 1, 2, 3]``. Counts (``integer``, by default when
    ``max_value`` is an int) never get a step below 1. ``max_value`` 0 or less gives
    ``[0, 1]``."""
    n = max(int(n), 1)
    if integer is None:
        integer = isinstance(max_value, int)
    if not max_value or max_value <= 0 or math.isnan(max_value):
        return [0, 1]
    exponent = math.floor(math.log10(max_value / n))
    step = None
    for power in (exponent - 1, exponent, exponent + 1):
        for base in (1, 2, 2.5, 5):
            candidate = base * 10.0**power
            if base == 2.5 and power < 1:
                continue  # 0.25 and 2.5 make awkward axes
            if integer and candidate < 1:
                continue
            if math.ceil(max_value / candidate - 1e-9) <= n:
                step = candidate
                break
        if step is not None:
            break
    if step is None:  # only when integer and max_value is below 1
        step = 1.0
    count = math.ceil(max_value / step - 1e-9)
    ticks = [round(step * i, 10) for i in range(count + 1)]
    if float(step).is_integer():
        return [int(t) for t in ticks]
    return ticks


def from_cells(cells) -> tuple[list[int | None], list[str]]:
    """Split display cells (anything with ``.value`` and ``.text``, such as the
    suppression module's ``DisplayCell``) into ``(values, texts)``."""
    cells = list(cells)
    return [c.value for c in cells], [str(c.text) for c in cells]


def _n(x: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


_ATTRIBUTE_NAMES: dict[str, str] = {}


def _attribute_name(key: str) -> str:
    name = _ATTRIBUTE_NAMES.get(key)
    if name is None:
        name = _ATTRIBUTE_NAMES[key] = key.rstrip("_").replace("_", "-")
    return name


def _attrs(**attributes) -> str:
    parts = []
    for key, value in attributes.items():
        if value is None:
            continue
        if isinstance(value, float):
            text = _n(value)
        elif isinstance(value, int):
            text = str(value)
        else:
            text = escape(str(value))
        parts.append(f' {_attribute_name(key)}="{text}"')
    return "".join(parts)


def _tag(name: str, content: str = "", **attributes) -> str:
    if content:
        return f"<{name}{_attrs(**attributes)}>{content}</{name}>"
    return f"<{name}{_attrs(**attributes)}/>"


def _text(
    x: float,
    y: float,
    lines: Sequence[str] | str,
    *,
    anchor: str = "start",
    fill: str = TEXT,
    size: float = FONT_SIZE,
    weight: str | None = None,
    line_height: float = LINE_HEIGHT,
    hidden: bool = True,
) -> str:
    """A text element whose first baseline is at ``y``; several lines become tspans."""
    if isinstance(lines, str):
        lines = [lines]
    if len(lines) == 1:
        content = str(escape(lines[0]))
    else:
        content = "".join(
            _tag("tspan", str(escape(line)), x=float(x), dy=None if i == 0 else line_height)
            for i, line in enumerate(lines)
        )
    return _tag(
        "text",
        content or " ",
        x=float(x),
        y=float(y),
        text_anchor=None if anchor == "start" else anchor,
        fill=fill,
        font_size=None if size == FONT_SIZE else size,
        font_weight=weight,
        aria_hidden="true" if hidden else None,
    )


def _centred_lines(centre_y: float, count: int, size: float = FONT_SIZE) -> float:
    """First baseline of ``count`` lines centred vertically on ``centre_y``."""
    return centre_y - (count - 1) * LINE_HEIGHT / 2 + 0.35 * size


def _rect(x, y, w, h, fill, **extra) -> str:
    return _tag("rect", x=float(x), y=float(y), width=float(w), height=float(h), fill=fill, **extra)


def _unit_for(value: int | None, unit: str) -> str:
    if value == 1 and unit.endswith("s"):
        return unit[:-1]
    return unit


def _point_name(parts: Sequence[str], value: int | None, text: str, unit: str) -> str:
    """Accessible name of one figure: "Rapid review, 2024 Q1: 12 reviews"."""
    name = ", ".join(str(p) for p in parts if p)
    if value is None:
        return f"{name}: {text} {unit} (suppressed)"
    return f"{name}: {text} {_unit_for(value, unit)}"


_SAFE_HREF = re.compile(r"^(https?://|/|\?|#)", re.IGNORECASE)


def _link(href: str | None, name: str, content: str) -> str:
    """``content`` wrapped in a link named ``name`` when there is an href (a path, a query,
    a fragment or an http(s) URL; anything else, such as ``javascript:``, is an error)."""
    if not href:
        return content
    if not _SAFE_HREF.match(str(href)):
        raise ValueError(f"chart links must be paths or http(s) URLs, not {str(href)[:100]!r}")
    # No underline: an underlined "<5" reads as "≤5". Hover shows the link. Not a Tab
    # stop: the same link is in the table of numbers under every chart, so keyboard users
    # do not pass every bar or cell on the way to the tables (the "Skip to the numbers"
    # link before each chart goes straight there).
    return (
        f'<a href="{escape(href)}" class="chart-link" tabindex="-1">'
        f"<title>{escape(name)}</title>{content}</a>"
    )


def _check_id(id: str) -> str:
    if not isinstance(id, str) or not _ID_RE.match(id):
        raise ValueError(f"chart id must be a letter then letters, digits, - or _: {id!r}")
    return id


def _check_length(name: str, items, expected: int) -> list:
    items = list(items)
    if len(items) != expected:
        raise ValueError(f"{name} has {len(items)} items, expected {expected}")
    return items


def _check_values(values) -> list[int | None]:
    values = list(values)
    for value in values:
        if value is not None and (isinstance(value, bool) or value < 0):
            raise ValueError(f"values must be non-negative numbers or None, not {value!r}")
    return values


def _is_empty(values: Sequence[int | None]) -> bool:
    return all(v is not None and v == 0 for v in values)


def _no_data(id: str) -> Markup:
    return Markup(  # noqa: S704 - both pieces are escaped
        f'<p class="nhsuk-body" id="{escape(id)}-chart">{escape(NO_DATA)}</p>'
    )


def _description(*parts: str, table_caption: str | None) -> str:
    """The chart's accessible description: the caller's own sentence, what the chart shows,
    its notes, and where the numbers are."""
    return " ".join(p for p in (*parts, _table_sentence(table_caption)) if p)


def _table_sentence(table_caption: str | None) -> str:
    if table_caption:
        return f"The numbers are in the table below, “{table_caption}”."
    return "The numbers are in the table below."


_RANGE = re.compile(r"[\d,]+–[\d,]+")
_AT_LEAST = re.compile(r"[\d,]+\+")


def _marker_kind(text: str) -> str:
    """Ranges ("18–37") and lower bounds ("120+") are one kind each: the note explains the
    kind once, with the first as its example, not every range on the chart."""
    if _RANGE.fullmatch(text):
        return "range"
    if _AT_LEAST.fullmatch(text):
        return "at least"
    return text


def _add_marker(markers: list[str], text) -> None:
    kinds = {_marker_kind(m) for m in markers}
    if _marker_kind(str(text)) not in kinds:
        markers.append(str(text))


def _suppression_markers(texts_by_value) -> list[str]:
    """The display texts of suppressed points, one of each kind, in order of appearance."""
    markers: list[str] = []
    for value, text in texts_by_value:
        if value is None:
            _add_marker(markers, text)
    return markers


def _marker_name(marker: str) -> str:
    kind = _marker_kind(marker)
    if kind == "range":
        return f"ranges such as {marker}"
    if kind == "at least":
        return f"lower bounds such as {marker}"
    return marker


def _markers_phrase(markers: Sequence[str]) -> str:
    names = [_marker_name(m) for m in markers]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _meaning(marker: str) -> str:
    """What a suppression marker means, as the dashboard's tables say it."""
    match = re.fullmatch(r"<\s*(\d+)", marker)
    if match and int(match[1]) > 1:
        return f"{marker} means 1 to {int(match[1]) - 1}"
    if marker == "*":
        return "* means hidden so that a small number cannot be worked out"
    if _RANGE.fullmatch(marker):
        return (
            f"a range such as {marker} means the number is in that range (a small number "
            "is hidden in it)"
        )
    if _AT_LEAST.fullmatch(marker):
        return (
            f"a number followed by +, such as {marker}, means at least that many (a small "
            "number is hidden in it)"
        )
    return f"{marker} means not published"


def _note(markers: Sequence[str], consequence: str) -> str:
    """The note under a chart: what each marker means, then how the chart shows them."""
    meanings = "; ".join(_meaning(m) for m in markers)
    return f"{meanings[0].upper()}{meanings[1:]}. {consequence}"


def _target(x, y, w, h) -> str:
    """An invisible rectangle that widens a link's target and shows its focus."""
    return _rect(x, y, w, h, WHITE, fill_opacity="0", class_="chart-target")


def _svg(
    *,
    id: str,
    title: str,
    desc: str,
    width: float,
    height: float,
    body: str,
    defs: str = "",
    interactive: bool = False,
    table_id: str | None = None,
    natural: bool = False,
) -> Markup:
    """The ``<svg>`` element. A chart fills the width of its box (``width="100%"``);
    a ``natural`` one (the heatmap, whose cells carry numbers) is drawn at its own size,
    one user unit a CSS pixel, with the class ``chart-natural``: the page's CSS keeps it
    from shrinking (it scrolls inside its box instead), so its text is never smaller than
    it is drawn (12.5 and 14 px). Printed reports set every chart's width themselves."""
    title_id, desc_id = f"{id}-title", f"{id}-desc"
    head = (
        '<svg xmlns="http://www.w3.org/2000/svg"'
        + _attrs(
            id=f"{id}-chart",
            class_="chart-natural" if natural else None,
            viewBox=f"0 0 {_n(width)} {_n(height)}",
            width=_n(width) if natural else "100%",
            height=_n(height) if natural else None,
            role="group" if interactive else "img",
            aria_labelledby=f"{title_id} {desc_id}",
            aria_details=table_id or None,
            font_family=FONT_FAMILY,
            font_size=FONT_SIZE,
        )
        + ">"
        + _tag("title", str(escape(title)), id=title_id)
        + _tag("desc", str(escape(desc)), id=desc_id)
    )
    if defs:
        head += f"<defs>{defs}</defs>"
    # Every label, text and attribute value was escaped where it was put in.
    return Markup(f"{head}{body}</svg>")  # noqa: S704


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


def series_style(index: int) -> tuple[str, str]:
    """(colour, pattern kind) of series ``index`` of a stacked bar chart: distinct colours
    and distinct patterns for the first ``len(SERIES_COLOURS)`` series, then the pattern
    shifts by one each round, so that no two series share both."""
    n = len(SERIES_COLOURS)
    return SERIES_COLOURS[index % n], PATTERNS[(index + index // n) % len(PATTERNS)]


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


# --------------------------------------------------------------------------- bar chart


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


def _split_series(series, n: int, *, allow_hrefs: bool):
    out = []
    for entry in series:
        entry = tuple(entry)
        if len(entry) == 3:
            name, values, texts = entry
            hrefs = None
        elif len(entry) == 4 and allow_hrefs:
            name, values, texts, hrefs = entry
        else:
            raise ValueError(
                "each series is (name, values, texts)"
                + (" or (name, values, texts, hrefs)" if allow_hrefs else "")
            )
        values = _check_values(_check_length(f"values of {name}", values, n))
        texts = [str(t) for t in _check_length(f"texts of {name}", texts, n)]
        hrefs = _check_length(f"hrefs of {name}", hrefs, n) if hrefs is not None else [None] * n
        out.append((str(name), values, texts, hrefs))
    return out


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


# --------------------------------------------------------------------------- line chart


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


# --------------------------------------------------------------------------- heatmap


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
