"""Recommendations in the forms reports use, from real PDF, DOCX and text files."""

import io

import docx
import pytest

from safeguarding.documents.pipeline import process
from safeguarding.documents.pipeline.extract import extract
from safeguarding.documents.pipeline.recommendations import extract_recommendations, normalise

MAX = 10 * 1024 * 1024

EXPECTED = [
    "The Safeguarding Adults Board should seek assurance that all partner agencies have "
    "refreshed multi-agency training on self-neglect, including how to escalate concerns "
    "when a person declines support.",
    "The Integrated Care Board should audit how mental capacity assessments are recorded "
    "in primary care and report the findings to the Board.",
    "The local authority should appoint a lead professional.",
    "Partners should review the multi-agency risk management protocol within six months.",
    "The Board should publish a learning briefing.",
]


def _summary(recommendations):
    return [(r.number, r.text, r.page, r.source) for r in recommendations]


@pytest.mark.parametrize("fixture", ["review_pdf", "review_docx"])
def test_review_report_recommendations(fixture, request):
    data = request.getfixturevalue(fixture)
    name = "review.pdf" if fixture == "review_pdf" else "review.docx"
    result = process(data, name, max_bytes=MAX)
    assert _summary(result.recommendations) == [
        ("1", EXPECTED[0], 4, "recommendation_label"),
        ("2", EXPECTED[1], 4, "recommendation_label"),
        ("3", EXPECTED[2], 4, "recommendation_label"),
        ("4", EXPECTED[3], 5, "recommendation_label"),
        ("5", EXPECTED[4], 5, "recommendation_label"),
    ]
    assert set(result.timings) == {"extract", "sections", "recommendations", "total"}


def _texts(text):
    return [(r.number, r.text, r.source) for r in extract_recommendations(text)]


@pytest.mark.parametrize(
    ("body", "source"),
    [
        (
            "Recommendation 1: Do the first thing.\nRecommendation 2: Do the second.",
            "recommendation_label",
        ),
        (
            "Recommendation 1 – Do the first thing.\nRecommendation 2 - Do the second.",
            "recommendation_label",
        ),
        (
            "Recommendation One: Do the first thing.\nRecommendation Two Do the second.",
            "recommendation_label",
        ),
        (
            "Recommendation 1\nDo the first thing.\n\nRecommendation 2\nDo the second.",
            "recommendation_label",
        ),
        ("R1: Do the first thing.\nR2 Do the second.", "r_label"),
        ("1. Do the first thing.\n2. Do the second.", "numbered_list"),
        ("1) Do the first thing.\n2) Do the second.", "numbered_list"),
        ("(1) Do the first thing.\n(2) Do the second.", "numbered_list"),
        ("• Do the first thing.\n• Do the second.", "bulleted_list"),
        ("- Do the first thing.\n- Do the second.", "bulleted_list"),
        ("a) Do the first thing.\nb) Do the second.", "lettered_list"),
    ],
)
def test_forms(body, source):
    text = f"Introduction\nSome text.\n\nRecommendations\nThe panel recommends:\n\n{body}\n"
    found = _texts(text)
    numbers = ["a", "b"] if source == "lettered_list" else ["1", "2"]
    assert found == [
        (numbers[0], "Do the first thing.", source),
        (numbers[1], "Do the second.", source),
    ]


def test_multi_line_items_and_sub_items_are_joined():
    text = """Recommendations

1. The Board should ensure that multi-
agency training covers
coercive control.

2. The ICB should:
(a) audit referrals;
(b) report to the Board.

The Board will monitor the action plan.
"""
    assert _texts(text) == [
        (
            "1",
            "The Board should ensure that multi-agency training covers coercive control.",
            "numbered_list",
        ),
        ("2", "The ICB should: (a) audit referrals; (b) report to the Board.", "numbered_list"),
    ]


def test_numbered_findings_elsewhere_are_not_recommendations():
    text = """Key findings
1. Information was not shared.
2. Capacity was not assessed.

Recommendations
1. Share information.
"""
    assert _texts(text) == [("1", "Share information.", "numbered_list")]
    findings_only = "Key findings\n1. Information was not shared.\n2. Capacity was not assessed.\n"
    assert _texts(findings_only) == []


