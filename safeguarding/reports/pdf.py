"""Print a ``Report`` or a 7-minute ``Briefing`` as PDF with WeasyPrint.

The HTML comes from Jinja templates (``reports/pdf/*.jinja``) with print CSS. Nothing is
fetched from the network: the URL fetcher accepts ``data:`` URLs and local static files
only, and refusing anything else stops the render (``ResourceRefused``).
"""

import functools
import logging
import mimetypes
import re
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from markupsafe import Markup

from .document import Briefing, Report, is_number

PDF_CONTENT_TYPE = "application/pdf"
# The most value columns a printed table has (after its row-heading column): a wider table
# is printed as several, each repeating the row headings, so that column headings such as
# "Blackburn with Darwen Safeguarding Children Partnership" fit on A4 portrait and break only
# between words. Headings of short words only ("2025 Q1", "Total") fit twice as many.
TABLE_VALUE_COLUMNS = 6
SHORT_HEADING_VALUE_COLUMNS = 12
SHORT_WORD = 8  # letters: "mentions" in "Theme mentions"

# WeasyPrint logs each layout step at INFO; keep that out of the service's logs unless the
# logging settings ask for it.
_progress = logging.getLogger("weasyprint.progress")
if _progress.level == logging.NOTSET:
    _progress.setLevel(logging.WARNING)

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9.+-]*):")
_SVG_PROLOGUE = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)


class ResourceRefused(ValueError):
    """A document asked for something other than a data: URL or a local static file."""


def static_roots():
    """Directories a document may read files from: the project's static files."""
    roots = [Path(d) for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


@functools.cache
def _local_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """data: URLs and files under the static roots; anything else is refused."""

        def __init__(self):
            super().__init__(allowed_protocols=("data", "file"), fail_on_errors=True)
            self.refused = []  # WeasyPrint swallows errors inside SVG; we look here after

        def fetch(self, url, headers=None):
            try:
                return self._fetch(url, headers)
            except ResourceRefused as error:
                self.refused.append(error)
                raise

        def _fetch(self, url, headers):
            match = _SCHEME.match(url)
            scheme = match[1].lower() if match else ""
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if path.is_file() and any(path.is_relative_to(r) for r in static_roots()):
                    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, path.read_bytes(), headers={"Content-Type": content_type}
                    )
                raise ResourceRefused(f"Not a local static file: {url}")
            raise ResourceRefused(f"Documents may not fetch {scheme or 'this'} URLs: {url[:200]}")

    return LocalOnlyFetcher


def url_fetcher():
    """A WeasyPrint URL fetcher that never touches the network."""
    return _local_fetcher_class()()


def html_to_pdf(html):
    """PDF bytes from a complete HTML document (tagged, for screen readers)."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError, path2url

    roots = static_roots()
    base_url = path2url(str(roots[0])) if roots else None
    fetcher = url_fetcher()
    try:
        content = HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(pdf_tags=True)
    except FatalURLFetchingError as error:  # a BaseException: turn it into an ordinary one
        raise ResourceRefused(str(error.__cause__ or error)) from error
    if fetcher.refused:  # asked for inside an SVG, where WeasyPrint only logs the error
        raise ResourceRefused(str(fetcher.refused[0]))
    return content


def format_cell(value):
    """How a table cell is printed: numbers with thousands separators, text as it is."""
    if value is None:
        return ""
    if is_number(value):
        if isinstance(value, float):
            if value != value:  # NaN
                return ""
            if value.is_integer():
                return f"{int(value):,}"
            return f"{round(value, 2):,}"
        return f"{value:,}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def chart_markup(svg):
    """Inline SVG for the template.

    A chart is markup made by our own chart code (which escapes the labels it draws), never
    text a person typed; it may come as ``str`` or ``Markup``. It must be one ``<svg>``
    element; an XML declaration or doctype in front of it is dropped. Scripts do not run in
    WeasyPrint and the URL fetcher refuses anything remote.
    """
    if not svg:
        return None
    text = _SVG_PROLOGUE.sub("", str(svg), count=1).strip()
    if not (text[:4].lower() == "<svg" and text[-6:].lower() == "</svg>"):
        raise ValueError("A chart must be a single inline <svg> element")
    return Markup(text)  # noqa: S704 (our own chart markup, see above)


def table_pieces(table):
    """A table as printed: itself, or the pieces of a table too wide for the page."""
    words = [len(word) for heading in table.headers[1:] for word in str(heading).split()]
    short = max(words, default=0) <= SHORT_WORD
    return table.column_pieces(SHORT_HEADING_VALUE_COLUMNS if short else TABLE_VALUE_COLUMNS)


def _context(document):
    return {
        "document": document,
        "demo": settings.DEBUG,
        "cell": format_cell,
        "chart": chart_markup,
        "is_number": is_number,
        "table_pieces": table_pieces,
    }


def report_html(report: Report) -> str:
    return render_to_string("reports/pdf/report.jinja", _context(report))


def briefing_html(briefing: Briefing) -> str:
    return render_to_string("reports/pdf/briefing.jinja", _context(briefing))


def render_pdf(report: Report) -> bytes:
    """A report as PDF: cover, contents, one section a page onwards, numbered pages."""
    return html_to_pdf(report_html(report))


def render_briefing_pdf(briefing: Briefing) -> bytes:
    """A 7-minute briefing as PDF: no cover, seven numbered sections, numbered pages."""
    return html_to_pdf(briefing_html(briefing))
