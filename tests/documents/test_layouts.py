"""Each way reports lay out their recommendations, and each kind of text beside them that is
not a recommendation, pinned by a small example of its own (written for these tests, not
taken from the corpus)."""

import pytest

from safeguarding.documents.pipeline.recommendations import extract_recommendations, normalise

A = "The partnership should publish a briefing on bruising in babies."
B = "The ICB must audit how GP practices record who lives in a child's home."
C = "Children's social care should review how strategy discussions include health."


def _found(text):
    return [normalise(r.text) for r in extract_recommendations(text)]


def _expect(*texts):
    return [normalise(t) for t in texts]


LAYOUTS = {
    "numbered": f"Recommendations\n1. {A}\n2. {B}\n3) {C}\n",
    "numbered-dash": f"Recommendations\n1 – {A}\n2 – {B}\n3 – {C}\n",
    "decimal-subheadings": (
        "7. Recommendations\n7.1 National recommendations\n"
        f"7.1.1 {A}\n7.2 Local recommendations\n7.2.1 {B}\n7.2.2 {C}\n"
    ),
    "lettered": f"Recommendations\n(a) {A}\n(b) {B}\n(c) {C}\n",
    "roman": f"Recommendations\ni. {A}\nii. {B}\niii. {C}\n",
    "bulleted": f"Recommendations\n• {A}\n• {B}\n• {C}\n",
    "restarting-sublists": (
        f"Recommendations\nFor the partnership\n1. {A}\n2. {B}\n\nFor single agencies\n1. {C}\n"
    ),
    "heading-per-recommendation": (
        "Recommendations\n\nRecommendation 1\n"
        f"{A}\n\nWhy this matters\nBruises in babies who cannot move are rare.\n\n"
        f"Recommendation Two\n{B}\n\nRationale: nobody asked who the new partner was.\n\n"
        f"3. Strategy discussions\n{C}\n\nPractitioners told us that health should be "
        "present.\n"
    ),
    "code-prefix": f"Recommendations\nR1 {A}\nRR2: {B}\nSAR 3 – {C}\n",
    "agency-prefix": (
        f"Recommendations\nHealth 1 – {A}\nICB: {B}\nChildren's Social Care (1) Review how "
        "strategy discussions include health.\n"
    ),
    "theme-label": (
        f"Recommendations\nRecommendation 1 – Bruising: {A}\n"
        f"Information sharing. Nobody knew who lived there. {B}\n"
        f"Recommendation 3 – Working together: {C}\n"
    ),
    "lead-in-bullets": (
        "Recommendations\nThe review recommends that:\n"
        "• the partnership publishes a briefing on bruising in babies;\n"
        "• the ICB audits how GP practices record who lives in a child's home.\n"
    ),
    "prose": (
        "Conclusions and recommendations\nThe panel heard that nobody asked about the "
        "father. The review recommends that the partnership publishes a briefing on bruising "
        "in babies. This should include the voice of fathers. The panel therefore asks the "
        "ICB to audit how GP practices record who lives in a child's home.\n"
    ),
    "pipe-table": (
        "Recommendations\n| No. | Recommendation | Lead agency |\n|---|---|---|\n"
        f"| 1 | {A} | Partnership |\n| 2 | {B} | ICB |\n"
    ),
    "tab-table": f"Recommendations\nRef\tRecommendation\tLead\nR1\t{A}\tPartnership\nR2\t{B}\tICB\n",
    "action-plan": (
        "Action plan\nRecommendation\tAction\tOwner\tBy when\n"
        f"{A}\tDraft the briefing\tChair\tMarch\n\tLaunch it at the conference\tChair\tMay\n"
        f"{B}\tRun the audit\tICB\tJune\n"
    ),
    "lead-agency-table": (
        f"Recommendations\nRecommendation | Lead agency\n{A} | Partnership\n{B} | ICB\n"
    ),
    "page-break": (
        "Recommendations\n1. The partnership should publish a briefing on\nPage 12 of 30\n"
        "\fChild Safeguarding Practice Review – Baby T – Final Report\n"
        f"bruising in babies.\n2. {B}\n"
    ),
}
EXPECTED = {
    "lead-in-bullets": _expect(
        "the partnership publishes a briefing on bruising in babies;",
        "the ICB audits how GP practices record who lives in a child's home.",
    ),
    "prose": _expect(
        "the partnership publishes a briefing on bruising in babies. This should include the "
        "voice of fathers.",
        "The panel therefore asks the ICB to audit how GP practices record who lives in a "
        "child's home.",
    ),
    "agency-prefix": _expect(A, B, "Review how strategy discussions include health."),
    "pipe-table": _expect(A, B),
    "tab-table": _expect(A, B),
    "action-plan": _expect(A, B),
    "lead-agency-table": _expect(A, B),
    "page-break": _expect(A, B),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_layout_gives_the_recommendations_in_their_own_words(layout):
    assert _found(LAYOUTS[layout]) == EXPECTED.get(layout, _expect(A, B, C))


def test_mixed_layouts_in_one_section_count_each_recommendation_once():
    text = (
        f"Recommendations\n1. {A}\n2. {B}\n\nThe partnership agreed these leads.\n"
        f"Recommendation\tAction\tOwner\n{A}\tWrite it\tChair\n{C}\tAudit\tCSC\n"
    )
    assert _found(text) == _expect(A, B, C)


NEGATIVES = {
    "questions": (
        "Questions for the Board to consider\n1. How will the Board know that fathers are seen?"
        "\n2. What assurance does the ICB need?\n"
    ),
    "actions-taken": (
        "Actions already taken\n• The trust has introduced a bruising protocol.\n"
        "• Since the review, the police have trained all call handlers.\n"
    ),
    "good-practice": (
        "Good practice\n1. The health visitor saw the baby at home within a day.\n"
        "2. The school nurse shared her concern at once.\n"
    ),
    "findings": (
        "Finding 1: the father was not known to any agency.\n"
        "Finding 2: practitioners should have asked who lived in the home.\n"
    ),
    "terms-of-reference": (
        "Terms of reference\n1. To consider how agencies shared information.\n"
        "2. To establish whether the father's history was known.\n"
    ),
    "single-agency-done": (
        "Single agency actions completed\nPolice 1 – The force has revised its domestic abuse "
        "checklist.\nHealth 1 – The trust has appointed a named nurse for safeguarding.\n"
    ),
    "accepted-preamble": (
        "The panel accepted the recommendations below at its meeting in March, and they were "
        "endorsed by the partnership.\n"
    ),
    "learning-points": (
        "Learning points\n1. Practitioners should have been curious about the new partner.\n"
        "2. A bruise on a baby who cannot move needs a medical opinion.\n"
    ),
}


@pytest.mark.parametrize("family", sorted(NEGATIVES))
def test_text_beside_the_recommendations_is_not_one(family):
    text = f"Recommendations\n1. {A}\n2. {B}\n\n{NEGATIVES[family]}\n"
    assert _found(text) == _expect(A, B)


@pytest.mark.parametrize("family", ["questions", "findings", "learning-points"])
def test_the_negatives_alone_give_nothing(family):
    assert _found(NEGATIVES[family]) == []


def test_a_multi_sentence_recommendation_is_one_item():
    text = f"Recommendations\n1. {A} This should include the voice of fathers.\n2. {B}\n"
    assert _found(text) == _expect(f"{A} This should include the voice of fathers.", B)


def test_confidence_is_lower_and_explained_for_doubtful_drafts():
    text = (
        f"Recommendations\n1. {A}\n2. Training.\n\n"
        "The panel noted the family's wish that the learning is shared. Partners should "
        "consider a learning event.\n"
    )
    drafts = extract_recommendations(text)
    sure, short, paragraph = drafts
    assert sure.confidence > 0.9 and sure.doubts == ()
    assert short.confidence < sure.confidence and "it is very short" in short.doubts
    assert paragraph.confidence < 0.7
    assert any("paragraph" in doubt for doubt in paragraph.doubts)


def test_recommendations_found_outside_a_section_are_doubted():
    text = f"Findings\nFinding 1: nobody asked.\nRecommendation 1: {A}\n"
    (draft,) = extract_recommendations(text)
    assert draft.confidence < 0.95
    assert "it was found outside the recommendations section" in draft.doubts


# --- shapes met in the second round of independently written sections ---------------------


def test_o_bullets_under_a_numbered_paragraph_lead_in_are_items_of_their_own():
    text = """5. Recommendations

5.1 The panel looked at the whole system.

5.2 The Partnership is asked to:
   o   commission an audit of strategy discussions held out of hours
   o   remind practitioners how to escalate a disagreement about thresholds
"""
    assert _found(text) == _expect(
        "commission an audit of strategy discussions held out of hours",
        "remind practitioners how to escalate a disagreement about thresholds",
    )


def test_a_finding_labelled_paragraph_gives_only_its_ask():
    text = """4. Findings and recommendations

Finding 2 (Supervision): Supervision was used for case management. The social
worker should have been offered reflection. The Board should ask children's social
care to audit how often reflective supervision takes place.
"""
    assert _found(text) == _expect(
        "The Board should ask children's social care to audit how often reflective "
        "supervision takes place."
    )


def test_what_should_not_have_happened_is_not_asked_for():
    text = """Conclusions and recommendations

The gap was known. This should not have been allowed to continue once the audit found it.
It is recommended that the ICB checks compliance at every quality visit.
"""
    assert _found(text) == _expect("the ICB checks compliance at every quality visit.")


def test_the_reason_after_a_recommendation_is_left_out():
    text = """Recommendations

1. The partnership should relaunch its guidance on bruising in babies. This matters
because none of the practitioners could say what the guidance required.
2. The police should record who lives in the household.
"""
    assert _found(text) == _expect(
        "The partnership should relaunch its guidance on bruising in babies.",
        "The police should record who lives in the household.",
    )


def test_parenthesised_and_long_theme_labels_are_dropped():
    text = """Recommendations

(Transitions) The ICB should agree how care leavers move to adult mental health services.

Working across housing and adult social care services: The Board should agree one
referral route for people sleeping rough with care needs.
"""
    assert _found(text) == _expect(
        "The ICB should agree how care leavers move to adult mental health services.",
        "The Board should agree one referral route for people sleeping rough with care needs.",
    )


def test_an_inline_recommendation_label_inside_a_paragraph():
    text = """Summary of decision and recommendations

The panel agreed the criteria were met. Recommendation: that the trust confirms that
discharge summaries carry the family's child protection history. A GP saw a bruise.
"""
    assert _found(text) == _expect(
        "the trust confirms that discharge summaries carry the family's child protection history."
    )


def test_a_modal_in_the_main_clause_asks_even_when_a_rule_follows():
    text = """Recommendations

The Board should consider a protocol that sets out when a meeting must be called.
The procedure states that staff must record every refusal.
"""
    assert _found(text) == _expect(
        "The Board should consider a protocol that sets out when a meeting must be called."
    )


def test_a_list_of_learning_points_after_the_recommendations_is_not_one():
    text = """Learning theme 1: Think family
The stepfather was not seen.
Recommendation 1: The partnership should develop guidance on working with fathers.

Learning points for all practitioners
- Consider who else lives in the home.
- Ask about every adult in the household.
"""
    assert _found(text) == _expect(
        "The partnership should develop guidance on working with fathers."
    )
