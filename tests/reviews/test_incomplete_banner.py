"""The incomplete-record banner quotes the national SAR statistics on a SAR only."""

import pytest
from django.urls import reverse

from safeguarding.reviews import quality
from tests.conftest import sign_in


def _banner(client, review):
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "This record is incomplete" in page
    start = page.index("This record is incomplete")
    return page[start : page.index("Statutory clocks", start)]


@pytest.mark.django_db
def test_a_rapid_review_is_not_told_about_sars(client, people, review_factory):
    review = review_factory(review_type="rapid")  # no referral source or scope period
    sign_in(client, people["icb_a"])
    banner = _banner(client, review)
    assert "Referral source" in banner and "Scope period" in banner
    assert "SAR" not in banner and "%" not in banner
    assert "Who asked for the review; needed to compare reviews" in banner


@pytest.mark.django_db
def test_a_sar_quotes_the_national_sar_figures(client, people, orgs, review_factory):
    review = review_factory(partnership=orgs["partnership_a_sab"], review_type="sar")
    sign_in(client, people["icb_a"])
    banner = _banner(client, review)
    assert "Missing in 75% of SARs nationally" in banner
    assert "Missing in 29% of SARs nationally" in banner
    assert "missing in 59% of SARs nationally" in banner


def test_no_statistic_about_sars_is_given_for_another_type():
    for check in quality.CHECKS:
        for review_type in ("rapid", "lcspr", "dhr", "cdr"):
            assert "SAR" not in check.why_for(review_type)
            assert "%" not in check.why_for(review_type)
