"""A new user brings their own tracker: the sample messy workbook in docs/examples, in Chromium."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility
from .test_journeys import sign_in

pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"


def upload(page, server, name):
    page.goto(f"{server['url']}/spreadsheets/")
    check_accessibility(page)
    page.get_by_label("Spreadsheet file").set_input_files(str(EXAMPLES / name))
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("heading", name="Which column is which")).to_be_visible()
    check_accessibility(page)


def test_icb_a_imports_the_sample_messy_tracker(page, server):
    sign_in(page, server, "icb-a")
    upload(page, server, "messy-tracker.xlsx")

    # The heading row under the title and note is found, on the tracker sheet, not the lists.
    expect(page.get_by_text("the column headings on row 4")).to_be_visible()
    expect(page.get_by_text("We read the sheet Reviews")).to_be_visible()
    for heading in ("Theme 1", "Theme 2", "Theme 3"):
        select = page.get_by_label(f"{heading} (column", exact=False)
        expect(select).to_have_value("primary_themes")
    page.get_by_role("button", name="Save and continue").click()

    # One step for the values the service does not know.
    expect(page.get_by_role("heading", name="What the values mean")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("'Lancashire SCP'").select_option(
        "Lancashire Safeguarding Children Partnership"
    )
    page.get_by_label("'Child practice review'").select_option("lcspr")
    page.get_by_role("button", name="Save and check the file").click()

    # Exactly the sample's five real mistakes, by line; nothing saved.
    expect(page.get_by_role("heading", name="5 rows cannot be imported")).to_be_visible()
    table = page.locator("#import-errors")
    lines = [cell.strip() for cell in table.locator("tbody tr td:first-child").all_inner_texts()]
    assert lines == ["7", "9", "11", "14", "17"]
    expect(page.get_by_text("Line 20 looks like a totals row", exact=False)).to_be_visible()
    check_accessibility(page)

    # Fixed in the file and uploaded again: the choices and the alias are remembered.
    upload(page, server, "messy-tracker-fixed.xlsx")
    expect(page.get_by_text("Your organisation's choices from its last import")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="15 reviews are ready to import")).to_be_visible()
    expect(page.locator("#import-preview")).to_contain_text("LCSPR NS-21-001")
    expect(page.locator("#import-preview")).to_contain_text("March 2021")
    check_accessibility(page)
    page.get_by_role("button", name="Import 15 reviews").click()
    expect(page.get_by_text("15 reviews imported from messy-tracker-fixed.xlsx")).to_be_visible()
    check_accessibility(page)

    # The review keeps its month-only date, shown as written.
    page.get_by_role("link", name="See the reviews").click()
    page.get_by_label("Search by name, reference, partnership or words").fill("NS-21-001")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="LCSPR NS-21-001").click()
    expect(page.get_by_role("heading", name="LCSPR NS-21-001")).to_be_visible()
    decision = page.locator(".nhsuk-summary-list__row").filter(has_text="Date of decision")
    expect(decision.locator(".nhsuk-summary-list__value")).to_have_text("March 2021")
    # Its clock says it counts from the first of the month because the day is not known.
    expect(page.get_by_text("known only to the month").first).to_be_visible()
    check_accessibility(page)
