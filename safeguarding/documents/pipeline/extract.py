"""Read a PDF, Word (.docx), HTML or plain-text file into a `Document`: bytes in, text out.

Pages:
- PDF: the file's real pages, numbered from 1, with the text of each page's text layer.
- DOCX: logical pages split at hard page breaks and at the page breaks Word records when it
  saves a file (`w:lastRenderedPageBreak`); a file with neither is one page. Numbers are
  therefore close to what Word showed, not guaranteed.
- Plain text: split at form feeds (as `pdftotext` writes them); otherwise one page.
- HTML: one page.

Paragraphs are the reading-order flow the section and recommendation finders walk. A DOCX or
HTML paragraph is one paragraph element (its list number, when Word or an `<ol>` draws one,
is written in front of the text and also kept in `list_label`). A PDF paragraph is a run of
lines with no larger-than-usual gap between them, joined by "\\n"; headers, footers and page
numbers repeated at the top or bottom of pages are dropped from the flow (not from
`Page.text`), and a paragraph cut by a page break is joined up again. A plain-text paragraph
is a block between blank lines. Each table row is also a paragraph (cells joined by tabs,
`table` set to the table's index) so that sections see tables in their place.

Heading levels come from DOCX heading styles and outline levels, HTML h1-h6, Markdown-style
"#" lines in text files, and for PDFs from the font: lines set larger than the body text are
headings, largest first (level 1, 2, 3), and short bold lines at body size come one level
below those.
"""

from __future__ import annotations

import ctypes
import io
import re
import threading
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from . import errors, sniff

