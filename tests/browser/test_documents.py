"""Uploading reports in real Chromium: a refusal on the form, then a real PDF and a real DOCX
read by the real Celery worker next to the server, with the page following the progress;
the draft recommendations confirmed, a theme accepted, and the review found again by a
meaning-based search. axe-core runs on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.documents.conftest import REVIEW_BLOCKS, _docx, _pdf

from .conftest import check_accessibility
from .test_journeys import sign_in

pytestmark = pytest.mark.browser

# A second report, as a DOCX: numbered list recommendations and a finding about a new
# partner, worded so that the search below shares none of its words.
DOCX_BLOCKS = [
    ("h1", "Child Safeguarding Practice Review: Baby K"),
    ("h2", "Key findings"),
    (
        "p",
        "Health visitors and the GP did not establish the identity of the mother's new "
        "boyfriend, who had moved into the household, or check whether he posed a risk "
        "to the baby.",
    ),
    ("h2", "Recommendations"),
    (
        "number",
        [
            "The partnership should ensure that practitioners find out about every adult "
            "living in or visiting the home of a baby.",
            "The Integrated Care Board should include questions about household members in "
            "the new-birth visit template.",
        ],
    ),
]


def upload(page, path):
    page.get_by_role("button", name="Upload a report").click()
    expect(page.get_by_role("heading", name="Upload a report")).to_be_visible()
    page.get_by_label("Report file").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name=path.name)).to_be_visible()
    # The worker reads it; documents.js follows the progress and reloads when it is done.
    expect(page.get_by_role("heading", name="Draft recommendations")).to_be_visible(timeout=120_000)
    check_accessibility(page)


def new_sar(page, server, name):
    """Add a safeguarding adults review through the form, as the signed-in user."""
    page.goto(f"{server['url']}/reviews/new/")
    page.get_by_label("Short anonymised name").fill(name)
    page.get_by_label("Type of review").select_option("sar")
    page.get_by_label("Safeguarding partnership").select_option(
        label="Blackpool Safeguarding Adults Board"
    )
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()


def test_icb_a_uploads_reports_confirms_drafts_and_themes_then_finds_by_meaning(
    page, server, tmp_path
):
    sign_in(page, server, "icb-a")
    # A review of its own, with no recommendations yet: a number is used once per review.
    new_sar(page, server, "Adult B")
    review_title = page.get_by_role("heading", level=1).inner_text()
    review_url = page.url
    expect(page.get_by_role("heading", name="Documents")).to_be_visible()
    page.get_by_role("button", name="Upload a report").click()
    expect(page.get_by_role("heading", name="Upload a report")).to_be_visible()
    check_accessibility(page)

    # A refusal: a clear message on the form, nothing kept.
    empty = tmp_path / "notes.txt"
    empty.write_bytes(b"")
    page.get_by_label("Report file").set_input_files(str(empty))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("This file is empty").first).to_be_visible()
    check_accessibility(page)
    page.goto(review_url)

    # A real PDF made by reportlab.
    report = tmp_path / "Adult B final report.pdf"
    report.write_bytes(_pdf(REVIEW_BLOCKS))
    upload(page, report)
    expect(page.get_by_text("Ready to check").first).to_be_visible()
    page.get_by_role("button", name="Confirm recommendation 1").click()
    expect(page.get_by_text("Recommendation 1 added to the review")).to_be_visible()
    page.get_by_role("button", name="Confirm all 4 remaining").click()
    check_accessibility(page)
    expect(page.get_by_role("button", name=re.compile(r"^Confirm recommendation"))).to_have_count(0)
    # The themes suggested for the whole document, decided in one submit: tick two, make
    # the first the review's primary theme, and land back at the themes.
    themes = page.locator("#suggestions input[type=checkbox]")
    pending = themes.count()
    assert pending >= 2
    first_label = page.locator("#suggestions .nhsuk-checkboxes__label").first.inner_text()
    first_theme = first_label.rsplit(" (", 1)[0]
    themes.nth(0).check()
    themes.nth(1).check()
    page.get_by_text("Make one of them the review's primary theme").click()
    page.locator("input[name=primary]").nth(1).check()
    check_accessibility(page)
    page.get_by_role("button", name="Accept selected themes").click()
    expect(page.get_by_text(re.compile(r"Themes accepted: "))).to_be_visible()
    expect(page.get_by_text(f"{first_theme} is now the review's primary theme")).to_be_visible()
    assert page.url.endswith("#themes")
    expect(page.locator("#suggestions input[type=checkbox]")).to_have_count(pending - 2)
    check_accessibility(page)
    page.get_by_role("link", name="Back to the review").click()
    expect(page.get_by_role("link", name="Adult B final report.pdf")).to_be_visible()

    # A real DOCX made by python-docx, with its numbered-list recommendations.
    docx_report = tmp_path / "Baby K report.docx"
    docx_report.write_bytes(_docx(DOCX_BLOCKS))
    upload(page, docx_report)
    expect(
        page.get_by_text("household members in the new-birth visit template").first
    ).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Confirm all")).click()
    expect(page.get_by_role("button", name=re.compile(r"^Confirm recommendation"))).to_have_count(0)
    page.get_by_role("link", name="Back to the review").click()
    expect(
        page.get_by_text("household members in the new-birth visit template").first
    ).to_be_visible()
    check_accessibility(page)

    # Search by meaning: no word of the query is in the finding it should find.
    page.get_by_role("link", name="Search", exact=True).click()
    check_accessibility(page)
    page.get_by_label("Search for").fill("nobody asked who the new partner was")
    page.get_by_label("Meaning").check()
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"results? close in meaning"))
    ).to_be_visible()
    results = page.locator(".app-search-results > li")
    expect(results.first).to_contain_text(review_title)
    # The finding about the boyfriend is among the closest three passages.
    expect(results.filter(has_text="boyfriend").first).to_be_visible()
    top_three = " ".join(results.nth(i).inner_text() for i in range(3))
    assert "boyfriend" in top_three and review_title in top_three
    check_accessibility(page)
