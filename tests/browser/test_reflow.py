"""WCAG 1.4.10 reflow: at 320 CSS px wide (1280px at 400% zoom) the review form, the
reviews list, a review and a document page scroll only up and down, even for a review
whose name and summary are one 600-character word."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility
from .test_journeys import fill_date, sign_in

pytestmark = pytest.mark.browser

LONG_WORD = "Unbroken" * 75  # 600 characters, no space


def assert_no_sideways_scroll(page):
    sizes = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert sizes["scroll"] <= sizes["client"] + 1, f"{page.url}: {sizes}"


@pytest.fixture
def narrow(page):
    page.set_viewport_size({"width": 320, "height": 800})
    return page


def record_long_review(page, server):
    page.goto(f"{server['url']}/reviews/new/")
    expect(page.get_by_role("heading", name="Record a new review")).to_be_visible()
    page.get_by_label("Short anonymised name").fill(LONG_WORD[:120])
    page.get_by_label("Type of review").select_option("rapid")
    page.get_by_label("Safeguarding partnership").select_option(
        label="Blackpool Safeguarding Children Partnership"
    )
    fill_date(page, "Date of notification (optional)", 20, 12, 2024)
    page.get_by_label("Case information (optional)").fill(LONG_WORD)
    page.get_by_label("Lessons learnt and good practice (optional)").fill(LONG_WORD)
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_role("heading", name=LONG_WORD[:120])).to_be_visible()


def test_pages_reflow_at_320px(narrow, server):
    page = narrow
    sign_in(page, server, "icb-a")
    expect(page.get_by_role("heading", name="Safeguarding reviews")).to_be_visible()

    page.goto(f"{server['url']}/reviews/new/")
    expect(page.get_by_role("heading", name="Record a new review")).to_be_visible()
    assert_no_sideways_scroll(page)
    check_accessibility(page)
    # the other themes open from an expander, grouped; still no sideways scroll
    page.get_by_text("Other themes (optional)").click()
    expect(page.get_by_role("group", name="Harm")).to_be_visible()
    assert_no_sideways_scroll(page)
    check_accessibility(page)

    record_long_review(page, server)
    assert_no_sideways_scroll(page)

    page.goto(f"{server['url']}/reviews/")
    expect(page.get_by_role("heading", name="Reviews", exact=True)).to_be_visible()
    assert_no_sideways_scroll(page)
    page.get_by_label("Search by name, reference, partnership or words").fill(LONG_WORD[:120])
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name=LONG_WORD[:120])).to_be_visible()
    assert_no_sideways_scroll(page)

    # a review with documents and recommendations from the demo data
    page.goto(f"{server['url']}/reviews/")
    page.get_by_role("link", name=re.compile("Child")).first.click()
    assert_no_sideways_scroll(page)
    documents = page.locator("a[href^='/documents/']:not([href$='/download/'])")
    if documents.count():
        documents.first.click()
        expect(page.get_by_role("link", name="Back to the review")).to_be_visible()
        assert_no_sideways_scroll(page)


def test_a_document_page_reflows_at_320px(narrow, server):
    page = narrow
    sign_in(page, server, "icb-a")
    expect(page.get_by_role("heading", name="Safeguarding reviews")).to_be_visible()
    page.goto(f"{server['url']}/reviews/")
    for index in range(page.get_by_role("link", name=re.compile("Child|Adult")).count()):
        page.goto(f"{server['url']}/reviews/")
        page.get_by_role("link", name=re.compile("Child|Adult")).nth(index).click()
        links = page.locator("a[href^='/documents/']:not([href$='/download/'])")
        if links.count():
            links.first.click()
            assert_no_sideways_scroll(page)
            return
    pytest.skip("no review with a document in the demo data")
