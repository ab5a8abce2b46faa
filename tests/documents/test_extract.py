"""Text extraction from real PDF, DOCX, HTML and text files."""

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import docx

from safeguarding.documents.pipeline.extract import extract, from_data, text_document

MAX = 10 * 1024 * 1024


def test_pdf_pages_are_the_files_real_pages(review_pdf):
    document = extract(review_pdf, "review.pdf", max_bytes=MAX)
    assert document.kind == "pdf"
    assert [page.number for page in document.pages] == [1, 2, 3, 4, 5]
    assert "Recommendation 1: The Safeguarding Adults Board" in document.pages[3].text
    assert "Recommendation 4" in document.pages[4].text
    assert document.tables == []


def test_pdf_headings_come_from_the_font_and_running_headers_leave_the_flow(review_pdf):
    document = extract(review_pdf, "review.pdf", max_bytes=MAX)
    headings = [(p.heading_level, p.text) for p in document.paragraphs if p.heading_level]
    assert headings[:3] == [
        (1, "Safeguarding Adults Review: Adult B"),
        (2, "Contents"),
        (2, "1. Executive summary"),
    ]
    flow = [p.text for p in document.paragraphs]
    assert not any("Final" in text or text.startswith("Page ") for text in flow)
    # the page text keeps everything that was on the page
    assert "Page 2" in document.pages[1].text


def test_pdf_paragraph_cut_by_a_page_break_is_joined(make_pdf):
    filler = [("p", f"Paragraph {i} of the chronology, which runs on.") for i in range(35)]
    long_rec = (
        "Recommendation 1: The Board should ask every partner agency to confirm, in writing, "
        "that its staff have completed the refreshed training on self-neglect and hoarding, and "
        "should report the rate of completion to the Board at each of its quarterly meetings "
        "over the next two years, starting with the meeting in the spring."
    )
    data = make_pdf([("h2", "Recommendations"), *filler, ("p", long_rec)])
    document = extract(data, "long.pdf", max_bytes=MAX)
    assert len(document.pages) == 2
    # the layout puts the start of the recommendation on page 1 and its end on page 2
    assert "Recommendation 1" in document.pages[0].text
    assert "spring" in document.pages[1].text
    joined = [p for p in document.paragraphs if p.text.startswith("Recommendation 1")]
    assert len(joined) == 1
    assert joined[0].page == 1
    assert joined[0].text.replace("\n", " ").endswith("starting with the meeting in the spring.")


def test_docx_headings_lists_tables_and_page_breaks(make_docx):
    data = make_docx(
        [
            ("h1", "Child Safeguarding Practice Review"),
            ("p", "Introduction text."),
            ("break",),
            ("h2", "Recommendations"),
            ("number", ["The partnership should do one thing.", "And another."]),
            ("bullet", ["A point"]),
            ("table", [["No.", "Recommendation"], ["1", "Do this."], ["2", "Do that."]]),
        ]
    )
    document = extract(data, "review.docx", max_bytes=MAX)
    assert document.kind == "docx"
    assert len(document.pages) == 2
    paragraphs = [(p.page, p.heading_level, p.list_label, p.text) for p in document.paragraphs]
    assert paragraphs[:6] == [
        (1, 1, None, "Child Safeguarding Practice Review"),
        (1, None, None, "Introduction text."),
        (2, 2, None, "Recommendations"),
        (2, None, "1.", "1. The partnership should do one thing."),
        (2, None, "2.", "2. And another."),
        (2, None, "•", "• A point"),
    ]
    assert document.tables == [[["No.", "Recommendation"], ["1", "Do this."], ["2", "Do that."]]]
    assert [p.table for p in document.paragraphs[6:]] == [0, 0, 0]
    assert "1. The partnership should do one thing." in document.pages[1].text


def test_docx_outline_level_and_lower_case_heading_style_names():
    word = docx.Document()
    para = word.add_paragraph("Learning")
    p_pr = para._p.get_or_add_pPr()
    outline = p_pr.makeelement(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl",
        {"{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val": "1"},
    )
    p_pr.append(outline)
    word.add_paragraph("Body.")
    buffer = io.BytesIO()
    word.save(buffer)
    document = extract(buffer.getvalue(), "outline.docx", max_bytes=MAX)
    assert [(p.heading_level, p.text) for p in document.paragraphs] == [
        (2, "Learning"),
        (None, "Body."),
    ]


