""" "NHS England region" keeps its capitals in figure titles (not "by nhs england region")."""

import pytest

from safeguarding.dashboard import dhr_page


@pytest.mark.django_db
@pytest.mark.parametrize("key", list(dhr_page.FIGURES))
def test_dhr_titles_keep_nhs_england_in_capitals(people, key):
    view = dhr_page.dhr_view(people["national"], key=key, by="region", suppress=True)
    title = view.counts.figure.title
    assert "by NHS England region" in title
    assert "nhs england" not in title
    by_year = dhr_page.dhr_view(people["national"], key=key, by="year", suppress=True)
    assert by_year.counts.figure.title.endswith("by year of the incident")
