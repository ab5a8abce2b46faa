"""PDF links that take a few seconds carry data-preparing, and their pages load downloads.js
(a module from our own origin, no inline script) to say so while the file is made."""

import pytest
from django.urls import reverse

from tests.conftest import sign_in

SCRIPT = '<script type="module" src="/static/downloads.js"></script>'


@pytest.mark.parametrize(
    "path, link",
    [
        ("/dashboard/themes-and-learning/", "Download the report (PDF)"),
        ("/dashboard/themes/", "Download this page as a report (PDF)"),
    ],
)
def test_dashboard_pdf_links_say_they_are_being_prepared(client, people, path, link):
    sign_in(client, people["national"])
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        'download data-preparing="Preparing the report… this can take a few seconds">' + link
    ) in page
    assert SCRIPT in page
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_briefing_link_says_it_is_being_prepared(client, people, review_factory):
    review = review_factory(title="Child P")
    sign_in(client, people["icb_a"])
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert (
        'download data-preparing="Preparing the briefing… this can take a few seconds">'
        "Download a 7-minute briefing (PDF)"
    ) in page
    assert SCRIPT in page


def test_the_script_is_a_static_file():
    from django.contrib.staticfiles import finders

    found = finders.find("downloads.js")
    assert found
    text = open(found, encoding="utf-8").read()
    assert "a[data-preparing]" in text and "aria-live" in text
