"""How sure the reading of each draft recommendation is: saved from the pipeline with the
reasons for doubt, shown on the document's page with the doubtful drafts first (least
confident first), and marked on the confirm-all page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding.documents import services
from safeguarding.documents.models import DOUBTFUL, Document, DraftRecommendation
from safeguarding.documents.pipeline.recommendations import (
    DOUBT_PARAGRAPH,
)
from safeguarding.documents.pipeline.recommendations import (
    DraftRecommendation as PipelineDraft,
)
from tests.documents.conftest import upload
from tests.documents.factories import make_document

NO_SHOULD = "no word such as should or must"
OUTSIDE = "found outside a recommendations section"
TEXT = (
    b"Recommendations\n\n"
    b"Recommendation 1: The partnership should share information about risk.\n\n"
    b"The panel heard from the family. Partners should consider a learning event on "
    b"self-neglect.\n"
)


@pytest.fixture
def document(review, people):
    """A document with its factory draft (number 1, sure) and no others."""
    return make_document(review, user=people["icb_a"])


def add_draft(document, number, confidence=1.0, doubts="", **fields):
    return DraftRecommendation.objects.create(
        document=document,
        number=number,
        text=fields.pop("text", f"Recommendation text {number}."),
        confidence=confidence,
        doubts=doubts,
        **fields,
    )


def detail(client, document):
    response = client.get(reverse("documents:detail", args=[document.pk]))
    assert response.status_code == 200
    return response.content.decode()


def card_order(page):
    """The ids of the draft cards, in the order of the page."""
    return [int(pk) for pk in re.findall(r'class="nhsuk-card" id="draft-(\d+)"', page)]


def card(page, draft):
    """The HTML of one draft's card."""
    start = page.index(f'id="draft-{draft.pk}"')
    end = page.find('class="nhsuk-card"', start + 1)
    return page[start : end if end != -1 else len(page)]


# --- saving ---------------------------------------------------------------------------------


def test_drafts_are_saved_with_confidence_and_doubts(document):
    document.drafts.all().delete()
    services._save_drafts(
        document,
        [
            PipelineDraft("1", "The Board should publish a briefing.", 2, "recommendation_label"),
            PipelineDraft(
                "2",
                "Training on self-neglect.",
                3,
                "paragraph",
                confidence=0.45,
                doubts=(NO_SHOULD, OUTSIDE),
            ),
            PipelineDraft("3", "Out of range above.", 3, "paragraph", confidence=1.7),
            PipelineDraft("4", "Out of range below.", 3, "paragraph", confidence=-0.2),
        ],
    )
    saved = {d.number: d for d in document.drafts.all()}
    assert (saved["1"].confidence, saved["1"].doubts, saved["1"].doubtful) == (1.0, "", False)
    assert saved["1"].doubt_list == []
    two = saved["2"]
    assert (two.confidence, two.percent, two.doubtful) == (0.45, 45, True)
    assert two.doubts == f"{NO_SHOULD}\n{OUTSIDE}"
    assert two.doubt_list == [NO_SHOULD, OUTSIDE]
    assert (saved["3"].confidence, saved["4"].confidence) == (1.0, 0.0)  # kept within 0..1
    assert saved["4"].doubtful and not saved["3"].doubtful


