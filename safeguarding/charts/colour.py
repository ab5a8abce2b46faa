"""The charts' palette, WCAG contrast, the heatmap's scale and the series styles."""

from __future__ import annotations

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


def series_style(index: int) -> tuple[str, str]:
    """(colour, pattern kind) of series ``index`` of a stacked bar chart: distinct colours
    and distinct patterns for the first ``len(SERIES_COLOURS)`` series, then the pattern
    shifts by one each round, so that no two series share both."""
    n = len(SERIES_COLOURS)
    return SERIES_COLOURS[index % n], PATTERNS[(index + index // n) % len(PATTERNS)]
