"""The heatmap's cheap shape (issue 19): a fixed, small number of elements and attributes
per cell, whatever the size of the grid, and each cell's link the one its figure made."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qsl, urlsplit

import pytest

from safeguarding import charts
from safeguarding.dashboard.links import cell_query

SVG = "{http://www.w3.org/2000/svg}"
ROWS, COLS = 9, 14


def _grid(linked=True, suppressed=()):
    query = cell_query({"from": 20171, "to": 20264}, {"theme": "row", "partnership": "column"})
    values = [[(r * 7 + c * 3) % 40 + 1 for c in range(COLS)] for r in range(ROWS)]
    for r, c in suppressed:
        values[r][c] = None
    texts = [["<5" if v is None else str(v) for v in row] for row in values]
    hrefs = [
        [
            f"/dashboard/records/reviews/?{query(100 + r, f'p {c}&x')}" if v else None
            for c, v in enumerate(row)
        ]
        for r, row in enumerate(values)
    ]
    svg = charts.heatmap(
        [f"Theme {r}" for r in range(ROWS)],
        [f"Area {c}" for c in range(COLS)],
        values,
        texts,
        hrefs=hrefs if linked else None,
        title="Themes by area",
        id="hm",
    )
    return str(svg), values


def _elements(svg):
    return len(re.findall(r"<[a-zA-Z]", svg))


@pytest.mark.parametrize("linked", [True, False])
def test_elements_grow_by_a_fixed_few_per_cell(linked):
    svg, _ = _grid(linked)
    cells = ROWS * COLS
    # a linked cell: <a>, <title>, its rectangle, the hover and focus outline, its number;
    # an unlinked one: the rectangle and the number. Then the row and column labels (a
    # text, and a tspan per line when wrapped) and a constant (title, description,
    # pattern, legend, the grid's group).
    per_cell = 5 if linked else 2
    assert _elements(svg) <= per_cell * cells + 3 * (ROWS + COLS) + 20


def test_a_cell_carries_only_what_differs_from_cell_to_cell():
    svg, _ = _grid()
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    links = [e for e in root.iter(f"{SVG}a")]
    assert len(links) == ROWS * COLS
    for link in links:
        assert set(link.attrib) == {"href", "class", "tabindex"}
        title, rect, outline, text = list(link)
        assert title.tag == f"{SVG}title"
        assert set(rect.attrib) == {"x", "y", "width", "height", "fill"}
        assert set(outline.attrib) == {"x", "y", "width", "height", "class"}
        # bold and the outline's fill="none" come from the grid's group
        assert set(text.attrib) == {"x", "y", "text-anchor", "fill"}
    group = next(e for e in root.iter(f"{SVG}g") if e.get("font-weight") == "bold")
    assert group.get("fill") == "none"
    # what a cell costs in bytes, leaving out its link and its name
    bare = re.sub(r'href="[^"]*"', 'href=""', svg)
    bare = re.sub(r"<title>[^<]*</title>", "<title></title>", bare)
    assert len(bare) / (ROWS * COLS) < 330


def test_suppressed_and_unlinked_cells_keep_their_own_weight_and_hiding():
    svg, _ = _grid(suppressed=[(0, 0), (3, 5)])
    root = ET.fromstring(svg)  # noqa: S314
    hidden = [t for t in root.iter(f"{SVG}text") if t.text == "<5"]
    assert len(hidden) == 2
    for text in hidden:  # not a link: hidden from assistive technology, not bold
        assert text.get("aria-hidden") == "true"
        assert text.get("font-weight") == "normal"


def test_a_cells_link_is_its_figures_link_parsed_back():
    svg, values = _grid()
    root = ET.fromstring(svg)  # noqa: S314
    r, c = 4, 9
    link = next(
        a
        for a in root.iter(f"{SVG}a")
        if a.find(f"{SVG}title").text == f"Theme {r}, Area {c}: {values[r][c]} reviews"
    )
    href = urlsplit(link.get("href"))
    assert href.path == "/dashboard/records/reviews/"
    assert parse_qsl(href.query) == [
        ("from", "20171"),
        ("to", "20264"),
        ("theme", str(100 + r)),
        ("partnership", f"p {c}&x"),
    ]


def test_cells_written_in_one_go_are_still_escaped_and_checked():
    hostile = "<script>alert(1)</script>"
    svg = str(
        charts.heatmap(
            [hostile, "Tom & Jerry"],
            ['"A" & B', "C"],
            [[3, None], [0, 9]],
            [["3", "<5"], ["0", "9 & up"]],
            hrefs=[['/x?a=1&b="2"', None], [None, "/y?c=<d>"]],
            title="t",
            id="esc",
        )
    )
    assert "<script" not in svg
    root = ET.fromstring(svg)  # noqa: S314 - well-formed XML
    links = list(root.iter(f"{SVG}a"))
    assert [a.get("href") for a in links] == ['/x?a=1&b="2"', "/y?c=<d>"]
    assert links[0].find(f"{SVG}title").text == f'{hostile}, "A" & B: 3 reviews'
    assert {t.text for t in root.iter(f"{SVG}text")} >= {"<5", "9 & up", hostile}
    with pytest.raises(ValueError, match="paths or http"):
        charts.heatmap(
            ["a"], ["b"], [[1]], [["1"]], hrefs=[["javascript:alert(1)"]], title="t", id="j"
        )
