"""Finding the executive summary, findings, recommendations and action plan by headings."""

import pytest

from safeguarding.documents.pipeline.extract import extract, text_document
from safeguarding.documents.pipeline.sections import find_sections, heading_kind

MAX = 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Executive summary", "executive_summary"),
        ("1. EXECUTIVE SUMMARY", "executive_summary"),
        ("Summary", "executive_summary"),
        ("Key findings", "findings"),
        ("4.2 Findings and learning", "findings"),
        ("Learning", "findings"),
        ("Lessons learned", "findings"),
        ("Analysis", "findings"),
        ("Section 5: Analysis of practice", "findings"),
        ("Recommendations", "recommendations"),
        ("3. Recommendations", "recommendations"),
        ("RECOMMENDATIONS:", "recommendations"),
        ("Summary of recommendations", "recommendations"),
        ("Recommendations for the partnership", "recommendations"),
        ("Part B - Recommendations", "recommendations"),
        ("Action plan", "action_plan"),
        ("6. Multi-agency action plan", "action_plan"),
        ("Appendix 1: Terms of reference", "other"),
        ("Appendix 1", "other"),
        ("Introduction", "other"),
        ("Conclusions", "other"),
    ],
)
def test_heading_names(line, kind):
    assert heading_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "Recommendation 1: The Board should act.",
        "Recommendation One",
        "Recommendations ........ 12",
        "3. Recommendations 24",
        "Learning from this review was shared with staff at a series of events.",
        "learning",
        "The recommendations were accepted by the Board and partners.",
    ],
)
def test_not_headings(line):
    assert heading_kind(line) in (None, "other")
    assert heading_kind(line) != "recommendations"


REPORT = """Safeguarding Adults Review: Adult D

Contents
1. Executive summary ........ 2
2. Findings ........ 3
3. Recommendations ........ 5

1. Executive summary
Adult D was 82 and lived with her son.

2. Key findings
1. Carers' assessments were not offered.
2. Escalation routes were unclear.

3. Recommendations
Recommendation 1: Offer carers' assessments.
Recommendation 2: Publish an escalation policy.

Appendix 1
1. Terms of reference.

4. Action plan
Recommendation 1: Lead - ASC.
"""


def test_sections_in_plain_text_ignore_the_contents_and_stop_at_other_headings():
    sections = find_sections(text_document(REPORT))
    assert [(s.kind, s.title) for s in sections] == [
        ("executive_summary", "1. Executive summary"),
        ("findings", "2. Key findings"),
        ("recommendations", "3. Recommendations"),
        ("action_plan", "4. Action plan"),
    ]
    recommendations = sections[2]
    assert recommendations.text == (
        "Recommendation 1: Offer carers' assessments.\n"
        "Recommendation 2: Publish an escalation policy."
    )
    assert "Terms of reference" not in recommendations.text


def test_heading_inside_a_paragraph_of_pdf_like_text_is_found():
    text = "The review ends here.\nRecommendations\n1. Do this.\n2. Do that."
    sections = find_sections(text_document(text))
    assert [(s.kind, s.text) for s in sections] == [("recommendations", "1. Do this.\n2. Do that.")]


def test_wrapped_body_text_that_starts_like_a_heading_is_not_one():
    text = "Learning from this review has been\nshared with all partner agencies.\n\nMore."
    assert find_sections(text_document(text)) == []
    text = "The report sets out the panel's\nRecommendations\nwhich the Board accepted."
    assert find_sections(text_document(text)) == []


def test_pdf_sections_have_their_start_pages(review_pdf):
    sections = find_sections(extract(review_pdf, "review.pdf", max_bytes=MAX))
    assert [(s.kind, s.start_page, s.level) for s in sections] == [
        ("executive_summary", 2, 2),
        ("findings", 3, 2),
        ("recommendations", 4, 2),
        ("action_plan", 5, 2),
    ]
    assert sections[2].text.count("Recommendation ") == 5


def test_docx_heading_levels_nest(make_docx):
    data = make_docx(
        [
            ("h1", "Findings and learning"),
            ("p", "Finding text."),
            ("h2", "Recommendations"),
            ("p", "Recommendation 1: Do it."),
            ("h3", "Monitoring"),
            ("p", "The Board will monitor."),
            ("h1", "Action plan"),
            ("p", "Owner and date."),
        ]
    )
    sections = find_sections(extract(data, "review.docx", max_bytes=MAX))
    assert [(s.kind, s.level) for s in sections] == [
        ("findings", 1),
        ("recommendations", 2),
        ("action_plan", 1),
    ]
    assert "Recommendation 1" in sections[0].text
    assert sections[1].text == "Recommendation 1: Do it.\nMonitoring\nThe Board will monitor."
    assert sections[2].text == "Owner and date."


def test_html_sections(make_docx):
    html = (
        b"<h1>Review</h1><h2>Executive Summary</h2><p>Short.</p>"
        b"<h2>Learning</h2><p>We learnt.</p><h2>Recommendations</h2><ol><li>Act.</li></ol>"
    )
    sections = find_sections(extract(html, "review.htm", max_bytes=MAX))
    assert [(s.kind, s.text) for s in sections] == [
        ("executive_summary", "Short."),
        ("findings", "We learnt."),
        ("recommendations", "1. Act."),
    ]
