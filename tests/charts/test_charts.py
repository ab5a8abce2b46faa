"""The SVG charts (safeguarding.charts): parsed as XML, checked for what a reader relies on."""

import re
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from safeguarding import charts
from safeguarding.charts import (
    bar_chart,
    contrast_ratio,
    heatmap,
    line_chart,
    nice_ticks,
    stacked_bar_chart,
    text_width,
    wrap_text,
)
from safeguarding.dashboard.suppression import suppress_series

SVG = "{http://www.w3.org/2000/svg}"
LONG_TYPE = "Local child safeguarding practice review"
LONG_ICB = "NHS Lancashire and South Cumbria Integrated Care Board"
QUARTERS = ["2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4", "2025 Q1"]


def parse(markup):
    assert isinstance(markup, Markup)
    return ET.fromstring(str(markup))  # noqa: S314 - our own output


def tag(element):
    return element.tag.removeprefix(SVG)


def find_all(root, name):
    return [e for e in root.iter() if tag(e) == name]


def text_of(element):
    """A text element's words, its tspans (wrapped lines) joined with spaces."""
    spans = find_all(element, "tspan")
    if spans:
        return " ".join(s.text or "" for s in spans)
    return element.text or ""


def texts(root):
    return [text_of(t) for t in find_all(root, "text")]


def bars(root):
    """The bars of a one-series bar chart: rectangles in NHS blue."""
    return [r for r in find_all(root, "rect") if r.get("fill") == charts.BLUE]


def ids(root):
    return [e.get("id") for e in root.iter() if e.get("id")]


def sample_charts(prefix="c", hrefs=False):
    """One chart of each kind, with suppressed values and long labels."""
    return [
        bar_chart(
            ["Rapid review", LONG_TYPE, "Safeguarding adults review"],
            [12, None, 30],
            ["12", "<5", "30"],
            title="Reviews by type",
            id=f"{prefix}-bar",
            hrefs=["/r/1", "/r/2", None] if hrefs else None,
            table_id=f"{prefix}-bar-table",
            table_caption="Reviews by type: the numbers",
        ),
        bar_chart(
            QUARTERS,
            [3, 8, None, 0, 12],
            ["3", "8", "*", "0", "12"],
            title="Reviews by quarter",
            id=f"{prefix}-col",
            orientation="vertical",
        ),
        stacked_bar_chart(
            ["Rapid review", LONG_TYPE],
            [
                ("Scoping", [10, None], ["10", "<5"], ["/s/1", None] if hrefs else None),
                ("In progress", [20, 7], ["20", "7"]),
                ("Published", [5, None], ["5", "*"]),
            ],
            totals=([35, 20], ["35", "20"]),
            title="Reviews by type and stage",
            id=f"{prefix}-stack",
        ),
        line_chart(
            QUARTERS,
            [
                ("Neglect", [5, 9, None, 12, 15], ["5", "9", "<5", "12", "15"]),
                ("Information sharing", [7, 6, 8, None, 11], ["7", "6", "8", "*", "11"]),
                ("Domestic abuse", [20, 18, 19, 22, 25], ["20", "18", "19", "22", "25"]),
            ],
            title="Themes by quarter",
            id=f"{prefix}-line",
        ),
        heatmap(
            ["Neglect", "Information sharing"],
            ["North West", "London", "South East"],
            [[0, 12, None], [40, 5, 22]],
            [["0", "12", "<5"], ["40", "5", "22"]],
            title="Themes by region",
            id=f"{prefix}-heat",
            hrefs=[[None, "/h/1", None], [None, None, None]] if hrefs else None,
        ),
    ]


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("max_value", "expected"),
    [
        (12, [0, 5, 10, 15]),
        (3, [0, 1, 2, 3]),
        (10, [0, 2, 4, 6, 8, 10]),
        (47, [0, 10, 20, 30, 40, 50]),
        (100, [0, 20, 40, 60, 80, 100]),
        (1234, [0, 250, 500, 750, 1000, 1250]),
        (0.7, [0, 0.2, 0.4, 0.6, 0.8]),
        (1, [0, 1]),
        (0, [0, 1]),
    ],
)
def test_nice_ticks(max_value, expected):
    assert nice_ticks(max_value) == expected