def test_labelled_recommendations_without_a_recommendations_section():
    text = """Findings
Finding 1: Poor information sharing.
Recommendation 1: Agree an information-sharing protocol.

Finding 2: No lead agency.
Recommendation 2: Name a lead agency for each case.
"""
    assert _texts(text) == [
        ("1", "Agree an information-sharing protocol.", "recommendation_label"),
        ("2", "Name a lead agency for each case.", "recommendation_label"),
    ]


def test_the_full_list_wins_over_a_summary():
    text = """Executive summary
Recommendations
1. Training.
2. Audit.

Recommendations
1. Refresh training on neglect for all staff.
2. Audit referrals every quarter.
3. Publish a briefing.
"""
    assert [r.text for r in extract_recommendations(text)] == [
        "Refresh training on neglect for all staff.",
        "Audit referrals every quarter.",
        "Publish a briefing.",
    ]


def test_docx_recommendations_table_in_the_recommendations_section(make_docx):
    data = make_docx(
        [
            ("h1", "Key findings"),
            ("number", ["A finding that is numbered."]),
            ("h1", "Recommendations"),
            ("p", "The review makes these recommendations."),
            (
                "table",
                [
                    ["No.", "Recommendation", "Lead agency"],
                    ["1", "Refresh multi-agency training on neglect.", "Board"],
                    ["2", "Audit the use of the escalation policy\nand report back.", "ICB"],
                    ["3", "", "Nobody"],
                ],
            ),
        ]
    )
    document = extract(data, "review.docx", max_bytes=MAX)
    assert _summary(extract_recommendations(document)) == [
        ("1", "Refresh multi-agency training on neglect.", 1, "table"),
        ("2", "Audit the use of the escalation policy and report back.", 1, "table"),
    ]


def test_docx_action_plan_table_is_the_last_resort(make_docx):
    data = make_docx(
        [
            ("h1", "Findings"),
            ("p", "Some findings."),
            ("h1", "Action plan"),
            (
                "table",
                [
                    ["Recommendation", "Action", "Lead", "By when"],
                    ["Recommendation 1: Refresh training.", "Run sessions", "SAB", "March"],
                    ["Recommendation 2: Audit referrals.", "Audit", "ICB", "June"],
                ],
            ),
        ]
    )
    found = extract_recommendations(extract(data, "plan.docx", max_bytes=MAX))
    assert _summary(found) == [
        ("1", "Refresh training.", 1, "table"),
        ("2", "Audit referrals.", 1, "table"),
    ]


def test_docx_table_without_a_header_but_with_a_number_column(make_docx):
    data = make_docx(
        [
            ("h1", "Recommendations"),
            ("table", [["R1", "The partnership should refresh its neglect strategy."],
                       ["R2", "The partnership should audit its use of the neglect toolkit."]]),
        ]
    )  # fmt: skip
    found = extract_recommendations(extract(data, "t.docx", max_bytes=MAX))
    assert [(r.number, r.source) for r in found] == [("1", "table"), ("2", "table")]


def test_docx_word_numbered_list_and_heading_labels(make_docx):
    data = make_docx(
        [
            ("h1", "Recommendations"),
            ("number", ["Refresh training.", "Audit referrals."]),
        ]
    )
    found = extract_recommendations(extract(data, "list.docx", max_bytes=MAX))
    assert _summary(found) == [
        ("1", "Refresh training.", 1, "numbered_list"),
        ("2", "Audit referrals.", 1, "numbered_list"),
    ]

    word = docx.Document()
    word.add_heading("Recommendations", level=1)
    for n, text in ((1, "Refresh training."), (2, "Audit referrals.")):
        word.add_heading(f"Recommendation {n}", level=2)
        word.add_paragraph(text)
        word.add_paragraph("Rationale: explained at length in the findings.")
    buffer = io.BytesIO()
    word.save(buffer)
    found = extract_recommendations(extract(buffer.getvalue(), "h.docx", max_bytes=MAX))
    assert [(r.number, r.text) for r in found] == [
        ("1", "Refresh training."),
        ("2", "Audit referrals."),
    ]