MB = 1024 * 1024
DEFAULT_MAX_UNCOMPRESSED = 100 * MB
DEFAULT_MAX_RATIO = 100
DEFAULT_MAX_PAGES = 2000
# PDFium is not thread-safe: one PDF at a time in each process (an upload's check in a
# request thread and a document read in a background thread must not overlap).
_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class Page:
    number: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    page: int
    heading_level: int | None = None
    list_label: str | None = None
    table: int | None = None

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@dataclass
class Document:
    kind: str
    filename: str
    pages: list[Page]
    paragraphs: list[Paragraph]
    tables: list[list[list[str]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)

    def as_data(self) -> dict:
        """What was read, as plain JSON-ready data (``from_data`` gives it back), so a file
        read once at upload need not be read again by the task that processes it."""
        return {
            "kind": self.kind,
            "filename": self.filename,
            "pages": [[page.number, page.text] for page in self.pages],
            "paragraphs": [
                [p.text, p.page, p.heading_level, p.list_label, p.table] for p in self.paragraphs
            ],
            "tables": self.tables,
            "warnings": self.warnings,
        }


def from_data(data: dict) -> Document:
    """The Document that ``Document.as_data`` described."""
    return Document(
        kind=data["kind"],
        filename=data["filename"],
        pages=[Page(number, text) for number, text in data["pages"]],
        paragraphs=[Paragraph(*row) for row in data["paragraphs"]],
        tables=data.get("tables") or [],
        warnings=data.get("warnings") or [],
    )


def extract(
    data: bytes,
    filename: str,
    *,
    max_bytes: int,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    max_ratio: float = DEFAULT_MAX_RATIO,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> Document:
    """Read `data` (named `filename`) or raise `DocumentError`. Never writes anything."""
    if len(data) > max_bytes:
        raise errors.too_large(len(data), max_bytes)
    sniff.extension_kind(filename)
    if not data.strip():
        raise errors.empty()
    kind = sniff.check(data, filename)
    name = sniff.display_name(filename)
    if kind == "pdf":
        with _PDFIUM:
            doc = _extract_pdf(data, name, max_pages)
    elif kind == "docx":
        doc = _extract_docx(data, name, max_uncompressed, max_ratio)
    else:
        text = sniff.decode_text(data) or ""
        doc = _extract_html(text, name) if kind == "html" else text_document(text, name)
    if not any(p.text.strip() for p in doc.paragraphs):
        raise errors.empty({"pdf": "PDF", "docx": "Word document"}.get(kind, "file"))
    return doc


# --- plain text -------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def text_document(text: str, filename: str = "text.txt") -> Document:
    """A Document from plain text: pages at form feeds, paragraphs between blank lines.

    Rows of a table written with pipes ("| No. | Recommendation | Lead |") or tabs (as a
    Word table pastes) become table paragraphs, as a DOCX table does. At a form feed, a page
    footer ("Page 14 of 31", "14", "OFFICIAL") and a running header are left out, and a
    paragraph that runs over the page break is joined up again.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages, paragraphs, tables = [], [], []
    page_texts = _without_page_furniture(text.split("\f"))
    for number, page_text in enumerate(page_texts, start=1):
        pages.append(Page(number, page_text.strip("\n")))
        block: list[str] = []
        rows: list[list[str]] = []

        def flush(block=block, number=number):
            if block:
                paragraphs.append(Paragraph("\n".join(block), number))
                block.clear()

        def flush_table(rows=rows, number=number, block=block):
            if len(rows) >= 2:
                index = len(tables)
                tables.append([list(row) for row in rows])
                paragraphs.extend(Paragraph("\t".join(row), number, table=index) for row in rows)
            elif rows:
                block.append(" ".join(cell for cell in rows[0] if cell))
            rows.clear()

        for raw_line in page_text.split("\n"):
            cells = _table_cells(raw_line, len(rows[-1]) if rows else 0)
            if cells is not None:
                if not rows:
                    flush()
                if cells:  # a "|---|---|" rule row has no cells
                    rows.append(cells)
                continue
            if rows and raw_line.strip():
                flush_table()
            elif rows:
                continue  # a blank line between rows
            line = raw_line.strip()
            heading = _MD_HEADING.match(line)
            if heading:
                flush()
                paragraphs.append(Paragraph(heading.group(2), number, len(heading.group(1))))
            elif line:
                block.append(line)
            else:
                flush()
        flush_table()
        flush()
    return Document("text", filename, pages, _join_across_pages(paragraphs), tables)


_RULE_CELL = re.compile(r"^:?-{2,}:?$")


def _table_cells(line: str, open_width: int = 0) -> list[str] | None:
    """The cells of a table row written with tabs or pipes, [] for a rule row, else None.
    A sentence with one " | " is a row only under a row of as many cells (`open_width`)."""
    stripped = line.strip()
    one_pipe = stripped.count(" | ") >= 1 and (
        not stripped.endswith(".") or open_width == stripped.count("|") + 1
    )
    if "\t" in line.strip("\n") and len(line.strip(" \n").split("\t")) >= 2 and stripped:
        cells = [cell.strip() for cell in line.rstrip("\n").strip(" ").split("\t")]
    elif stripped.count("|") >= 2 or one_pipe:
        cells = [cell.strip() for cell in stripped.strip("|").split("|")]
    else:
        return None
    if all(_RULE_CELL.match(cell) or not cell for cell in cells):
        return []
    return cells if sum(1 for cell in cells if cell) >= 1 and len(cells) >= 2 else None


_FOOTER = re.compile(
    r"^(?:page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–—(]?\s*\d{1,4}\s*[-–—)]?|"
    r"official(?:[- ]sensitive)?|confidential|draft|not\s+protectively\s+marked)$",
    re.I,
)
_RUNNING_HEADER = re.compile(
    r"\b(?:review|report|partnership|board|reviews|official|confidential|draft)\b", re.I
)


def _without_page_furniture(page_texts: list[str]) -> list[str]:
    """Pages without the footer line before each form feed and the running header after it.
    A header is a line that starts two or more pages, or a short title-like line naming a
    review, report, board or partnership."""
    if len(page_texts) < 2:
        return page_texts
    firsts = Counter(
        lines[0].strip()
        for lines in (t.strip("\n").split("\n") for t in page_texts[1:])
        if lines and lines[0].strip()
    )
    out = []
    for i, page_text in enumerate(page_texts):
        lines = page_text.split("\n")
        if i < len(page_texts) - 1:
            while lines and not lines[-1].strip():
                lines.pop()
            if lines and _FOOTER.match(lines[-1].strip()):
                lines.pop()
        if i > 0:
            while lines and not lines[0].strip():
                lines.pop(0)
            first = lines[0].strip() if lines else ""
            if first and (
                _FOOTER.match(first)
                or firsts[first] >= 2
                or (
                    len(first) <= 100
                    and not first.endswith((".", ",", ";", ":"))
                    and _RUNNING_HEADER.search(first)
                    and first[:1].isupper()
                    and sum(w[:1].isupper() for w in first.split()) >= len(first.split()) / 2
                )
            ):
                lines.pop(0)
        out.append("\n".join(lines))
    return out


def _join_across_pages(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A paragraph that stops without a full stop at a page's end and goes on in lower case
    on the next page is one paragraph."""
    out: list[Paragraph] = []
    for para in paragraphs:
        if (
            out
            and para.page == out[-1].page + 1
            and para.table is None
            and out[-1].table is None
            and out[-1].heading_level is None
            and para.heading_level is None
            and para.text[:1].islower()
            and not out[-1].text.rstrip().endswith((".", "!", "?", ":"))
        ):
            last = out.pop()
            out.append(Paragraph(last.text + "\n" + para.text, last.page))
            continue
        out.append(para)
    return out


# --- PDF --------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^(page\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(\s*(of|/)\s*\d{1,4})?$", re.I)
_LIST_START = re.compile(r"^\s*([•●▪◦‣∙·\-–*\uf0b7\uf0a7]|\(?[0-9]{1,2}[.)]|\(?[a-z][.)]\s)")
_BULLET_START = re.compile(r"^[•●▪◦‣∙·\-–*\uf0b7\uf0a7]")
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_SOFT_HYPHEN = "\x02\ufffe"
_HYPHENS = {ord(ch): "-" for ch in _SOFT_HYPHEN}


@dataclass
class _Line:
    text: str
    page: int
    y: float
    size: float
    bold: bool
    boilerplate: bool = False
    # A ruled table found on the page, standing in the flow where its text was.
    rows: list[list[str]] | None = None
    columns: tuple[float, ...] = ()


def _extract_pdf(data: bytes, name: str, max_pages: int) -> Document:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (
            pdfium_c.FPDF_ERR_PASSWORD,
            pdfium_c.FPDF_ERR_SECURITY,
        ):
            raise errors.encrypted_pdf() from None
        raise errors.corrupt("PDF") from None
    try:
        if data.rfind(b"%%EOF", max(0, len(data) - 8192)) < 0:
            raise errors.corrupt("PDF")
        count = len(pdf)
        if count == 0:
            raise errors.empty("PDF")
        if count > max_pages:
            raise errors.too_many_pages(count, max_pages)
        pages, lines, drawn = [], [], False
        for index in range(count):
            try:
                page = pdf[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError:
                raise errors.corrupt("PDF") from None
            try:
                text = textpage.get_text_range()
                objects = pdfium_c.FPDFPage_CountObjects(page.raw)
                grids = _grids(*_rules(page.raw, objects, pdfium_c)) if objects else []
                lines.extend(_pdf_lines(textpage, text, index + 1, pdfium_c, grids))
                drawn = drawn or objects > 0
            finally:
                textpage.close()
                page.close()
            clean = text.replace("\r\n", "\n").replace("\r", "\n").translate(_HYPHENS)
            pages.append(Page(index + 1, re.sub(r"[\x00-\x08\x0b\x0e-\x1f]", "", clean)))
    finally:
        pdf.close()
    if not any(line.text for line in lines):
        raise errors.image_only() if drawn else errors.empty("PDF")
    tables: list[list[list[str]]] = []
    document = Document("pdf", name, pages, _pdf_paragraphs(lines, len(pages), tables), tables)
    textless = [p.number for p in pages if not p.text.strip()]
    if textless and len(textless) * 4 >= len(pages):
        document.warnings.append(
            f"{len(textless)} of {len(pages)} pages have no text layer (pages "
            f"{_ranges(textless)}); anything on them was not read."
        )
    return document


def _ranges(numbers: list[int]) -> str:
    out, start, prev = [], numbers[0], numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)


def _pdf_lines(textpage, text: str, page: int, pdfium_c, grids=()) -> list[_Line]:
    """Each text line with the baseline, size and boldness of a character mid-line.

    A line whose middle lies inside one of the page's ruled tables (`grids`) is not a line of
    the flow: the table's rows stand in its place, once, where its first line was."""
    lines = []
    x, y = ctypes.c_double(), ctypes.c_double()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    position = 0
    in_grid: dict[int, list[tuple[int, int]]] = {}
    for raw_line in text.split("\r\n"):
        start = position
        position += len(raw_line) + 2
        stripped = raw_line.strip()
        if not stripped:
            continue
        # Sample the middle of the line: a list number or bullet at its start may be set in
        # another font or size.
        middle = start + (len(raw_line) - len(raw_line.lstrip())) + len(stripped) // 2
        while middle > start and raw_line[middle - start].isspace():
            middle -= 1
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, middle, x, y)
        grid = next((g for g in grids if g.holds(x.value, y.value)), None) if grids else None
        if grid is not None:
            key = id(grid)
            if key not in in_grid:
                in_grid[key] = []
                lines.append(_Line("", page, grid.top, 0.0, False, rows=[], columns=grid.xs))
                grid.line = lines[-1]
            in_grid[key].append((start, start + len(raw_line)))
            continue
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, middle)
        weight = pdfium_c.FPDFText_GetFontWeight(textpage.raw, middle)
        pdfium_c.FPDFText_GetFontInfo(textpage.raw, middle, name, len(name), flags)
        bold = weight >= 600 or bool(_BOLD_NAME.search(name.value.decode("latin-1")))
        bold = bold or bool(flags.value & (1 << 18))
        for part in stripped.replace("\r", "\n").split("\n"):
            # PDFium marks a hyphen at a line end (and joins the two lines) with U+FFFE or
            # U+0002: keep it as a hyphen, "multi-agency".
            part = part.translate(_HYPHENS)
            part = re.sub(r"[\x00-\x08\x0b\x0e-\x1f]", "", part).strip()
            if part:
                lines.append(_Line(part, page, y.value, round(size * 2) / 2, bold))
    for grid in grids:
        if id(grid) in in_grid:
            grid.line.rows = _grid_rows(textpage, text, grid, in_grid[id(grid)], pdfium_c)
            grid.line.text = "\n".join("\t".join(row) for row in grid.line.rows)
    return [line for line in lines if line.rows is None or line.rows]