def test_html_headings_lists_and_tables():
    html = b"""<!DOCTYPE html><html><head><title>T</title><style>p{}</style>
    <script>var x = "Recommendation 9: not text";</script></head><body>
    <h1>Review of Child C</h1><p>Some   text &amp; more<br>on a new line</p>
    <h2>3. Recommendations</h2>
    <ol start="2"><li>Second thing to do.</li><li>Third thing.</li></ol>
    <ul><li>Bullet</li></ul>
    <table><tr><th>Ref</th><th>Recommendation</th></tr>
    <tr><td>R1</td><td>Do <b>this</b> now.</td></tr></table>
    </body></html>"""
    document = extract(html, "review.html", max_bytes=MAX)
    assert document.kind == "html"
    assert len(document.pages) == 1
    flow = [(p.heading_level, p.list_label, p.text) for p in document.paragraphs]
    assert flow == [
        (1, None, "Review of Child C"),
        (None, None, "Some text & more\non a new line"),
        (2, None, "3. Recommendations"),
        (None, "2.", "2. Second thing to do."),
        (None, "3.", "3. Third thing."),
        (None, "•", "• Bullet"),
        (None, None, "Ref\tRecommendation"),
        (None, None, "R1\tDo this now."),
    ]
    assert document.tables == [[["Ref", "Recommendation"], ["R1", "Do this now."]]]
    assert "not text" not in document.text


def test_text_encodings_and_pages():
    utf8 = "Executive summary\n\nThe child’s needs.\f# Recommendations\n\n1. Do it.\n".encode()
    document = extract(utf8, "notes.txt", max_bytes=MAX)
    assert [p.number for p in document.pages] == [1, 2]
    assert [(p.page, p.heading_level, p.text) for p in document.paragraphs] == [
        (1, None, "Executive summary"),
        (1, None, "The child’s needs."),
        (2, 1, "Recommendations"),
        (2, None, "1. Do it."),
    ]
    bom = extract(b"\xef\xbb\xbfHello \xe2\x80\x93 world", "a.txt", max_bytes=MAX)
    assert bom.paragraphs[0].text == "Hello – world"
    cp1252 = extract(b"The \x93child\x94 \x96 \xa325", "b.txt", max_bytes=MAX)
    assert cp1252.paragraphs[0].text == "The “child” – £25"
    utf16 = extract("Grüße\r\nzwei".encode("utf-16"), "c.txt", max_bytes=MAX)
    assert utf16.paragraphs[0].text == "Grüße\nzwei"


def test_text_document_from_a_string():
    document = text_document("One\ntwo\n\nThree")
    assert [p.text for p in document.paragraphs] == ["One\ntwo", "Three"]
    assert document.kind == "text"


PIPELINE = Path(__file__).resolve().parents[2] / "safeguarding" / "documents" / "pipeline"


def test_the_pipeline_has_no_django_import():
    sources = sorted(PIPELINE.glob("*.py"))
    assert {p.name for p in sources} >= {"extract.py", "process.py", "recommendations.py"}
    offenders = [
        p.name for p in sources if re.search(r"^\s*(from|import)\s+django", p.read_text(), re.M)
    ]
    assert offenders == []
    # and it runs with Django made unimportable
    code = (
        "import sys; sys.modules['django'] = None\n"
        "from safeguarding.documents.pipeline import process\n"
        "result = process(b'Recommendations\\n1. Act.', 'a.txt', max_bytes=100)\n"
        "print(result.recommendations[0].text)\n"
    )
    run = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code],
        capture_output=True,
        text=True,
        cwd=PIPELINE.parents[2],
        check=False,
    )
    assert (run.returncode, run.stdout) == (0, "Act.\n"), run.stderr


def _pdf_of_lines(pages):
    """A PDF drawn line by line (reportlab's canvas), one list of lines per page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for lines in pages:
        y = 800
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 20
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


FINDING = "The panel found that agencies did not share information about risk."


def test_pdf_whose_every_line_begins_page_n_is_read_not_refused_as_empty():
    for per_page in (1, 2, 4, 6):
        pages = [[f"Page {p} {FINDING}"] * per_page for p in range(1, 4)]
        document = extract(_pdf_of_lines(pages), "pages.pdf", max_bytes=MAX)
        text = "\n".join(p.text for p in document.paragraphs)
        assert text.count(FINDING) == 3 * per_page, per_page
        assert "Page 2" in text


def test_pdf_running_header_once_per_page_still_leaves_the_flow():
    header = "Safeguarding Adults Review: Adult B – final report"
    words = ["housing", "the GP", "the school", "police", "adult social care"]
    pages = [
        [header, f"The review heard from {word}.", FINDING, f"{p}"] for p, word in enumerate(words)
    ]
    document = extract(_pdf_of_lines(pages), "header.pdf", max_bytes=MAX)
    text = "\n".join(p.text for p in document.paragraphs)
    assert header not in text
    assert all(f"heard from {word}." in text for word in words)


def test_pdf_of_only_page_numbers_is_still_empty():
    import pytest

    from safeguarding.documents.pipeline.errors import DocumentError

    with pytest.raises(DocumentError, match="empty"):
        extract(_pdf_of_lines([[f"Page {p} of 3"] for p in range(1, 4)]), "n.pdf", max_bytes=MAX)


def test_what_was_read_survives_json_unchanged(review_pdf, review_docx):
    # The upload keeps what it read (Document.as_data) so the task need not read it again.
    for name, data in (("review.pdf", review_pdf), ("review.docx", review_docx)):
        parsed = extract(data, name, max_bytes=len(data))
        assert from_data(json.loads(json.dumps(parsed.as_data()))) == parsed