def test_pdf_numbered_and_bulleted_lists(make_pdf):
    numbered = make_pdf(
        [
            ("h2", "Findings"),
            ("number", ["A numbered finding that is not a recommendation."]),
            ("h2", "Recommendations"),
            (
                "number",
                [
                    "The Board should commission a thematic review of self-neglect cases "
                    "across all partner agencies, reporting within nine months.",
                    "The ICB should audit GP records.",
                ],
            ),
            ("h2", "Appendix 1"),
            ("number", ["Not a recommendation."]),
        ]
    )
    found = extract_recommendations(extract(numbered, "n.pdf", max_bytes=MAX))
    assert _summary(found) == [
        (
            "1",
            "The Board should commission a thematic review of self-neglect cases across all "
            "partner agencies, reporting within nine months.",
            1,
            "numbered_list",
        ),
        ("2", "The ICB should audit GP records.", 1, "numbered_list"),
    ]
    bulleted = make_pdf(
        [
            ("h2", "Recommendations"),
            ("p", "The panel makes two recommendations to the Board and its partners."),
            ("bullet", ["Train staff.", "Audit records."]),
        ]
    )
    found = extract_recommendations(extract(bulleted, "b.pdf", max_bytes=MAX))
    assert [(r.number, r.text, r.source) for r in found] == [
        ("1", "Train staff.", "bulleted_list"),
        ("2", "Audit records.", "bulleted_list"),
    ]


def test_bold_recommendation_headings_in_a_pdf(make_pdf):
    data = make_pdf(
        [
            ("h2", "Recommendations"),
            ("bold", "Recommendation 1"),
            ("p", "The Board should seek assurance on training."),
            ("bold", "Recommendation 2"),
            ("p", "The ICB should audit referrals."),
        ]
    )
    found = extract_recommendations(extract(data, "bold.pdf", max_bytes=MAX))
    assert [(r.number, r.text) for r in found] == [
        ("1", "The Board should seek assurance on training."),
        ("2", "The ICB should audit referrals."),
    ]


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("Recommendation 3: The Board  should\nact.", "the board should act"),
        ("Recommendation Three – The Board should act", "the board should act"),
        ("R3 The Board should act;", "the board should act"),
        ("3. The Board should act.", "the board should act"),
        ("3.1 The Board should act.", "the board should act"),
        ("(a) The Board should act.", "the board should act"),
        ("• The Board should act.", "the board should act"),
        ("The Board’s “multi- agency” plan", 'the board\'s "multi-agency" plan'),
    ],
)
def test_normalise(raw, normalised):
    assert normalise(raw) == normalised


def test_found_text_matches_the_source_after_normalising(review_pdf):
    found = extract_recommendations(extract(review_pdf, "review.pdf", max_bytes=MAX))
    assert [normalise(r.text) for r in found] == [
        normalise(f"Recommendation {n}: {text}") for n, text in enumerate(EXPECTED, start=1)
    ]


def test_numbered_preamble_is_not_a_recommendation():
    text = """6. Recommendations

6.1 The review panel makes the following recommendations to the partnership.

6.2 The partnership should refresh its neglect strategy.

6.3 Schools should record attendance concerns on the shared system.
"""
    assert [(r.number, r.text) for r in extract_recommendations(text)] == [
        ("6.2", "The partnership should refresh its neglect strategy."),
        ("6.3", "Schools should record attendance concerns on the shared system."),
    ]


def test_unmarked_paragraphs_that_ask_for_action():
    text = """Recommendations

The panel makes these recommendations.

The Board should publish a seven-minute briefing.

Partners must review their escalation policies.

The panel thanks the family.
"""
    assert _texts(text) == [
        ("1", "The Board should publish a seven-minute briefing.", "paragraph"),
        ("2", "Partners must review their escalation policies.", "paragraph"),
    ]


def test_recommendations_grouped_under_sub_headings_are_put_together():
    text = """Recommendations for the Safeguarding Adults Board

Recommendation 1: Publish a briefing.

Recommendations for the Integrated Care Board

Recommendation 2: Audit GP records.
"""
    assert [r.number for r in extract_recommendations(text)] == ["1", "2"]


def test_pdf_line_ending_in_a_hyphen_keeps_the_word_whole():
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    lines = [
        "Recommendations",
        "Recommendation 1: The Board should ensure that multi-",
        "agency training covers coercive control and self-",
        "neglect.",
    ]
    for n, line in enumerate(lines):
        pdf.drawString(72, 720 - 14 * n, line)
    pdf.showPage()
    pdf.save()
    found = extract_recommendations(extract(buffer.getvalue(), "h.pdf", max_bytes=MAX))
    assert [r.text for r in found] == [
        "The Board should ensure that multi-agency training covers coercive control and "
        "self-neglect."
    ]