def test_nice_ticks_cover_the_maximum_in_at_most_n_steps():
    for max_value in [1, 2, 7, 9, 11, 19, 23, 99, 101, 249, 999, 4321, 0.3, 2.7]:
        for n in (3, 4, 5, 6):
            ticks = nice_ticks(max_value, n)
            assert ticks[0] == 0
            assert ticks[-1] >= max_value
            assert len(ticks) - 1 <= n
            steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
            assert len(steps) == 1


def test_wrap_text_never_cuts_a_word():
    lines = wrap_text(LONG_ICB, 120)
    assert len(lines) > 1
    assert " ".join(lines) == LONG_ICB
    assert wrap_text("Supercalifragilistic", 10) == ["Supercalifragilistic"]


def test_palette_contrast():
    for colour in charts.SERIES_COLOURS + (charts.BLUE, charts.AXIS):
        assert contrast_ratio(colour, "#ffffff") >= 3, colour  # WCAG 1.4.11
        # segment labels are white or dark text on the series colour
        assert contrast_ratio(colour, charts.text_colour_for(colour)) >= 4.5, colour
    for colour in (charts.TEXT, charts.SECONDARY_TEXT):
        assert contrast_ratio(colour, "#ffffff") >= 4.5
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0


def test_from_cells_splits_display_cells():
    series = suppress_series([41, 2, 17, 0, 9])
    values, shown = charts.from_cells(series.cells)
    assert len(values) == len(shown) == 5
    for value, text in zip(values, shown, strict=True):
        assert (value is None) == (text in ("<5", "*"))


# --------------------------------------------------------------------------- all kinds


def test_every_chart_is_an_accessible_svg():
    for chart in sample_charts():
        root = parse(chart)
        assert tag(root) == "svg"
        assert root.get("role") == "img"
        assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
        # a chart fills its box; a heatmap is drawn at its own size (it scrolls in its box)
        if root.get("class") == "chart-natural":
            assert root.get("width") == root.get("viewBox").split()[2]
        else:
            assert root.get("width") == "100%"
        title, desc = find_all(root, "title")[0], find_all(root, "desc")[0]
        assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
        all_ids = ids(root)
        assert len(all_ids) == len(set(all_ids))
        for ref in root.get("aria-labelledby").split():
            assert ref in all_ids
        assert "table below" in desc.text
        # every url(#...) fill points to a pattern in the same chart
        for element in root.iter():
            match = re.fullmatch(r"url\(#(.+)\)", element.get("fill") or "")
            if match:
                assert match[1] in all_ids


def test_ids_are_unique_across_charts_with_different_prefixes():
    first = [i for c in sample_charts("first") for i in ids(parse(c))]
    second = [i for c in sample_charts("second") for i in ids(parse(c))]
    everything = first + second
    assert len(everything) == len(set(everything))
    assert all(i.startswith("first-") for i in first)


def test_table_is_named_in_the_description():
    root = parse(sample_charts()[0])
    desc = find_all(root, "desc")[0].text
    assert "The numbers are in the table below, “Reviews by type: the numbers”." in desc
    assert root.get("aria-details") == "c-bar-table"


def test_suppressed_values_are_explained_and_no_number_is_implied():
    for chart in sample_charts():
        root = parse(chart)
        shown = " ".join(texts(root))
        assert "<5 means 1 to 4" in shown or "* means hidden" in shown


def test_bad_input_is_an_error():
    with pytest.raises(ValueError):
        bar_chart(["a"], [1, 2], ["1", "2"], title="t", id="x")
    with pytest.raises(ValueError):
        bar_chart(["a"], [-1], ["-1"], title="t", id="x")
    with pytest.raises(ValueError):
        bar_chart(["a"], [1], ["1"], title="t", id='x" onload="alert(1)')
    with pytest.raises(ValueError):
        bar_chart(["a"], [1], ["1"], title="t", id="x", orientation="diagonal")


# --------------------------------------------------------------------------- bar chart


@pytest.mark.parametrize("orientation", ["horizontal", "vertical"])
def test_bars_are_proportional_to_values(orientation):
    values = [10, 40, 25, 5]
    root = parse(
        bar_chart(
            ["A", "B", "C", "D"],
            values,
            [str(v) for v in values],
            title="t",
            id="p",
            orientation=orientation,
        )
    )
    size = "width" if orientation == "horizontal" else "height"
    lengths = [float(r.get(size)) for r in bars(root)]
    assert len(lengths) == 4
    for value, length in zip(values, lengths, strict=True):
        assert length / lengths[1] == pytest.approx(value / 40, abs=0.01)
    # the value text is at the end of each bar
    assert ["10", "40", "25", "5"] == [t for t in texts(root) if t.isdigit()]


