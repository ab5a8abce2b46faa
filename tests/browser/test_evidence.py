"""Evidence read back, in real Chromium (issue 17): an ICB user closes an action with
evidence, and the regional user, who cannot edit, reads that evidence on the action's page,
on the recommendation and in the tracker export."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import check_accessibility
from .test_journeys import sign_in

pytestmark = pytest.mark.browser

COMPLETION = "Audit of 40 new-birth visits: every record names who lives in the home"
IMPACT = "Two unknown adults identified and checked in the quarter after the audit"


def test_icb_closes_an_action_with_evidence_and_the_region_reads_it(page, server, browser):
    sign_in(page, server, "icb-a")
    page.get_by_role("link", name="My actions").click()
    expect(page.get_by_role("heading", name="My actions")).to_be_visible()
    page.locator("tbody tr td a[href^='/actions/']").first.click()
    expect(page).to_have_url(re.compile(r"/actions/\d+/$"))
    action_url = page.url
    check_accessibility(page)

    page.get_by_role("link", name=re.compile(r"^Change\s+status")).click()
    expect(page.get_by_role("button", name="Save action")).to_be_visible()
    page.get_by_label("Status").select_option("closed_with_evidence")
    page.get_by_label("Evidence of completion").fill(COMPLETION)
    page.get_by_label("Evidence of impact").fill(IMPACT)
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Action saved")).to_be_visible()
    # The review's page shows the evidence under the action.
    expect(page.get_by_text(COMPLETION).first).to_be_visible()
    check_accessibility(page)

    # The regional user: oversight, no right to edit, the same region.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    region = context.new_page()
    try:
        sign_in(region, server, "region")
        region.goto(action_url)
        expect(region.get_by_text(COMPLETION)).to_be_visible()
        expect(region.get_by_text(IMPACT)).to_be_visible()
        expect(region.get_by_role("link", name=re.compile(r"^Change"))).to_have_count(0)
        check_accessibility(region)

        region.get_by_role("link", name=re.compile(r"^Go to recommendation")).click()
        expect(region).to_have_url(re.compile(r"/recommendations/\d+/$"))
        expect(region.get_by_text(COMPLETION).first).to_be_visible()
        expect(region.get_by_text(IMPACT).first).to_be_visible()
        check_accessibility(region)

        region.get_by_role("link", name="Import and export").click()
        region.get_by_label("File type").select_option("xlsx")
        with region.expect_download() as info:
            region.get_by_role("button", name="Download").click()
        with open(info.value.path(), "rb") as handle:
            book = load_workbook(io.BytesIO(handle.read()))
        sheet = book["Recommendations and actions"]
        headers = [cell.value for cell in sheet[1]]
        rows = [
            dict(zip(headers, row, strict=False)) for row in sheet.iter_rows(2, values_only=True)
        ]
        closed = [row for row in rows if row.get("Evidence of completion") == COMPLETION]
        assert len(closed) == 1, headers
        assert closed[0]["Evidence of impact"] == IMPACT
        assert closed[0]["Status"] == "Closed with evidence"
    finally:
        context.close()
