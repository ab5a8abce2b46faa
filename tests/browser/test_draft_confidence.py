"""The document's page in real Chromium with a doubtful and a sure draft recommendation, as
the pipeline reads them from an uploaded report: the doubtful one is shown first, with its
confidence and why it is doubtful; axe-core passes."""

import re

import pytest
from playwright.sync_api import expect

from safeguarding.documents.pipeline.recommendations import DOUBT_PARAGRAPH

from .conftest import check_accessibility
from .test_documents import new_sar
from .test_journeys import sign_in

pytestmark = pytest.mark.browser

REPORT = (
    "Recommendations\n\n"
    "Recommendation 1: The partnership should share information about risk.\n\n"
    "The panel heard from the family. Partners should consider a learning event on "
    "self-neglect.\n"
)
FROM_A_PARAGRAPH = DOUBT_PARAGRAPH


def test_the_doubtful_draft_is_shown_first_with_its_reasons(page, server, tmp_path):
    sign_in(page, server, "icb-a")
    new_sar(page, server, "Adult D")

    report = tmp_path / "adult-d.txt"
    report.write_text(REPORT)
    page.get_by_role("button", name="Upload a report").click()
    page.get_by_label("Report file").set_input_files(str(report))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name=report.name)).to_be_visible()
    # The worker reads it; documents.js reloads the page when it is done.
    expect(page.get_by_role("heading", name="Draft recommendations")).to_be_visible(timeout=120_000)
    document_id = int(re.search(r"/documents/(\d+)/", page.url).group(1))
    cards = page.locator(".nhsuk-card__heading")
    expect(page.get_by_text("1 draft is doubtful and is shown first.")).to_be_visible()
    expect(page.get_by_role("heading", name="Check these first", level=3)).to_be_visible()
    expect(page.get_by_role("heading", name="The others", level=3)).to_be_visible()
    expect(cards).to_have_text(["Recommendation 2", "Recommendation 1"])
    expect(page.get_by_role("heading", level=4)).to_have_count(2)
    first, second = page.locator(".nhsuk-card").nth(0), page.locator(".nhsuk-card").nth(1)
    expect(first).to_contain_text("Doubtful")
    expect(first).to_contain_text("Confidence 55%")
    expect(first).to_contain_text("Why this is doubtful:")
    expect(first.get_by_role("listitem")).to_have_text([FROM_A_PARAGRAPH])
    expect(second).to_contain_text("Likely")
    expect(second).to_contain_text("Confidence 95%")
    expect(page.get_by_role("button", name="Confirm all 2 remaining")).to_be_visible()
    check_accessibility(page)

    # The confirm-all page (the same button's page without JavaScript) says which is doubtful.
    page.goto(f"{server['url']}/documents/{document_id}/confirm-all/")
    expect(
        page.get_by_role("heading", name="Confirm all remaining draft recommendations")
    ).to_be_visible()
    expect(page.get_by_text("doubtful: confidence 55%")).to_be_visible()
    check_accessibility(page)