@pytest.mark.parametrize("orientation", ["horizontal", "vertical"])
def test_a_suppressed_value_draws_no_bar_but_shows_its_text(orientation):
    root = parse(
        bar_chart(
            ["A", "B", "C", "D"],
            [10, None, None, 0],
            ["10", "<5", "*", "0"],
            title="t",
            id="s",
            orientation=orientation,
        )
    )
    assert len(bars(root)) == 1
    shown = texts(root)
    for marker in ("<5", "*", "0"):
        assert marker in shown


def test_the_scale_comes_from_published_values_only():
    """A bar's length depends on published values only (a suppressed one is not a 0)."""
    one = parse(bar_chart(["A", "B"], [10, 20], ["10", "20"], title="t", id="a"))
    two = parse(bar_chart(["A", "B", "A"], [10, 20, None], ["10", "20", "*"], title="t", id="a"))
    assert [r.get("width") for r in bars(one)] == [r.get("width") for r in bars(two)]


def test_labels_are_escaped():
    hostile = "<script>alert(1)</script>"
    chart = bar_chart(
        [hostile, 'Tom & Jerry\'s "review"'],
        [3, 9],
        ["3", "9"],
        title="<b>Title</b> & more",
        id="e",
        hrefs=['/x?a=1&b="2"', None],
        table_caption="<i>caption</i>",
    )
    assert "<script" not in str(chart)
    assert "<b>" not in str(chart) and "<i>" not in str(chart)
    root = parse(chart)  # well-formed XML
    shown = texts(root)
    assert hostile in shown
    assert 'Tom & Jerry\'s "review"' in shown
    assert find_all(root, "title")[0].text == "<b>Title</b> & more"
    link = find_all(root, "a")[0]
    assert link.get("href") == '/x?a=1&b="2"'


def test_long_labels_are_wrapped_not_cut():
    root = parse(
        bar_chart(
            [LONG_ICB, "NHS Frimley Integrated Care Board", LONG_TYPE],
            [3, 9, 12],
            ["3", "9", "12"],
            title="t",
            id="l",
        )
    )
    labels = [t for t in find_all(root, "text") if text_of(t) == LONG_ICB]
    assert len(labels) == 1
    label = labels[0]
    lines = [s.text for s in find_all(label, "tspan")]
    assert len(lines) >= 2
    # right-aligned at x: every line fits between the left edge and x
    x = float(label.get("x"))
    assert label.get("text-anchor") == "end"
    for line in lines:
        assert x - text_width(line) >= 0
    # bars start to the right of the labels
    assert all(float(r.get("x")) > x for r in bars(root))
    assert LONG_TYPE in texts(root)


def test_very_long_words_widen_the_chart():
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2
    root = parse(bar_chart([word], [5], ["5"], title="t", id="w"))
    assert word in texts(root)
    width = float(root.get("viewBox").split()[2])
    bar = bars(root)[0]
    assert float(bar.get("x")) + float(bar.get("width")) < width
    assert float(bar.get("x")) > text_width(word)


def test_links_only_where_an_href_is_given():
    plain = parse(sample_charts(hrefs=False)[0])
    assert find_all(plain, "a") == []
    assert plain.get("role") == "img"

    root = parse(
        bar_chart(
            ["Rapid review", "Learning review", "Other"],
            [12, None, 1],
            ["12", "<5", "1"],
            title="t",
            id="h",
            hrefs=[None, "/reviews?type=learning", "/reviews?type=other"],
        )
    )
    links = find_all(root, "a")
    assert [a.get("href") for a in links] == ["/reviews?type=learning", "/reviews?type=other"]
    names = [find_all(a, "title")[0].text for a in links]
    assert names == ["Learning review: <5 reviews (suppressed)", "Other: 1 review"]
    # the links stay reachable: a group, not an image (whose children are presentational)
    assert root.get("role") == "group"
    # texts outside the links are hidden from assistive technology (the desc says it)
    for text in find_all(root, "text"):
        inside = any(text in list(a.iter()) for a in links)
        assert inside or text.get("aria-hidden") == "true"