# --- PDF tables -------------------------------------------------------------------------
#
# A ruled table is found from the page's path objects: every straight stroke or thin filled
# rectangle (and each edge of a larger rectangle) is a horizontal or vertical rule; rules that
# cross or touch make one grid; a grid with at least two columns and two rows is a table. Its
# row edges are the heights of its horizontal rules, and in each row the cells are split at
# the vertical rules that cross that row (so a cell spanning columns is one cell). Each
# character of the lines inside the grid goes to the cell holding its centre; a cell's lines
# are joined with spaces. Tables drawn without rules are left to the flow as before.

_RULE_TOLERANCE = 2.0  # points: rules this close are one edge (a border drawn as a thin box)
_THIN = 3.0  # points: a path this thin in one direction is a rule
_MAX_SEGMENTS = 2000  # a path with more segments is a drawing (a chart, a map), not a table


@dataclass(eq=False)
class _Grid:
    left: float
    right: float
    top: float
    bottom: float
    ys: list[float]  # row edges, top first
    cuts: list[list[float]]  # for each row, the x edges of its cells, left first
    xs: tuple[float, ...] = ()  # every column edge, to match a table continued overleaf
    line: _Line | None = None

    def holds(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.bottom <= y <= self.top


def _rules(page, objects: int, pdfium_c):
    """The page's horizontal rules (y, x0, x1) and vertical rules (x, y0, y1)."""
    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    path_type = pdfium_c.FPDF_PAGEOBJ_PATH
    lineto = pdfium_c.FPDF_SEGMENT_LINETO
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    px, py = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()

    def add(x0, y0, x1, y1):
        if abs(y1 - y0) <= 0.5 and abs(x1 - x0) >= 4:
            horizontal.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) >= 4:
            vertical.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))

    for i in range(objects):
        obj = pdfium_c.FPDFPage_GetObject(page, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != path_type:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        width, height = x1 - x0, y1 - y0
        if width < 4 and height < 4:
            continue
        if height <= _THIN:
            horizontal.append(((y0 + y1) / 2, x0, x1))
            continue
        if width <= _THIN:
            vertical.append(((x0 + x1) / 2, y0, y1))
            continue
        count = pdfium_c.FPDFPath_CountSegments(obj)
        if count <= 1 or count > _MAX_SEGMENTS:
            continue
        pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        start = last = None
        for s in range(count):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, s)
            pdfium_c.FPDFPathSegment_GetPoint(segment, px, py)
            point = (a * px.value + c * py.value + e, b * px.value + d * py.value + f)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == lineto and last is not None:
                add(*last, *point)
            elif kind != lineto:
                start = point if kind == pdfium_c.FPDF_SEGMENT_MOVETO else start
            last = point
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                add(*point, *start)
                last = start
    return horizontal, vertical


