"""SVG primitives: numbers, attributes, tags, text, rectangles, links, the <svg> element."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup, escape

from .colour import TEXT
from .text import FONT_FAMILY, FONT_SIZE, LINE_HEIGHT

PAD = 8
NO_DATA = "No data for this selection."


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


def _no_data(id: str) -> Markup:
    return Markup(  # noqa: S704 - both pieces are escaped
        f'<p class="nhsuk-body" id="{escape(id)}-chart">{escape(NO_DATA)}</p>'
    )


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