def test_empty_input_says_no_data():
    for chart in (
        bar_chart([], [], [], title="t", id="n"),
        bar_chart(["A", "B"], [0, 0], ["0", "0"], title="t", id="n"),
        stacked_bar_chart(["A"], [("x", [0], ["0"])], title="t", id="n"),
        stacked_bar_chart([], [], title="t", id="n"),
        line_chart([], [], title="t", id="n"),
        line_chart(QUARTERS, [("x", [0] * 5, ["0"] * 5)], title="t", id="n"),
        heatmap([], [], [], [], title="t", id="n"),
        heatmap(["a"], ["b", "c"], [[0, 0]], [["0", "0"]], title="t", id="n"),
    ):
        assert isinstance(chart, Markup)
        assert "No data for this selection" in str(chart)
        assert "<svg" not in str(chart)
    # all suppressed is not "no data": the markers are shown
    root = parse(bar_chart(["A"], [None], ["*"], title="t", id="n"))
    assert "*" in texts(root)


# --------------------------------------------------------------------------- stacked bars


def stacked_segments(root):
    """Rectangles of series colours that are segments (not legend swatches, not patches)."""
    height = max(float(r.get("height")) for r in find_all(root, "rect"))
    return [
        r
        for r in find_all(root, "rect")
        if r.get("fill") in charts.SERIES_COLOURS and float(r.get("height")) == height
    ]


def test_stacked_bars_draw_published_segments_and_a_published_total():
    root = parse(sample_charts()[2])
    segments = stacked_segments(root)
    # bar 1: 10, 20, 5 (all published); bar 2: only 7 is published
    widths = [float(r.get("width")) + 1 for r in segments]  # + the white gap
    assert len(widths) == 4
    scale = widths[0] / 10
    assert widths[1] / scale == pytest.approx(20, abs=0.1)
    assert widths[2] / scale == pytest.approx(5, abs=0.1)
    assert widths[3] / scale == pytest.approx(7, abs=0.1)
    shown = texts(root)
    assert "35" in shown  # all published: the total
    assert "20 †" in shown  # the published total, marked as including suppressed figures
    # the two suppressed segments of bar 2 together: 20 - 7 = 13, hatched, no number
    hatched = [r for r in find_all(root, "rect") if r.get("fill") == "url(#c-stack-hatch)"]
    bar_hatch = [r for r in hatched if float(r.get("height")) == float(segments[0].get("height"))]
    assert len(bar_hatch) == 1
    assert float(bar_hatch[0].get("width")) / scale == pytest.approx(13, abs=0.1)
    assert "13" not in shown
    legend = [t for t in shown if t in ("Scoping", "In progress", "Published")]
    assert legend == ["Scoping", "In progress", "Published"]


def test_stacked_total_is_never_a_sum_over_suppressed_segments():
    series = [("Scoping", [10, 4], ["10", "4"]), ("Published", [20, None], ["20", "<5"])]
    # no totals given: the bar with a suppressed segment shows no total at all
    root = parse(stacked_bar_chart(["A", "B"], series, title="t", id="s"))
    shown = texts(root)
    assert "30" in shown
    assert "†" in shown
    assert not any(re.fullmatch(r"\d+ †", t) for t in shown)
    # a suppressed total is shown as its marker, and no remainder is drawn
    root = parse(
        stacked_bar_chart(["A", "B"], series, totals=([30, None], ["30", "*"]), title="t", id="s")
    )
    assert "* †" in texts(root)
    assert not any(r.get("fill") == "url(#s-hatch)" for r in find_all(root, "rect"))


def test_stacked_totals_must_agree_with_published_segments():
    series = [("Scoping", [10, 4], ["10", "4"]), ("Published", [20, None], ["20", "<5"])]
    with pytest.raises(ValueError):
        stacked_bar_chart(["A", "B"], series, totals=([31, 9], ["31", "9"]), title="t", id="s")
    with pytest.raises(ValueError):
        stacked_bar_chart(["A", "B"], series, totals=([30, 3], ["30", "<5"]), title="t", id="s")


def test_stacked_series_differ_by_pattern_as_well_as_colour():
    root = parse(sample_charts()[2])
    patterns = [e for e in root.iter() if tag(e) == "pattern"]
    assert {"c-stack-pattern-1", "c-stack-pattern-2"} <= {p.get("id") for p in patterns}