def _cluster(values: list[float]) -> list[float]:
    """Values within `_RULE_TOLERANCE` of each other as one (their mean), in order."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= _RULE_TOLERANCE:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(group) / len(group) for group in groups]


def _grids(horizontal, vertical) -> list[_Grid]:
    """Tables made of rules that cross: at least two columns and two rows."""
    if not horizontal or len(vertical) < 2 or len(horizontal) + len(vertical) > 5000:
        return []
    t = _RULE_TOLERANCE
    rules = [("h", *r) for r in horizontal] + [("v", *r) for r in vertical]
    parent = list(range(len(rules)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    count_h = len(horizontal)
    for i, (y, x0, x1) in enumerate(horizontal):
        for j, (x, y0, y1) in enumerate(vertical, start=count_h):
            if x0 - t <= x <= x1 + t and y0 - t <= y <= y1 + t:
                parent[find(i)] = find(j)
    groups: dict[int, list[tuple]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(find(i), []).append(rule)
    out = []
    for group in groups.values():
        hs = [r[1:] for r in group if r[0] == "h"]
        vs = [r[1:] for r in group if r[0] == "v"]
        if len(hs) < 2 or len(vs) < 2:
            continue
        left = min(min(x0 for _, x0, _ in hs), min(x for x, _, _ in vs))
        right = max(max(x1 for _, _, x1 in hs), max(x for x, _, _ in vs))
        bottom = min(min(y for y, _, _ in hs), min(y0 for _, y0, _ in vs))
        top = max(max(y for y, _, _ in hs), max(y1 for _, _, y1 in vs))
        ys = _cluster([y for y, _, _ in hs] + [bottom, top])[::-1]
        xs = _cluster([x for x, _, _ in vs] + [left, right])
        if len(xs) < 3 or len(ys) < 3:
            continue
        cuts = []
        for upper, lower in zip(ys, ys[1:], strict=False):
            middle = (upper + lower) / 2
            crossing = [x for x, y0, y1 in vs if y0 - t <= middle <= y1 + t]
            cuts.append(_cluster([*crossing, left, right]))
        out.append(_Grid(left, right, top, bottom, ys, cuts, tuple(xs)))
    return out


def _grid_rows(textpage, text: str, grid: _Grid, ranges, pdfium_c) -> list[list[str]]:
    """The text of each cell of `grid` from the characters in `ranges` of the page's text."""
    import bisect

    cells: dict[tuple[int, int], list[str]] = {}
    last: dict[tuple[int, int], tuple[int, float, float]] = {}  # char index, centre y, height
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    edges = [-y for y in grid.ys]
    for start, end in ranges:
        for i in range(start, min(end, len(text))):
            ch = text[i]
            if ch.isspace():
                continue
            ch = ch.translate(_HYPHENS)
            if ch < " ":
                continue
            if not pdfium_c.FPDFText_GetCharBox(textpage.raw, i, left, right, bottom, top):
                continue
            cx, cy = (left.value + right.value) / 2, (bottom.value + top.value) / 2
            r = bisect.bisect_left(edges, -cy) - 1
            if not 0 <= r < len(grid.cuts):
                continue
            c = bisect.bisect_left(grid.cuts[r], cx) - 1
            if not 0 <= c < len(grid.cuts[r]) - 1:
                continue
            key = (r, c)
            parts = cells.setdefault(key, [])
            height = max(top.value - bottom.value, 1.0)
            if parts:
                index, y0, h0 = last[key]
                if abs(cy - y0) > max(height, h0) * 0.6:  # the cell's next line
                    # "multi-" + "agency" is "multi-agency", as paragraphs join lines
                    hyphen = parts[-1] == "-" and len(parts) > 1 and parts[-2].isalpha()
                    # an opening quote at a line's end belongs to the next line's word
                    opening = parts[-1] in "‘“" or (
                        parts[-1] in "'\"" and (len(parts) == 1 or parts[-2] == " ")
                    )
                    if not (hyphen and ch.islower()) and not opening:
                        parts.append(" ")
                elif any(space.isspace() for space in text[index + 1 : i]):
                    parts.append(" ")
            parts.append(ch)
            last[key] = (i, cy, height)
    rows = []
    for r, cuts in enumerate(grid.cuts):
        row = ["".join(cells.get((r, c), [])).strip() for c in range(len(cuts) - 1)]
        if any(row):
            rows.append(row)
    return rows


