"""Ruled tables in real PDF files (reportlab) come out as document tables."""

import io

from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph

from safeguarding.documents.pipeline.extract import extract

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
