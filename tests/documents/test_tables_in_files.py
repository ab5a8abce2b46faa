"""Ruled tables in real PDF files (reportlab) come out as document tables."""

import io
import json
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest
from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph

from safeguarding.documents.pipeline.extract import _table_cells, extract
from safeguarding.documents.pipeline.recommendations import extract_recommendations, normalise

MAX = 10 * 1024 * 1024
LONG = (
    "The partnership should make sure that multi-agency training on self-neglect is "
    "refreshed every year and that its reach is reported to the Board."
)


def _pdf(story) -> bytes:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build(story)
    return buffer.getvalue()


def _table(rows):
    style = getSampleStyleSheet()["BodyText"]
    cells = [[PdfParagraph(text, style) for text in row] for row in rows]
    table = Table(cells, colWidths=[250, 120, 80], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    return table


def test_ruled_table_with_wrapped_cells():
    body = getSampleStyleSheet()["BodyText"]
    rows = [["Recommendation", "Lead agency", "By when"], [LONG, "Children's social care", "June"]]
    doc = extract(_pdf([PdfParagraph("Intro text.", body), _table(rows)]), "a.pdf", max_bytes=MAX)
    assert doc.tables == [rows]
    assert [p.table for p in doc.paragraphs] == [None, 0, 0]
    assert doc.paragraphs[0].text == "Intro text."


def test_table_across_a_page_break():
    rows = [["Recommendation", "Lead agency", "By when"]]
    rows += [[f"{n}. {LONG}", "ICB", "March"] for n in range(1, 41)]
    doc = extract(_pdf([_table(rows)]), "a.pdf", max_bytes=MAX)
    assert doc.tables == [rows]
    assert len({p.page for p in doc.paragraphs if p.table == 0}) >= 2


def test_page_without_tables_is_unchanged():
    body = getSampleStyleSheet()["BodyText"]
    story = [PdfParagraph("First paragraph.", body), PageBreak(), PdfParagraph(LONG, body)]
    doc = extract(_pdf(story), "a.pdf", max_bytes=MAX)
    assert doc.tables == []
    assert [(p.text.replace("\n", " "), p.page) for p in doc.paragraphs] == [
        ("First paragraph.", 1),
        (LONG, 2),
    ]


# --- the corpus's table layouts as real DOCX and PDF files ---------------------------------

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "documents.jsonl"


def _records_with_tables():
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if any(_table_cells(line) for line in r["text"].split("\n"))]


def _pieces(text):
    """The text as ("page",), ("para", lines) and ("table", rows) pieces, in order."""
    pieces, lines, rows = [], [], []

    def flush():
        if lines:
            pieces.append(("para", list(lines)))
            lines.clear()
        if rows:
            pieces.append(("table", [list(r) for r in rows]))
            rows.clear()

    for page_number, page in enumerate(text.split("\f")):
        if page_number:
            flush()
            pieces.append(("page",))
        for line in page.split("\n"):
            cells = _table_cells(line, len(rows[-1]) if rows else 0)
            if cells is not None:
                if lines:
                    flush()
                if cells:
                    rows.append(cells)
            elif line.strip():
                if rows:
                    flush()
                lines.append(line.strip())
            else:
                flush()
    flush()
    return pieces


def _docx_file(text):
    word = docx.Document()
    for piece in _pieces(text):
        if piece[0] == "page":
            word.add_page_break()
        elif piece[0] == "para":
            word.add_paragraph("\n".join(piece[1]))
        else:
            width = max(len(r) for r in piece[1])
            table = word.add_table(rows=0, cols=width)
            for row in piece[1]:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    cell.text = value
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _pdf_file(text):
    style = getSampleStyleSheet()["BodyText"]
    story = []
    for piece in _pieces(text):
        if piece[0] == "page":
            story.append(PageBreak())
        elif piece[0] == "para":
            story.append(PdfParagraph("<br/>".join(escape(line) for line in piece[1]), style))
        else:
            width = max(len(r) for r in piece[1])
            lengths = [max(len(r[i]) if i < len(r) else 0 for r in piece[1]) for i in range(width)]
            spare = 450 - 45 * width  # every column at least 45 points, the rest by length
            widths = [45 + spare * n / max(sum(lengths), 1) for n in lengths]
            cells = [
                [PdfParagraph(escape(r[i]) if i < len(r) else "", style) for i in range(width)]
                for r in piece[1]
            ]
            table = Table(cells, colWidths=widths)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story.append(table)
    return _pdf(story)


@pytest.mark.parametrize("kind", ["docx", "pdf"])
@pytest.mark.parametrize("record", _records_with_tables(), ids=lambda r: r["id"])
def test_files_with_tables_give_the_recommendations_of_their_text(record, kind):
    make = _docx_file if kind == "docx" else _pdf_file
    document = extract(make(record["text"]), f"report.{kind}", max_bytes=MAX)
    from_file = [normalise(d.text) for d in extract_recommendations(document)]
    from_text = [normalise(d.text) for d in extract_recommendations(record["text"])]
    assert from_text, "the text version finds recommendations"
    assert from_file == from_text