def test_stacked_segment_links():
    root = parse(sample_charts(hrefs=True)[2])
    links = find_all(root, "a")
    assert [a.get("href") for a in links] == ["/s/1"]
    assert find_all(links[0], "title")[0].text == "Rapid review, Scoping: 10 reviews"


def test_segment_labels_have_contrast():
    root = parse(sample_charts()[2])
    labels = [t for t in find_all(root, "text") if t.get("fill") == "#ffffff"]
    assert {text_of(t) for t in labels} == {"10", "20", "5", "7"}
    for text in labels:
        fill = _solid_fill_under(root, float(text.get("x")), float(text.get("y")) - 4)
        assert contrast_ratio(fill, "#ffffff") >= 4.5, (text_of(text), fill)


def test_links_must_be_paths_or_web_urls():
    for href in ("javascript:alert(1)", " javascript:alert(1)", "data:text/html,x"):
        with pytest.raises(ValueError):
            bar_chart(["A"], [1], ["1"], title="t", id="j", hrefs=[href])
    for href in ("/reviews?x=1", "?type=rapid", "#row", "https://example.org/a"):
        root = parse(bar_chart(["A"], [1], ["1"], title="t", id="j", hrefs=[href]))
        assert find_all(root, "a")[0].get("href") == href


# --------------------------------------------------------------------------- line chart


def series_paths(root):
    return [p for p in find_all(root, "path") if p.get("stroke") in charts.SERIES_COLOURS]


def test_line_chart_has_gaps_at_suppressed_values():
    root = parse(
        line_chart(
            QUARTERS,
            [("Neglect", [5, 9, None, 12, 15], ["5", "9", "<5", "12", "15"])],
            title="t",
            id="g",
        )
    )
    (path,) = [p for p in series_paths(root) if p.get("fill") == "none"]
    d = path.get("d")
    assert d.count("M") == 2  # two runs: Q1-Q2 and Q4-Q5
    xs = [float(x) for x in re.findall(r"[ML]([\d.]+),", d)]
    assert len(xs) == 4
    markers = [c for c in find_all(root, "circle") if c.get("fill") == charts.SERIES_COLOURS[0]]
    # legend marker (top row), plotted markers (r=5), the suppressed row's marker (r=4.5)
    plotted = [c for c in markers if float(c.get("cy")) > 30 and c.get("r") == "5"]
    assert sorted(float(c.get("cx")) for c in plotted) == sorted(xs)
    # the gap's x (halfway between Q2 and Q4) has no point, only the marker text under
    # the x axis, in the "Suppressed" row
    gap_x = (xs[1] + xs[2]) / 2
    assert gap_x not in xs
    (flagged,) = [c for c in markers if c.get("r") == "4.5"]
    assert float(flagged.get("cx")) < gap_x < float(flagged.get("cx")) + 30
    axis_y = max(float(c.get("cy")) for c in plotted)
    assert float(flagged.get("cy")) > axis_y
    shown = texts(root)
    assert "<5" in shown and "Suppressed" in shown


def test_line_chart_isolated_point_is_a_marker_only():
    root = parse(
        line_chart(QUARTERS[:3], [("x", [None, 3, None], ["*", "3", "*"])], title="t", id="i")
    )
    assert not any("L" in (p.get("d") or "") for p in series_paths(root))
    assert len(find_all(root, "circle")) >= 2  # the point and the legend


def test_line_chart_series_have_distinct_markers_and_a_legend():
    root = parse(sample_charts()[3])
    shown = texts(root)
    for name in ("Neglect", "Information sharing", "Domestic abuse"):
        assert name in shown
    assert find_all(root, "circle") and find_all(root, "rect") and find_all(root, "polygon")
    # y axis ticks from nice_ticks
    for tick in ("0", "5", "10", "15", "20", "25"):
        assert tick in shown


def test_line_chart_y_values_are_scaled():
    root = parse(line_chart(["a", "b"], [("x", [0, 10], ["0", "10"])], title="t", id="y"))
    (path,) = [p for p in series_paths(root) if p.get("fill") == "none"]
    ys = [float(y) for y in re.findall(r",([\d.]+)", path.get("d"))]
    grid = {
        text_of(t): float(t.get("y"))
        for t in find_all(root, "text")
        if t.get("text-anchor") == "end"
    }
    # the point at 0 is on the 0 tick line, the point at 10 on the 10 tick line
    assert ys[0] == pytest.approx(grid["0"] - 0.35 * charts.SMALL_SIZE, abs=0.2)
    assert ys[1] == pytest.approx(grid["10"] - 0.35 * charts.SMALL_SIZE, abs=0.2)


