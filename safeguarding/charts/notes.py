"""Words of a chart: accessible names of points, the description, and the notes that
explain suppression markers."""

from __future__ import annotations

import re
from collections.abc import Sequence


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
