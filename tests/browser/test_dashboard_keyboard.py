"""The dashboard by keyboard and at narrow widths (issue 17, points 7 and 8), in real
Chromium: the overview's first table is reached by Tab, no dashboard page scrolls sideways
at 1280px, and at 320px (400% zoom, WCAG 1.4.10) wide tables scroll inside their boxes."""

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility
from .test_journeys import sign_in

pytestmark = pytest.mark.browser

PAGES = [
    ("Overview", "/dashboard/"),
    ("Themes", "/dashboard/themes/"),
    ("Recommendations and actions", "/dashboard/recommendations-and-actions/"),
    ("Data completeness", "/dashboard/data-completeness/"),
    ("Domestic homicide reviews", "/dashboard/domestic-homicide-reviews/"),
]

# Whether the focused element is a table, in a table, or the scrolling box of one.
_FOCUS_IN_TABLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  if (el.closest('table')) return true;
  return el.matches('[role=region]') && el.querySelector('table') !== null;
}"""

_SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _open_overview(page, server):
    sign_in(page, server, "region")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()


def test_the_overviews_first_table_is_reached_by_keyboard(page, server):
    _open_overview(page, server)
    page.goto(page.url)  # focus starts from the top of the page
    reached = None
    for stop in range(1, 31):
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUS_IN_TABLE):
            reached = stop
            break
    # Issue 17: within 20 Tab stops (the filters are folded until used).
    assert reached is not None and reached <= 20, reached

    # "Skip to the numbers" lands on the table's scrolling box.
    page.goto(page.url)
    page.get_by_role("link", name="Skip to the numbers").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(_FOCUS_IN_TABLE)


def test_no_dashboard_page_scrolls_sideways_at_1280(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    _open_overview(page, server)
    for heading, path in PAGES:
        page.goto(f"{server['url']}{path}")
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        assert page.evaluate(_SIDEWAYS) <= 0, path


def test_the_overview_reflows_at_320(page, server):
    _open_overview(page, server)
    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    assert page.evaluate(_SIDEWAYS) <= 0
    # wide tables scroll inside their own boxes, and those boxes are Tab stops
    boxes = page.locator(".app-table-wrap[role=region]")
    assert boxes.count() > 0
    for i in range(boxes.count()):
        box = boxes.nth(i)
        assert box.get_attribute("tabindex") == "0"
        width = box.evaluate("el => el.getBoundingClientRect().right")
        assert width <= 320
    check_accessibility(page)
