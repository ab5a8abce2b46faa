"""Time the document pipeline on a 100-page text PDF, against bare text extraction.

Run by hand: `.venv/bin/python benchmarks/document_pipeline.py`. Needs the dev requirements
(reportlab makes the PDF). Prints the median of 5 runs of each:

- bare: pypdfium2 opens the PDF and reads every page's text, nothing more;
- whole: `process()`: checks, text and line geometry per page, paragraphs, sections,
  recommendations.

and the ratio whole / bare. Figures go in docs/benchmarks.md. The goal (issue 3): a 100-page
text PDF processed end to end in at most 10 s on 2 CPU cores.
"""

import io
import random
import statistics
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pypdfium2 as pdfium  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table  # noqa: E402
from reportlab.platypus import Paragraph as PdfParagraph  # noqa: E402

from safeguarding.documents.pipeline import process  # noqa: E402

PAGES = 100
RUNS = 5
RECOMMENDATIONS = 12

SUBJECTS = [
    "The GP practice", "Children's social care", "The school", "The health visitor",
    "Police", "The community mental health team", "Adult social care", "The hospital trust",
    "The housing provider", "The substance misuse service", "The ambulance service",
]  # fmt: skip
VERBS = [
    "recorded a concern about", "made a referral regarding", "held a strategy discussion on",
    "did not share information about", "completed an assessment of", "escalated worries about",
    "visited the family to discuss", "closed the case after reviewing",
]  # fmt: skip
OBJECTS = [
    "the child's attendance", "neglect of the home conditions", "domestic abuse incidents",
    "the mother's mental health", "missed health appointments", "coercive control",
    "the risk of self-neglect", "the father's alcohol use", "unexplained bruising",
]  # fmt: skip


def sentence(rng: random.Random) -> str:
    day, month = rng.randint(1, 28), rng.choice(["March", "June", "September", "November"])
    subject = rng.choice(SUBJECTS)
    return (
        f"On {day} {month} {subject[0].lower() + subject[1:]} "
        f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}, and this was {rng.choice(['not', ''])} "
        "followed up within the expected timescale."
    ).replace("  ", " ")


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def make_pdf() -> bytes:
    rng = random.Random(2026)  # noqa: S311 (repeatable filler text)
    styles = getSampleStyleSheet()
    body, h1, h2 = styles["BodyText"], styles["Heading1"], styles["Heading2"]

    def para(text, style=body):
        return PdfParagraph(escape(text), style)

    story = [para("Child Safeguarding Practice Review: Child F", h1)]
    page = 1
    headings = {
        2: "1. Executive summary",
        4: "2. Background and chronology",
        70: "3. Findings and learning",
        88: "4. Recommendations",
        94: "5. Action plan",
        97: "Appendix 1: Terms of reference",
    }
    number = 0
    while page <= PAGES:
        if page in headings:
            story.append(para(headings[page], h2))
        if 88 <= page < 94:
            for _ in range(2):
                number += 1
                if number <= RECOMMENDATIONS:
                    story.append(
                        para(f"Recommendation {number}: {rng.choice(SUBJECTS)} should review "
                             f"how it responds to {rng.choice(OBJECTS)} and report to the "
                             "safeguarding partnership within six months.")
                    )  # fmt: skip
            story.extend(para(paragraph(rng, 3)) for _ in range(3))
        elif 70 <= page < 88:
            story.append(para(f"Finding {page - 69}: {paragraph(rng, 2)}"))
            story.extend(para(paragraph(rng)) for _ in range(5))
        elif 94 <= page < 97:
            rows = [["Rec", "Action", "Lead", "By"]]
            rows += [[str(i), "Audit and report", "ICB", "2027"] for i in range(1, 13)]
            story.append(Table(rows))
            story.extend(para(paragraph(rng)) for _ in range(3))
        else:
            story.extend(para(paragraph(rng)) for _ in range(6))
        if page < PAGES:
            story.append(PageBreak())
        page += 1

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, A4[1] - 40, "CSPR Child F - Final report - Official Sensitive")
        canvas.drawString(A4[0] / 2, 30, f"Page {doc.page} of {PAGES}")
        canvas.restoreState()

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def bare(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    chars = 0
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        chars += len(textpage.get_text_range())
        textpage.close()
        page.close()
    pdf.close()
    return chars


def median_time(fn) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    data = make_pdf()
    result = process(data, "review.pdf", max_bytes=50 * 1024 * 1024)
    assert len(result.document.pages) == PAGES, len(result.document.pages)
    found = len(result.recommendations)
    bare_s = median_time(lambda: bare(data))
    whole_s = median_time(lambda: process(data, "review.pdf", max_bytes=50 * 1024 * 1024))
    steps = process(data, "review.pdf", max_bytes=50 * 1024 * 1024).timings
    print(
        f"PDF: {PAGES} pages, {len(data) / 1024:.0f} KB, {len(result.document.text):,} characters"
    )
    print(f"sections: {', '.join(s.kind for s in result.sections)}")
    print(f"recommendations found: {found} of {RECOMMENDATIONS}")
    print(f"bare text extraction (pypdfium2), median of {RUNS}: {bare_s:.3f} s")
    print(f"whole process(), median of {RUNS}: {whole_s:.3f} s")
    print("  steps of one run: " + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in steps.items()))
    print(f"ratio whole / bare: {whole_s / bare_s:.2f}")


if __name__ == "__main__":
    main()
