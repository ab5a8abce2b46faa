"""My actions as a worklist, in real Chromium with axe-core: an ICB user narrows the list
to one review's overdue actions."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility
from .test_journeys import sign_in

pytestmark = pytest.mark.browser


def rows(page):
    return page.locator("table.app-worklist tbody tr")


def test_icb_user_filters_my_actions_to_one_reviews_overdue_actions(page, server):
    sign_in(page, server, "icb-a")
    expect(page.get_by_role("heading", name="Safeguarding reviews")).to_be_visible()

    page.get_by_role("link", name="My actions").click()
    expect(page.get_by_role("heading", name="My actions")).to_be_visible()
    check_accessibility(page)

    # Overdue only: every row says by how long (the demo data gives icb-a some).
    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_label("Overdue only")).to_be_checked()
    expect(rows(page).first).to_be_visible()
    check_accessibility(page)

    # The first overdue action's review, by its reference.
    review_cell = rows(page).first.locator("td").nth(1)
    title = review_cell.get_by_role("link").inner_text().strip()
    reference = review_cell.locator("span.nhsuk-body-s").first.inner_text().strip()
    assert reference and not reference.startswith("Recommendation")

    page.get_by_label("Review", exact=True).fill(reference)
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_label("Review", exact=True)).to_have_value(reference)
    expect(page.get_by_label("Overdue only")).to_be_checked()
    assert f"review={reference}" in page.url and "overdue=1" in page.url

    count = rows(page).count()
    assert count >= 1
    for index in range(count):
        row = rows(page).nth(index)
        expect(row).to_contain_text(title)
        expect(row).to_contain_text(reference)
        expect(row).to_contain_text(re.compile(r"Overdue by \d+ days?"))
    # The counts are for this filter: every action listed is overdue.
    counts = page.locator("#worklist-counts")
    expect(counts).to_contain_text(re.compile(rf"{count} actions?:\s+{count} overdue"))
    check_accessibility(page)

    # A row links to its action's page, evidence and all.
    rows(page).first.locator("td").first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/actions/\d+/$"))
    expect(page.get_by_text("Evidence of completion", exact=True)).to_be_visible()
