"""End-to-end journeys in real Chromium, with axe-core on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD, check_accessibility

pytestmark = pytest.mark.browser


def sign_in(page, server, username):
    page.goto(f"{server['url']}/sign-in/")
    check_accessibility(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def fill_date(page, legend, day, month, year):
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def test_icb_a_records_a_review_a_recommendation_and_an_action(page, server):
    sign_in(page, server, "icb-a")
    expect(page.get_by_role("heading", name="Safeguarding reviews")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Record a new review").first.click()
    expect(page.get_by_role("heading", name="Record a new review")).to_be_visible()
    check_accessibility(page)

    # A save with a missing name shows the error summary and field message; nothing is saved.
    page.get_by_label("Type of review").select_option("rapid")
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("Enter a short anonymised name").first).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Short anonymised name").fill("Child Journey")
    partnership = page.get_by_label("Safeguarding partnership")
    partnership.select_option(label="Blackpool Safeguarding Children Partnership")
    fill_date(page, "Date of incident (optional)", 16, 12, 2024)
    fill_date(page, "Date of notification (optional)", 20, 12, 2024)
    page.get_by_label("Primary theme 1").select_option(label="Neglect")
    page.get_by_role("button", name="Save review").click()

    expect(page.get_by_role("heading", name="Child Journey")).to_be_visible()
    expect(page.get_by_text("15 January 2025")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Add a recommendation").click()
    check_accessibility(page)
    page.get_by_label("Number").fill("1")
    page.get_by_label("Recommendation", exact=True).fill(
        "The partnership should seek assurance that health visitors ask who lives in the home."
    )
    page.get_by_role("button", name="Save recommendation").click()

    expect(page.get_by_role("heading", name="Add an action")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Action", exact=True).fill(
        "Audit new-birth visits for questions about the household"
    )
    page.get_by_label("Owning organisation").select_option(
        label="NHS Lancashire and South Cumbria Integrated Care Board"
    )
    page.get_by_label("Lead", exact=True).fill("Designated nurse for safeguarding children")
    fill_date(page, "Due date", 31, 1, 2025)
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_role("heading", name="Child Journey")).to_be_visible()

    page.get_by_role("link", name="My actions").click()
    expect(page.get_by_role("heading", name="My actions")).to_be_visible()
    # The worklist is paged, overdue first: narrow it to the new review.
    page.get_by_label("Review", exact=True).fill("Child Journey")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row").filter(has_text="Audit new-birth visits")
    expect(row).to_contain_text("Child Journey")
    expect(row).to_contain_text(re.compile(r"Overdue by \d+ days?"))
    check_accessibility(page)


def search(page, words):
    page.get_by_label("Search by name, reference, partnership or words").fill(words)
    page.get_by_role("button", name="Filter").click()


def test_national_signs_in_with_a_second_factor_and_sees_every_region(page, server):
    from .conftest import demo_code

    sign_in(page, server, "national")
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Security code").fill(demo_code(server, "national"))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You can see reviews across England.")).to_be_visible()
    page.get_by_role("link", name="Reviews", exact=True).click()
    search(page, "Kent")
    expect(
        page.get_by_role("cell", name="Kent Safeguarding Children Partnership").first
    ).to_be_visible()
    search(page, "Blackpool")
    expect(
        page.get_by_role("cell", name="Blackpool Safeguarding Children Partnership").first
    ).to_be_visible()
    check_accessibility(page)


def test_region_sees_only_its_region(page, server):
    sign_in(page, server, "region")
    expect(page.get_by_text("You can see reviews in North West.")).to_be_visible()
    page.get_by_role("link", name="Reviews", exact=True).click()
    search(page, "Kent")
    expect(page.get_by_text("0 reviews")).to_be_visible()
    search(page, "Blackpool")
    expect(
        page.get_by_role("cell", name="Blackpool Safeguarding Children Partnership").first
    ).to_be_visible()
    check_accessibility(page)
