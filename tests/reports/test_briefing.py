"""The 7-minute briefing of one review: scoped, audited, seven sections on one or two pages."""

import datetime

import pytest
from django.urls import reverse

from safeguarding.actions.models import Action, Recommendation
from safeguarding.audit.models import AuditEvent
from safeguarding.reports import services
from safeguarding.reports.briefing import SECTION_TITLES, action_counts, build_briefing, shorten
from safeguarding.reports.questions import (
    GENERIC_QUESTIONS,
    MAX_QUESTIONS,
    THEME_QUESTIONS,
    questions_for,
)
from safeguarding.reviews.models import Dissemination, ReviewTheme
from safeguarding.themes.models import Theme
from safeguarding.themes.taxonomy import THEME_CODES
from tests.conftest import sign_in

from .conftest import flat, pdf_text

TODAY = datetime.date(2025, 4, 7)


@pytest.fixture
def review(orgs, review_factory):
    review = review_factory(
        title="Child T",
        reference="LSCP/2024 07",
        review_type="lcspr",
        decision_date=datetime.date(2025, 1, 6),
        start_date=datetime.date(2025, 1, 20),
        case_information="Child T, aged 4 months, was admitted to hospital with a head injury.",
        learning_summary=(
            "Practitioners did not see the father as part of the household.\n\n"
            "Health visitors were not told about earlier police call-outs."
        ),
        publication_status="published",
        published_date=datetime.date(2025, 3, 31),
        publication_url="https://example.org/lscp/child-t",
        designated_professional="Designated nurse, Lancashire and South Cumbria ICB",
    )
    ReviewTheme.objects.create(
        review=review, theme=Theme.objects.get(code="think-family"), is_primary=True
    )
    ReviewTheme.objects.create(review=review, theme=Theme.objects.get(code="information-sharing"))
    first = Recommendation.objects.create(
        review=review, number="1", text="Include fathers and partners in every assessment."
    )
    Recommendation.objects.create(
        review=review, number="2", text="Share police call-outs with health visitors."
    )
    for status, due in (("completed", 2025), ("in_progress", 2024), ("not_started", 2030)):
        Action.objects.create(
            recommendation=first,
            description="Audit assessments",
            owner=orgs["icb_a"],
            lead="Named nurse",
            due_date=datetime.date(due, 1, 31),
            status=status,
        )
    Dissemination.objects.create(
        review=review, kind="learning_event", date=datetime.date(2025, 4, 2), audience="GPs"
    )
    return review


