"""Helpers for the reports tests: read a PDF back, and a sample report."""

import datetime

import pypdfium2 as pdfium
import pytest

from safeguarding.reports.document import Report, Section, Table

CHART = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 120" role="img">'
    '<rect x="20" y="20" width="40" height="80" fill="#005eb8"/>'
    '<rect x="80" y="60" width="40" height="40" fill="#005eb8"/>'
    '<text x="20" y="115" font-size="10">North West</text>'
    "</svg>"
)


def pdf_text(content):
    """The text of each page of a PDF, read back with PDFium."""
    document = pdfium.PdfDocument(content)
    try:
        pages = []
        for page in document:
            text_page = page.get_textpage()
            pages.append(text_page.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            text_page.close()
            page.close()
        return pages
    finally:
        document.close()


def flat(text):
    """Text with every run of white space (line breaks included) made one space."""
    return " ".join(text.split())


def sample_report():
    regions = ["North East", "North West", "Yorkshire", "London"]
    long_rows = [
        [f"Partnership {n:02d}", n * 3, "<5" if n % 4 == 0 else n, 12.25 + n, "*"]
        for n in range(1, 56)
    ]
    return Report(
        title="Safeguarding case reviews: quarterly report",
        subtitle="Reviews, recommendations and actions",
        scope_label="North West region",
        period_label="1 April 2024 to 31 March 2025",
        generated_on=datetime.date(2025, 4, 7),
        sections=[
            Section(
                "Reviews started",
                ["Reviews started in the period, by region."],
                CHART,
                [
                    Table(
                        "Reviews started by region",
                        ["Region", "Reviews"],
                        [[r, v] for r, v in zip(regions, [41, "<5", 17, 1234], strict=True)],
                        ["Source: the tracker."],
                    )
                ],
            ),
            Section(
                "Recommendations by partnership",
                ["A table longer than a page."],
                None,
                [
                    Table(
                        "Recommendations and actions by partnership",
                        ["Partnership", "Recommendations", "Actions open", "Mean days", "Overdue"],
                        long_rows,
                    )
                ],
            ),
            Section(
                "Themes",
                ["The most common primary themes."],
                None,
                [
                    Table(
                        "Primary themes",
                        ["Theme", "Reviews", "Share"],
                        [["Neglect", "<5", "*"], ["Information sharing", 44, "23.7%"]],
                    )
                ],
            ),
        ],
        notes=["Counts from 1 to 4 are shown as <5."],
        suppressed=True,
    )


@pytest.fixture
def report():
    return sample_report()
