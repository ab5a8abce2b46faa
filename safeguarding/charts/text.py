"""The rough text measure the charts lay out with: Arial-like glyph widths plus 10%."""

from __future__ import annotations

from collections.abc import Sequence

FONT_FAMILY = "'Frutiger W01', Arial, sans-serif"
FONT_SIZE = 14
SMALL_SIZE = 12.5
LINE_HEIGHT = 17


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