def test_processing_a_document_keeps_the_pipelines_confidence(
    editor, review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(editor, review, "report.txt", TEXT).status_code == 302
    document = Document.objects.get()
    assert document.status == "ready", document.error
    assert list(document.drafts.values_list("number", "confidence", "doubts")) == [
        ("1", 0.95, ""),
        ("2", 0.55, DOUBT_PARAGRAPH),
    ]
    page = detail(editor, document)
    second = document.drafts.get(number="2")
    assert card_order(page)[0] == second.pk
    assert "Confidence 55%" in page and DOUBT_PARAGRAPH in page


def test_the_threshold():
    assert DOUBTFUL == 0.6
    assert DraftRecommendation(confidence=0.59).doubtful
    assert not DraftRecommendation(confidence=0.6).doubtful


# --- the document's page ----------------------------------------------------------------------


def test_doubtful_remaining_drafts_come_first_least_confident_first(editor, document):
    sure = document.drafts.get()  # number 1, confidence 1.0
    likely = add_draft(document, "2", 0.8)
    doubtful = add_draft(document, "3", 0.45, f"{NO_SHOULD}\n{OUTSIDE}")
    very_doubtful = add_draft(document, "4", 0.2, OUTSIDE)
    contents = services.document_contents(document)
    assert [d.pk for d in contents["drafts"]] == [
        very_doubtful.pk,
        doubtful.pk,
        sure.pk,
        likely.pk,
    ]
    assert contents["doubtful_drafts"] == 2

    page = detail(editor, document)
    assert card_order(page) == [very_doubtful.pk, doubtful.pk, sure.pk, likely.pk]
    assert "2 drafts are doubtful and are shown first. Check them before confirming all." in page
    assert "Confirm all 4 remaining" in page
    # Group headings, with the cards one level below them.
    assert page.index(">Check these first</h3>") < page.index(f'id="draft-{very_doubtful.pk}"')
    assert page.index(f'id="draft-{doubtful.pk}"') < page.index(">The others</h3>")
    assert page.index(">The others</h3>") < page.index(f'id="draft-{sure.pk}"')
    assert '<h4 class="nhsuk-card__heading">Recommendation 3</h4>' in page
    assert '<h3 class="nhsuk-card__heading">' not in page

    three = card(page, doubtful)
    assert "Doubtful" in three and "nhsuk-tag--orange" in three
    assert "Confidence 45%" in three
    assert "Why this is doubtful:" in three
    assert f"<li>{NO_SHOULD}</li>" in three and f"<li>{OUTSIDE}</li>" in three
    two = card(page, likely)
    assert "Likely" in two and "Confidence 80%" in two
    assert "Doubtful" not in two and "Why this is doubtful" not in two


def test_without_doubtful_drafts_the_page_is_as_before(editor, document):
    add_draft(document, "2", 0.9)
    page = detail(editor, document)
    assert "doubtful and" not in page and "Check these first" not in page
    assert '<h3 class="nhsuk-card__heading">Recommendation 1</h3>' in page
    assert "Confidence 100%" in page and "Confidence 90%" in page
    assert [d.number for d in services.document_contents(document)["drafts"]] == ["1", "2"]


def test_decided_drafts_are_not_listed_as_doubtful(editor, document):
    sure = document.drafts.get()
    confirmed = add_draft(document, "2", 0.3, NO_SHOULD)
    discarded = add_draft(document, "3", 0.2, OUTSIDE, status="discarded")
    response = editor.post(
        reverse("documents:draft-confirm", args=[confirmed.pk]), {"version": confirmed.version}
    )
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.status == "confirmed"

    contents = services.document_contents(document)
    assert contents["doubtful_drafts"] == 0
    assert [d.pk for d in contents["drafts"]] == [sure.pk, confirmed.pk, discarded.pk]
    page = detail(editor, document)
    assert "doubtful and" not in page and "Check these first" not in page
    for decided in (confirmed, discarded):
        html = card(page, decided)
        assert "Doubtful" not in html and "Confidence" not in html and "Why this" not in html
    assert "Confidence 100%" in card(page, sure)


def test_one_doubtful_draft_reads_in_the_singular(editor, document):
    add_draft(document, "2", 0.5, NO_SHOULD)
    page = detail(editor, document)
    assert "1 draft is doubtful and is shown first. Check it before confirming all." in page


def test_read_only_people_see_the_confidence_too(client, people, document):
    from tests.conftest import sign_in

    add_draft(document, "2", 0.45, NO_SHOULD)
    sign_in(client, people["region"])
    page = detail(client, document)
    assert "Confirm all" not in page
    assert "Confidence 45%" in page and NO_SHOULD in page


def test_the_page_does_not_grow_with_doubtful_drafts(editor, document):
    add_draft(document, "2", 0.4, NO_SHOULD)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert editor.get(reverse("documents:detail", args=[document.pk])).status_code == 200
        return len(captured)

    few = count()
    for i in range(10):
        add_draft(document, f"{i + 3}", 0.1 * (i % 8), f"{NO_SHOULD}\n{OUTSIDE}")
    add_draft(document, "20", 0.2, status="discarded")
    many = count()
    assert many == few
    assert services.document_contents(document)["doubtful_drafts"] > 5


# --- confirm all ---------------------------------------------------------------------------


def test_confirm_all_marks_the_doubtful_drafts_and_numbers_in_document_order(editor, document):
    sure = document.drafts.get()  # number 1
    doubtful = add_draft(document, "1", 0.45, NO_SHOULD)  # the same number, read later
    third = add_draft(document, "3", 0.9)
    url = reverse("documents:confirm-all", args=[document.pk])
    page = editor.get(url).content.decode()
    assert "Confirm all 3" in page
    assert "1 of them is doubtful" in page
    start = page.index(f'id="draft-{doubtful.pk}"')
    item = page[start : page.index("</li>", start)]
    assert f"doubtful: confidence 45%; {NO_SHOULD}" in item
    for other in (sure, third):
        rest = page[page.index(f'id="draft-{other.pk}"') :]
        assert "doubtful:" not in rest[: rest.index("</li>")]
    # The list and the new numbers follow the document, as confirming all does (the page
    # shows the doubtful draft first): the first draft keeps 1, the doubtful one becomes 2.
    assert page.index(f'id="draft-{sure.pk}"') < start < page.index(f'id="draft-{third.pk}"')
    assert "<strong>2</strong> (numbered 1 in the report)" in item
    assert "1 becomes 2" in page

    assert editor.post(url).status_code == 302
    numbers = {
        d.pk: d.recommendation.number for d in document.drafts.select_related("recommendation")
    }
    assert numbers == {sure.pk: "1", doubtful.pk: "2", third.pk: "3"}
