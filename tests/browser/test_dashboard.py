"""The dashboard in real Chromium: region and national open it, filter it, follow a figure
to its records, download XLSX and PDF; axe-core checks every page on the way."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import check_accessibility, demo_code
from .test_journeys import sign_in

pytestmark = pytest.mark.browser


def _download(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    with open(download.path(), "rb") as handle:
        return download.suggested_filename, handle.read()


def _open_dashboard(page):
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    check_accessibility(page)


def _open_filters(page):
    """The filters are folded away until they are used."""
    filters = page.locator("details.app-dashboard-filters-details")
    if filters.get_attribute("open") is None:
        filters.locator("summary").click()


def test_region_filters_the_dashboard_and_downloads_it(page, server):
    sign_in(page, server, "region")
    _open_dashboard(page)
    expect(page.get_by_text("North West", exact=False).first).to_be_visible()
    expect(page.get_by_text("Numbers from 1 to 4 are shown as <5")).to_be_visible()

    # Filter: the whole of the last ten years, rapid reviews only.
    _open_filters(page)
    page.get_by_label("From").select_option(index=39)
    page.get_by_label("Type of review").select_option("rapid")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("rapid review", exact=False).first).to_be_visible()
    assert "type=rapid" in page.url
    check_accessibility(page)

    for name in ("Themes", "Recommendations and actions", "Data completeness"):
        page.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
        assert "type=rapid" in page.url  # the filters travel with the pages
        check_accessibility(page)

    file_name, content = _download(page, "Download this page's figures (XLSX)")
    assert file_name.endswith(".xlsx")
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames[0] == "Contents"
    assert any("Missing fields" in name for name in book.sheetnames)

    file_name, content = _download(page, "Download this page as a report (PDF)")
    assert file_name.endswith(".pdf") and content.startswith(b"%PDF")


def test_national_follows_a_figure_to_its_records_and_gets_the_report(page, server):
    sign_in(page, server, "national")
    page.get_by_label("Security code").fill(demo_code(server, "national"))
    page.get_by_role("button", name="Continue").click()
    _open_dashboard(page)
    _open_filters(page)
    page.get_by_label("From").select_option(index=39)
    page.get_by_role("button", name="Apply filters").click()
    check_accessibility(page)

    # A published number in a table links to the reviews behind it.
    table = page.locator("#figure-reviews-by-area-table")
    link = table.locator("tbody a").first
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name="Reviews behind the figure")).to_be_visible()
    check_accessibility(page)
    page.go_back()

    page.get_by_role("link", name="Domestic homicide reviews (DHRD)").click()
    expect(page.get_by_role("heading", name="Domestic homicide reviews", level=1)).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Themes and learning report").first.click()
    expect(page.get_by_role("heading", name="Themes and learning report")).to_be_visible()
    check_accessibility(page)
    file_name, content = _download(page, "Download the report (PDF)")
    assert file_name.startswith("themes-and-learning") and content.startswith(b"%PDF")
    file_name, content = _download(page, "Download the report's tables (XLSX)")
    assert load_workbook(io.BytesIO(content)).sheetnames[0] == "Contents"
