"""A Report printed as PDF: cover, contents with real page numbers, sections, footers."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from safeguarding.reports import pdf

from .conftest import flat, pdf_text, sample_report


@pytest.fixture(scope="module")
def rendered():
    """One render for the whole module (a WeasyPrint render takes about half a second)."""
    report = sample_report()
    with override_settings(DEBUG=True):
        content = pdf.render_pdf(report)
    return report, content, pdf_text(content)


def test_it_is_a_pdf_with_a_cover(rendered):
    report, content, pages = rendered
    assert content.startswith(b"%PDF-")
    cover = flat(pages[0])
    assert "Safeguarding case reviews: quarterly report" in cover
    assert "Reviews, recommendations and actions" in cover
    assert "North West region" in cover
    assert "1 April 2024 to 31 March 2025" in cover
    assert "7 April 2025" in cover
    assert "Synthetic demo data" in cover
    assert "Numbers from 1 to 4 are shown as <5" in cover
    assert "Page 1 of" not in cover  # the cover has no footer


def test_contents_give_the_page_each_section_starts_on(rendered):
    report, _, pages = rendered
    contents = pages[1]
    assert "Contents" in contents
    assert "About these figures" in contents
    for section in report.sections:
        listed = re.search(re.escape(section.title) + r"[ .]*?(\d+)\s*$", contents, re.M)
        assert listed, (section.title, contents)
        starts = next(
            number
            for number, text in enumerate(pages[2:], start=3)
            if re.search(r"^\d+\s+" + re.escape(section.title) + r"\s*$", text, re.M)
        )
        assert int(listed[1]) == starts, section.title
    # Each section starts on a new page: the long table pushes the third section on.
    assert [int(n) for n in re.findall(r"(\d+)\s*$", contents, re.M)][:3] == [3, 4, 6]


def test_every_page_after_the_cover_has_page_n_of_m_and_the_title(rendered):
    _, _, pages = rendered
    total = len(pages)
    assert total == 6
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in flat(text)
        assert "Safeguarding case reviews: quarterly report" in flat(text)


def test_header_row_is_repeated_and_suppressed_numbers_are_text(rendered):
    _, _, pages = rendered
    assert "Actions open" in pages[3] and "Actions open" in pages[4]  # the table's 2 pages
    assert "Partnership 55" in pages[4]
    assert re.search(r"North West\s+<5", pages[2])
    assert "1,234" in pages[2]
    assert "&lt;" not in "".join(pages)


def test_numbers_are_right_aligned_and_text_is_escaped(report):
    report.sections[0].paragraphs.append("<b>not bold</b> & more")
    html = pdf.report_html(report)
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; more" in html
    assert '<td class="num">1,234</td>' in html
    assert '<td class="num">&lt;5</td>' in html
    assert '<th scope="col" class="num">Reviews</th>' in html
    assert "<?xml" not in html and "<svg" in html  # the chart is inline SVG


def test_a_chart_must_be_one_svg_element():
    assert str(pdf.chart_markup('<?xml version="1.0"?>\n<svg></svg>')) == "<svg></svg>"
    assert pdf.chart_markup(None) is None
    with pytest.raises(ValueError, match="svg"):
        pdf.chart_markup("<p>not a chart</p>")
    with pytest.raises(ValueError, match="svg"):
        pdf.chart_markup("<svg></svg></figure><p>more</p>")


def test_demo_flag_only_when_debug(report, settings):
    settings.DEBUG = False
    assert "Synthetic demo data" not in pdf.report_html(report)
    settings.DEBUG = True
    assert "Synthetic demo data" in pdf.report_html(report)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://example.org/style.css",
        "HTTPS://example.org/x",
        "ftp://example.org/x",
        "//example.org/x",
        "file:///etc/passwd",
        "file://" + str(Path(settings.BASE_DIR) / "manage.py"),
    ],
)
def test_the_url_fetcher_refuses_the_network_and_files_outside_static(url):
    with pytest.raises(pdf.ResourceRefused):
        pdf.url_fetcher().fetch(url)


def test_the_url_fetcher_allows_data_urls_and_static_files():
    fetcher = pdf.url_fetcher()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    css = Path(settings.BASE_DIR) / "safeguarding" / "static" / "app.css"
    response = fetcher.fetch(css.as_uri())
    assert response.read() == css.read_bytes()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "html",
    [
        '<p>x</p><img src="http://127.0.0.1:9/x.png">',
        '<link rel="stylesheet" href="https://127.0.0.1:9/x.css"><p>x</p>',
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="http://127.0.0.1:9/x.png"'
        ' width="10" height="10"/></svg>',
    ],
)
def test_a_document_asking_for_a_remote_resource_is_refused(monkeypatch, html):
    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr("socket.socket.connect", no_network)
    monkeypatch.setattr("socket.create_connection", no_network)
    with pytest.raises(pdf.ResourceRefused, match="http"):
        pdf.html_to_pdf(html)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234, "1,234"),
        (0, "0"),
        (12.25, "12.25"),
        (2.0, "2"),
        (1 / 3, "0.33"),
        ("<5", "<5"),
        ("*", "*"),
        (None, ""),
        (True, "Yes"),
    ],
)
def test_format_cell(value, text):
    assert pdf.format_cell(value) == text