def _mark_boilerplate(lines: list[_Line], page_count: int) -> None:
    """Drop running headers, footers and page numbers from the paragraph flow.

    A running header is a line at the top or bottom of a page that recurs (digits aside) on
    most pages, once on each. A text repeated within one page's edges is content, and so is
    anything whose removal would leave the document with nothing but page numbers."""
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    edges = {}
    for p, ls in by_page.items():
        picked = ls[:2] + [line for line in ls[-2:] if line not in ls[:2]] if len(ls) > 2 else ls
        edges[p] = list({id(line): line for line in picked}.values())

    def key(line):
        return re.sub(r"\d+", "#", line.text.lower())

    counts: Counter[str] = Counter()
    for edge in edges.values():
        on_page = Counter(key(line) for line in edge)
        counts.update({k for k, n in on_page.items() if n == 1})
    threshold = page_count if page_count < 4 else max(4, page_count // 2)
    repeated = []
    for edge in edges.values():
        for line in edge:
            if line.rows is not None:  # a table is content
                continue
            if _PAGE_NUMBER.match(line.text):
                line.boilerplate = True
            elif page_count >= 2 and counts[key(line)] >= threshold:
                line.boilerplate = True
                repeated.append(line)
    if repeated and all(line.boilerplate for line in lines if not _PAGE_NUMBER.match(line.text)):
        for line in repeated:
            line.boilerplate = False


def _pdf_paragraphs(
    lines: list[_Line], page_count: int, tables: list[list[list[str]]] | None = None
) -> list[Paragraph]:
    """The flow of paragraphs; the rows of each ruled table go to `tables` and into the
    flow as table paragraphs. A table that ends one page and starts the next with the same
    columns is one table (a header row repeated overleaf is dropped)."""
    _mark_boilerplate(lines, page_count)
    lines = [line for line in lines if not line.boilerplate]
    if tables is None:
        tables = []
    if not lines:
        return []
    text_lines = [line for line in lines if line.rows is None]
    weights: Counter[float] = Counter()
    for line in text_lines:
        weights[line.size] += len(line.text)
    body = weights.most_common(1)[0][0] if weights else 10.0
    larger = sorted(
        {ln.size for ln in text_lines if ln.size > body * 1.12 and _short(ln.text)},
        reverse=True,
    )
    levels = {size: min(i + 1, 3) for i, size in enumerate(larger)}
    bold_level = min(len(larger) + 1, 4)

    # The usual distance between the lines of one paragraph, per font size: the smallest
    # baseline step that recurs across the whole document (a page alone may have too few
    # lines, and gaps between paragraphs can outnumber steps within them).
    steps: dict[float, Counter[float]] = {}
    for a, b in zip(lines, lines[1:], strict=False):
        if (
            a.rows is None
            and b.rows is None
            and a.page == b.page
            and a.size == b.size
            and 0 < a.y - b.y < 3 * a.size
        ):
            steps.setdefault(a.size, Counter())[round((a.y - b.y) * 2) / 2] += 1
    spacing = {size: _usual_step(counter) for size, counter in steps.items()}

    def heading_level(i: int) -> int | None:
        line = lines[i]
        if line.rows is not None:
            return None
        if not _short(line.text) or _looks_like_item(line.text) or _BULLET_START.match(line.text):
            return None
        if line.size in levels:
            return levels[line.size]
        if line.bold and line.size >= body * 0.95 and not line.text.endswith((".", ",", ";")):
            following = lines[i + 1] if i + 1 < len(lines) else None
            if following is None or not following.bold or following.page != line.page:
                return bold_level
        return None

    paragraphs: list[Paragraph] = []
    current: list[str] = []
    current_page = lines[0].page
    prev: _Line | None = None
    prev_heading = False

    def flush():
        if current:
            paragraphs.append(Paragraph("\n".join(current), current_page))
            current.clear()

    previous_table: _Line | None = None
    for i, line in enumerate(lines):
        if line.rows is not None:
            flush()
            rows = line.rows
            last = paragraphs[-1] if paragraphs else None
            if (
                previous_table is not None
                and last is not None
                and last.table is not None
                and last.page == line.page - 1
                and _same_columns(previous_table.columns, line.columns)
            ):
                index = last.table
                if rows[0] == tables[index][0]:
                    rows = rows[1:]
                tables[index].extend(rows)
            else:
                index = len(tables)
                tables.append(list(rows))
            paragraphs.extend(Paragraph("\t".join(row), line.page, table=index) for row in rows)
            previous_table = line
            prev, prev_heading = line, True
            continue
        level = heading_level(i)
        if level is not None:
            flush()
            paragraphs.append(Paragraph(line.text, line.page, level))
            prev, prev_heading = line, True
            continue
        new = prev is None or prev_heading
        if not new and line.page != prev.page:
            last = current[-1] if current else ""
            new = (
                not current
                or last.endswith((".", "!", "?", ":"))
                or bool(_LIST_START.match(line.text))
                or abs(line.size - prev.size) > body * 0.1
            )
        elif not new:
            delta = prev.y - line.y
            ref = spacing.get(line.size) or line.size * 1.2
            new = delta <= 0 or delta > ref * 1.35 or abs(line.size - prev.size) > body * 0.1
        if new:
            flush()
            current_page = line.page
        current.append(line.text)
        prev, prev_heading = line, False
    flush()
    return paragraphs


def _same_columns(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 3 for x, y in zip(a, b, strict=True))


def _usual_step(counter: Counter[float]) -> float:
    total = sum(counter.values())
    for step in sorted(counter):
        if counter[step] >= max(2, total * 0.05):
            return step
    return counter.most_common(1)[0][0]


def _short(text: str) -> bool:
    return len(text) <= 90 and len(text.split()) <= 12


_ITEM = re.compile(
    r"^\s*(recommendation\s+(\d|one|two|three|four|five|six|seven|eight|nine|ten)|R\d+\b)",
    re.I,
)


def _looks_like_item(text: str) -> bool:
    return bool(_ITEM.match(text))


# --- DOCX -------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _check_zip(data: bytes, max_uncompressed: int, max_ratio: float) -> None:
    """Refuse a ZIP that would expand too far, reading only its directory.

    Python's zipfile never returns more bytes for a member than the directory declares (and
    fails on a CRC mismatch), so checking the declared sizes bounds what python-docx reads.
    """
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise errors.corrupt("Word document") from None
    if len(infos) > 10_000:
        raise errors.zip_bomb()
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MB and info.file_size > max_ratio * max(info.compress_size, 1):
            raise errors.zip_bomb()
    if total > max_uncompressed:
        raise errors.zip_bomb()


def _extract_docx(data: bytes, name: str, max_uncompressed: int, max_ratio: float) -> Document:
    _check_zip(data, max_uncompressed, max_ratio)
    import docx

    try:
        word = docx.Document(io.BytesIO(data))
        return _DocxReader(word, name).read()
    except errors.DocumentError:
        raise
    except Exception:  # any parse failure in a damaged package is the file's fault
        raise errors.corrupt("Word document") from None


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
_ROMAN += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
_BULLET = "•"


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter past z: aa, bb, ...
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def _format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _DocxReader:
    def __init__(self, word, name: str):
        self.word = word
        self.name = name
        self.page = 1
        self.paragraphs: list[Paragraph] = []
        self.tables: list[list[list[str]]] = []
        self.page_text: dict[int, list[str]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.styles = {}
        self.default_style = None
        for style in word.styles.element.findall(f"{W}style"):
            self.styles[style.get(f"{W}styleId")] = style
            if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true"):
                self.default_style = style.get(f"{W}styleId")
        self.numbering = self._numbering()

    def read(self) -> Document:
        self._walk(self.word.element.body)
        pages = [Page(n, "\n".join(self.page_text.get(n, []))) for n in range(1, self.page + 1)]
        return Document("docx", self.name, pages, self.paragraphs, self.tables)

    def _walk(self, parent) -> None:
        for child in parent:
            if child.tag == f"{W}p":
                self._paragraph(child)
            elif child.tag == f"{W}tbl":
                self._table(child)
            elif child.tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self._walk(content)

    # text and page breaks
    def _runs_text(self, p) -> tuple[str, int, int]:
        parts: list[str] = []
        before = after = 0
        stack = [iter(p)]
        while stack:
            el = next(stack[-1], None)
            if el is None:
                stack.pop()
                continue
            tag = el.tag
            if not isinstance(tag, str) or tag == MC_FALLBACK or tag == f"{W}pPr":
                continue
            if tag == f"{W}t":
                parts.append(el.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                if el.get(f"{W}type") == "page":
                    if "".join(parts).strip():
                        after += 1
                    else:
                        before += 1
                elif el.get(f"{W}type") != "column":
                    parts.append("\n")
            elif tag == f"{W}lastRenderedPageBreak":
                if "".join(parts).strip():
                    after += 1
                else:
                    before += 1
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{W}txbxContent":
                continue
            else:
                stack.append(iter(el))
        text = "".join(parts)
        return "\n".join(line.strip() for line in text.split("\n")).strip(), before, after

    def _paragraph(self, p) -> None:
        text, before, after = self._runs_text(p)
        if p.find(f"{W}pPr/{W}pageBreakBefore") is not None:
            before = max(before, 1)
        self.page += min(before, 1) if self.paragraphs or self.tables else 0
        label = self._list_label(p) if text else None
        if text:
            shown = f"{label} {text}" if label else text
            self.paragraphs.append(Paragraph(shown, self.page, self._heading_level(p), label))
            self.page_text.setdefault(self.page, []).append(shown)
        self.page += min(after, 1)

    def _table(self, tbl) -> None:
        import docx.table

        table = docx.table.Table(tbl, self.word)
        index = len(self.tables)
        rows: list[list[str]] = []
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                cell_text = "\n".join(self._runs_text(p)[0] for p in cell._tc.iter(f"{W}p"))
                cells.append(cell_text.strip())
            if any(cells):
                rows.append(cells)
                line = "\t".join(cells)
                self.paragraphs.append(Paragraph(line, self.page, table=index))
                self.page_text.setdefault(self.page, []).append(line)
        self.tables.append(rows)

    # styles, headings and numbering
    def _style_chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None

    def _style_id(self, p) -> str | None:
        el = p.find(f"{W}pPr/{W}pStyle")
        return el.get(f"{W}val") if el is not None else self.default_style

    def _heading_level(self, p) -> int | None:
        outline = p.find(f"{W}pPr/{W}outlineLvl")
        if outline is not None and (outline.get(f"{W}val") or "").isdigit():
            level = int(outline.get(f"{W}val"))
            return level + 1 if level < 9 else None
        for style in self._style_chain(self._style_id(p)):
            name_el = style.find(f"{W}name")
            name = (name_el.get(f"{W}val") if name_el is not None else "") or ""
            match = re.fullmatch(r"heading\s*(\d)", name.strip(), re.I)
            if match:
                return int(match.group(1))
            if name.strip().lower() == "title":
                return 1
            outline = style.find(f"{W}pPr/{W}outlineLvl")
            if outline is not None and (outline.get(f"{W}val") or "").isdigit():
                level = int(outline.get(f"{W}val"))
                return level + 1 if level < 9 else None
        return None

    def _numbering(self) -> dict:
        try:
            root = self.word.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return {}
        abstract = {}
        for an in root.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in an.findall(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = {
                    "fmt": fmt.get(f"{W}val") if fmt is not None else "decimal",
                    "text": text.get(f"{W}val") if text is not None else "%1.",
                    "start": int(start.get(f"{W}val")) if start is not None else 1,
                }
            abstract[an.get(f"{W}abstractNumId")] = levels
        nums = {}
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{W}val") if ref is not None else None, {}))
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                start = override.find(f"{W}startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl] = {**levels[ilvl], "start": int(start.get(f"{W}val"))}
            nums[num.get(f"{W}numId")] = levels
        return nums

    def _num_pr(self, p) -> tuple[str | None, int]:
        num_pr = p.find(f"{W}pPr/{W}numPr")
        chain = [] if num_pr is not None else list(self._style_chain(self._style_id(p)))
        for candidate in [num_pr, *(s.find(f"{W}pPr/{W}numPr") for s in chain)]:
            if candidate is None:
                continue
            num_id = candidate.find(f"{W}numId")
            ilvl = candidate.find(f"{W}ilvl")
            return (
                num_id.get(f"{W}val") if num_id is not None else None,
                int(ilvl.get(f"{W}val")) if ilvl is not None else 0,
            )
        return None, 0

    def _list_label(self, p) -> str | None:
        num_id, ilvl = self._num_pr(p)
        if not num_id or num_id == "0" or num_id not in self.numbering:
            return None
        levels = self.numbering[num_id]
        level = levels.get(ilvl)
        if level is None:
            return None
        if level["fmt"] == "bullet":
            return _BULLET
        if level["fmt"] == "none":
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level["start"] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def value(match: re.Match) -> str:
            n = int(match.group(1)) - 1
            lvl = levels.get(n, {"fmt": "decimal", "start": 1})
            return _format_number(counters.get(n, lvl["start"]), lvl["fmt"])

        label = re.sub(r"%(\d)", value, level["text"]).strip()
        return label or None


# --- HTML -------------------------------------------------------------------------------

_BLOCK = {
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table", "ul", "ol",
    "blockquote", "pre", "section", "article", "header", "footer", "main", "aside", "nav",
    "dt", "dd", "dl", "caption", "figure", "figcaption", "address", "hr", "body", "form",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"}


class _HTMLReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[Paragraph] = []
        self.tables: list[list[list[str]]] = []
        self.buffer: list[str] = []
        self.skip = 0
        self.pre = 0
        self.heading: int | None = None
        self.lists: list[dict] = []
        self.label: str | None = None
        self.table_stack: list[dict] = []

    # text outside tables becomes paragraphs; text inside a cell goes to that cell
    def _flush(self) -> None:
        raw = "".join(self.buffer)
        self.buffer.clear()
        if self.pre:
            text = "\n".join(line.rstrip() for line in raw.strip("\n").split("\n"))
        else:
            text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", raw)
            text = "\n".join(line.strip() for line in text.split("\n") if line.strip())
        text = text.strip()
        if not text:
            return
        if self.table_stack and self.table_stack[-1]["cell"] is not None:
            self.table_stack[-1]["cell"].append(text)
            return
        if self.heading is not None:
            text = " ".join(text.split("\n"))
        label, self.label = self.label, None
        shown = f"{label} {text}" if label else text
        self.paragraphs.append(Paragraph(shown, 1, self.heading, label))

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        attrs = dict(attrs)
        if tag == "br":
            self.buffer.append("\n")
            return
        if tag in _BLOCK:
            self._flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = int(tag[1])
        elif tag == "pre":
            self.pre += 1
        elif tag in ("ol", "ul"):
            start = attrs.get("start") or "1"
            self.lists.append(
                {
                    "ordered": tag == "ol",
                    "n": (int(start) if start.lstrip("-").isdigit() else 1) - 1,
                    "type": attrs.get("type") or "1",
                }
            )
        elif tag == "li":
            current = self.lists[-1] if self.lists else {"ordered": False, "n": 0, "type": "1"}
            if current["ordered"]:
                value = attrs.get("value")
                current["n"] = int(value) if value and value.isdigit() else current["n"] + 1
                fmt = {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman"}
                fmt |= {"I": "upperRoman"}
                self.label = _format_number(current["n"], fmt.get(current["type"], "")) + "."
            else:
                self.label = _BULLET
        elif tag == "table":
            self.table_stack.append({"rows": [], "row": None, "cell": None})
        elif tag == "tr" and self.table_stack:
            self._end_row()
            self.table_stack[-1]["row"] = []
        elif tag in ("td", "th") and self.table_stack:
            table = self.table_stack[-1]
            self._end_cell()
            if table["row"] is None:
                table["row"] = []
            table["cell"] = []

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in _BLOCK:
            self._flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = None
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        elif tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        elif tag in ("td", "th") and self.table_stack:
            self._end_cell()
        elif tag == "tr" and self.table_stack:
            self._end_row()
        elif tag == "table" and self.table_stack:
            self._end_row()
            table = self.table_stack.pop()
            rows = [row for row in table["rows"] if any(row)]
            if rows:
                index = len(self.tables)
                self.tables.append(rows)
                for row in rows:
                    self.paragraphs.append(Paragraph("\t".join(row), 1, table=index))

    def _end_cell(self):
        table = self.table_stack[-1]
        if table["cell"] is not None:
            if table["row"] is None:
                table["row"] = []
            table["row"].append(" ".join(table["cell"]).strip())
            table["cell"] = None

    def _end_row(self):
        table = self.table_stack[-1]
        self._end_cell()
        if table["row"] is not None:
            table["rows"].append(table["row"])
            table["row"] = None

    def handle_data(self, data):
        if not self.skip:
            self.buffer.append(data)


def _extract_html(text: str, name: str) -> Document:
    reader = _HTMLReader()
    try:
        reader.feed(text)
        reader.close()
        reader._flush()
        while reader.table_stack:
            reader.handle_endtag("table")
    except (AssertionError, ValueError):
        raise errors.corrupt("web page") from None
    paragraphs = reader.paragraphs
    page = Page(1, "\n".join(p.text for p in paragraphs))
    return Document("html", name, [page], paragraphs, reader.tables)