# --------------------------------------------------------------------------- heatmap


def _solid_fill_under(root, x, y):
    under = None
    for rect in find_all(root, "rect"):
        fill = rect.get("fill")
        if not fill or not fill.startswith("#"):
            continue
        rx, ry = float(rect.get("x")), float(rect.get("y"))
        rw, rh = float(rect.get("width")), float(rect.get("height"))
        if rx <= x <= rx + rw and ry <= y <= ry + rh:
            under = fill  # the last one drawn is on top
    return under


def test_heatmap_text_contrast_for_every_cell():
    values = [[r * 10 + c for c in range(10)] for r in range(6)]
    values[2][3] = None
    values[4][7] = None
    cell_texts = [["<5" if v is None else str(v) for v in row] for row in values]
    root = parse(
        heatmap(
            [f"Row {r}" for r in range(6)],
            [f"C{c}" for c in range(10)],
            values,
            cell_texts,
            title="t",
            id="hm",
        )
    )
    wanted = {t for row in cell_texts for t in row}
    checked = 0
    for text in find_all(root, "text"):
        if text.get("text-anchor") != "middle" or text_of(text) not in wanted:
            continue
        fill = _solid_fill_under(root, float(text.get("x")), float(text.get("y")) - 5)
        assert fill is not None
        ink = text.get("fill")
        assert contrast_ratio(fill, ink) >= 4.5, (text_of(text), fill, ink)
        checked += 1
    assert checked == 60


def test_heatmap_scale_zero_and_suppressed_cells():
    root = parse(sample_charts()[4])
    cells = {}
    for text in find_all(root, "text"):
        if text.get("text-anchor") == "middle" and text_of(text) in {"0", "12", "<5", "40", "5"}:
            cells[text_of(text)] = _solid_fill_under(
                root, float(text.get("x")), float(text.get("y")) - 5
            )
    assert cells["0"] == "#ffffff"
    assert cells["<5"] == charts.PALE_GREY
    # darker for more
    lum = charts._relative_luminance
    assert lum(cells["40"]) < lum(cells["12"]) < lum(cells["5"])
    assert cells["40"] == "#003087"  # the largest published value is the darkest


def test_heatmap_links_and_names():
    root = parse(sample_charts(hrefs=True)[4])
    links = find_all(root, "a")
    assert [a.get("href") for a in links] == ["/h/1"]
    assert find_all(links[0], "title")[0].text == "Neglect, London: 12 reviews"
    assert root.get("role") == "group"


def test_heatmap_long_labels_are_kept():
    root = parse(
        heatmap(
            [LONG_ICB, "NHS Kent and Medway Integrated Care Board"],
            ["North East and Yorkshire", "2024 Q1"],
            [[1, 2], [3, 4]],
            [["1", "2"], ["3", "4"]],
            title="t",
            id="hl",
        )
    )
    shown = texts(root)
    assert LONG_ICB in shown
    assert "North East and Yorkshire" in shown


# --------------------------------------------------------------------------- PDF


def test_charts_render_in_weasyprint():
    from weasyprint import HTML

    body = "".join(f"<figure>{chart}</figure>" for chart in sample_charts(hrefs=True))
    html = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Charts</title></head><body>{body}</body></html>'
    pdf = HTML(string=html).write_pdf(pdf_tags=True)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 2000


def test_a_chart_of_many_ranges_explains_the_kind_once():
    markers = charts._suppression_markers(
        [(None, "18–37"), (None, "10–37"), (None, "<5"), (None, "120+"), (None, "3+"), (5, "5")]
    )
    assert markers == ["18–37", "<5", "120+"]
    note = charts._note(markers, "No bar is drawn for these figures.")
    assert note.count("range") == 2 and "10–37" not in note and "3+" not in note
    assert note.startswith("A range such as 18–37 means the number is in that range")
    assert "at least that many" in note
    assert charts._markers_phrase(markers) == (
        "ranges such as 18–37, <5 or lower bounds such as 120+"
    )