def test_in_scope_person_downloads_the_briefing_as_pdf(client, people, review):
    sign_in(client, people["icb_a"])
    response = client.get(reverse("reports:briefing", kwargs={"pk": review.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="7-minute-briefing-LSCP-2024-07.pdf"'
    )
    assert response["Cache-Control"] == "no-store"
    pages = pdf_text(response.content)
    assert 1 <= len(pages) <= 2
    text = flat(" ".join(pages))
    assert "7-minute briefing: Child T" in text
    for number, title in enumerate(SECTION_TITLES, start=1):
        assert f"{number} {title}" in text, title
    assert "Include fathers and partners in every assessment." in text
    assert "Share police call-outs with health visitors." in text
    assert "3 actions: 1 not started, 1 in progress, 1 completed (1 overdue)" in text
    assert "Health visitors were not told about earlier police call-outs." in text
    assert "Think family" in text and "Information sharing" in text
    assert THEME_QUESTIONS["think-family"][:40] in text
    assert "https://example.org/lscp/child-t" in text
    assert "Learning event (2 April 2025, for GPs)" in text
    assert f"Page 1 of {len(pages)}" in flat(pages[0])


def test_the_read_and_the_download_are_audited(client, people, review):
    sign_in(client, people["icb_a"])
    client.get(reverse("reports:briefing", kwargs={"pk": review.pk}))
    events = AuditEvent.objects.filter(object_type="review", object_id=str(review.pk))
    view = events.get(action="view")
    export = events.get(action="export")
    assert view.username == export.username == "icb-a"
    assert export.details["document"] == "7-minute briefing"
    assert export.details["format"] == "pdf"
    assert export.path == f"/reports/briefing/{review.pk}/"
    assert export.pk > view.pk


def test_out_of_scope_is_404_and_nothing_is_exported(client, people, review):
    sign_in(client, people["icb_b"])
    url = reverse("reports:briefing", kwargs={"pk": review.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not AuditEvent.objects.filter(action__in=["view", "export"]).exists()


def test_a_post_in_scope_goes_to_the_download(client, people, review):
    sign_in(client, people["icb_a"])
    url = reverse("reports:briefing", kwargs={"pk": review.pk})
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == url
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_review_with_a_lot_to_say_still_fits_on_two_pages(orgs, people, review_factory):
    review = review_factory(
        title="Adult B",
        review_type="sar",
        partnership=orgs["partnership_a_sab"],
        case_information="Adult B lived alone. " * 80,
        learning_summary=("Agencies did not share what they knew. " * 30 + "\n\n") * 4,
    )
    for code in ["self-neglect", "mental-capacity", "housing-homelessness", "neglect"]:
        ReviewTheme.objects.create(
            review=review, theme=Theme.objects.get(code=code), is_primary=code != "neglect"
        )
    for number in range(1, 16):
        Recommendation.objects.create(
            review=review, number=str(number), text="The board should seek assurance. " * 20
        )
    content, file_name, _ = services.briefing_for(people["icb_a"], review.pk)
    assert file_name == f"7-minute-briefing-{review.pk}.pdf"
    pages = pdf_text(content)
    assert len(pages) <= 2
    text = flat(" ".join(pages))
    assert "And 9 more recommendations" in text
    assert "Some long text is shortened" in text


@pytest.mark.django_db
def test_a_briefing_with_nothing_recorded_yet(orgs, review_factory):
    review = review_factory(title="Child Q")
    briefing = build_briefing(review, [], [], today=TODAY)
    assert [s.title for s in briefing.sections] == list(SECTION_TITLES)
    assert briefing.title == "7-minute briefing: Child Q"
    texts = [t for s in briefing.sections for t in [*s.paragraphs, *s.items]]
    assert "No recommendations have been recorded for this review yet." in texts
    assert "No themes have been recorded for this review yet." in texts
    assert "The report has not been published yet." in texts
    assert briefing.sections[5].items == list(GENERIC_QUESTIONS)


def test_every_default_theme_has_a_question():
    assert set(THEME_QUESTIONS) == set(THEME_CODES)


def test_questions_follow_the_themes_then_fall_back_to_generic_ones():
    assert questions_for([]) == list(GENERIC_QUESTIONS)
    one = questions_for(["neglect", "a-local-theme"])
    assert one[0] == THEME_QUESTIONS["neglect"] and one[1:] == list(GENERIC_QUESTIONS[:2])
    many = questions_for(sorted(THEME_CODES))
    assert len(many) == MAX_QUESTIONS and not set(many) & set(GENERIC_QUESTIONS)


def test_action_counts_and_shortening():
    assert action_counts([], TODAY) == "No actions yet"
    text, cut = shorten("One. Two three four five six seven eight nine ten.", 20)
    assert cut and text == "One. Two three four …"
    assert shorten("Short.", 20) == ("Short.", False)


@pytest.mark.django_db
def test_briefing_shows_dates_known_only_to_the_month_or_year_as_known(orgs, review_factory):
    review = review_factory(
        title="Child M",
        review_type="lcspr",
        notification_date=None,
        decision_date=datetime.date(2024, 3, 1),
        scope_start=datetime.date(2022, 1, 1),
        scope_end=datetime.date(2023, 6, 30),
        publication_status="published",
        published_date=datetime.date(2025, 1, 1),
        date_precision={"decision_date": "month", "scope_start": "year", "published_date": "year"},
    )
    briefing = build_briefing(review, [], [], today=TODAY)
    texts = [t for s in briefing.sections for t in [*s.paragraphs, *s.items]]
    assert "Key dates: decision to review March 2024; published 2025" in texts
    assert "Period the review looked at: 2022 to 30 June 2023" in texts
    assert "Read the full report, published in 2025." in texts
