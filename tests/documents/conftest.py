"""Real files made with real tools: PDFs with reportlab, DOCX with python-docx.

Builders take a list of blocks: ("h1" | "h2" | "h3", text), ("p", text), ("bold", text),
("number", text) and ("bullet", text) for list items, ("table", rows) and ("break",).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import (
    ListFlowable,
    ListItem,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
)
from reportlab.platypus import Paragraph as PdfParagraph

from tests.conftest import sign_in

REVIEW_BLOCKS = [
    ("h1", "Safeguarding Adults Review: Adult B"),
    ("h2", "Contents"),
    ("p", "1. Executive summary 2"),
    ("p", "2. Key findings 3"),
    ("p", "3. Recommendations 4"),
    ("break",),
    ("h2", "1. Executive summary"),
    (
        "p",
        "This review looks at the support given to Adult B, who lived alone and was known "
        "to several agencies in the two years before she died. The review panel makes five "
        "recommendations to the Safeguarding Adults Board.",
    ),
    ("break",),
    ("h2", "2. Key findings"),
    ("p", "1. Information about the risk of self-neglect was not shared between agencies."),
    ("p", "2. Mental capacity was assumed rather than assessed at key decision points."),
    ("p", "3. No agency took the lead in coordinating care."),
    ("break",),
    ("h2", "3. Recommendations"),
    ("p", "The panel makes the following recommendations."),
    (
        "p",
        "Recommendation 1: The Safeguarding Adults Board should seek assurance that "
        "all partner agencies have refreshed multi-agency training on self-neglect, "
        "including how to escalate concerns when a person declines support.",
    ),
    (
        "p",
        "Recommendation 2 – The Integrated Care Board should audit how mental capacity "
        "assessments are recorded in primary care and report the findings to the Board.",
    ),
    ("p", "Recommendation 3: The local authority should appoint a lead professional."),
    ("break",),
    (
        "p",
        "Recommendation 4: Partners should review the multi-agency risk management "
        "protocol within six months.",
    ),
    ("p", "Recommendation 5: The Board should publish a learning briefing."),
    ("h2", "4. Action plan"),
    ("p", "Recommendation 1: Training refreshed by March. Lead: Board manager."),
]


def _pdf(blocks, *, encrypt=None, header=True) -> bytes:
    styles = getSampleStyleSheet()
    story = []
    for block in blocks:
        kind = block[0]
        if kind == "break":
            story.append(PageBreak())
        elif kind in ("h1", "h2", "h3"):
            story.append(PdfParagraph(escape(block[1]), styles[f"Heading{kind[1]}"]))
        elif kind == "bold":
            story.append(PdfParagraph(f"<b>{escape(block[1])}</b>", styles["BodyText"]))
        elif kind == "p":
            story.append(PdfParagraph(escape(block[1]), styles["BodyText"]))
        elif kind in ("number", "bullet"):
            items = [ListItem(PdfParagraph(escape(t), styles["BodyText"])) for t in block[1]]
            story.append(
                ListFlowable(items, bulletType="1" if kind == "number" else "bullet", start=None)
            )
        elif kind == "table":
            story.append(Table(block[1]))
        elif kind == "space":
            story.append(Spacer(1, 12))

    def decorate(canvas, doc):
        if header:
            canvas.saveState()
            canvas.setFont("Helvetica", 8)
            canvas.drawString(72, A4[1] - 40, "Safeguarding Adults Review - Adult B - Final")
            canvas.drawString(A4[0] / 2, 30, f"Page {doc.page}")
            canvas.restoreState()

    buffer = io.BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=A4, encrypt=encrypt, title="Review")
    template.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def _docx(blocks) -> bytes:
    document = docx.Document()
    for block in blocks:
        kind = block[0]
        if kind == "break":
            document.add_page_break()
        elif kind in ("h1", "h2", "h3"):
            document.add_heading(block[1], level=int(kind[1]))
        elif kind == "p":
            document.add_paragraph(block[1])
        elif kind == "bold":
            document.add_paragraph().add_run(block[1]).bold = True
        elif kind == "number":
            for text in block[1]:
                document.add_paragraph(text, style="List Number")
        elif kind == "bullet":
            for text in block[1]:
                document.add_paragraph(text, style="List Bullet")
        elif kind == "table":
            rows = block[1]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def make_pdf():
    return _pdf


@pytest.fixture(scope="session")
def make_docx():
    return _docx


@pytest.fixture(scope="session")
def review_pdf() -> bytes:
    return _pdf(REVIEW_BLOCKS)


@pytest.fixture(scope="session")
def review_docx() -> bytes:
    return _docx(REVIEW_BLOCKS)


@pytest.fixture
def review(review_factory):
    return review_factory(title="Adult B", review_type="sar")


@pytest.fixture
def editor(client, people):
    return sign_in(client, people["icb_a"])


def upload(client, review, name, data):
    """POST a file to the review's upload page as the signed-in client."""
    return client.post(
        reverse("documents:upload", args=[review.pk]), {"file": SimpleUploadedFile(name, data)}
    )
