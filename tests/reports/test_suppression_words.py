"""The themes-and-learning report says the same about suppression on its cover and in its
notes, and what it says is true for the person's scope (suppressed above the owner)."""

import pytest

from safeguarding.dashboard import figures, report
from safeguarding.reports import pdf

from .conftest import flat, pdf_text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "said", "not_said"),
    [
        ("icb_a", "Counts are not suppressed", "shown as <5"),
        ("national", "Numbers from 1 to 4 are shown as <5", "not suppressed"),
    ],
)
def test_the_cover_and_the_notes_agree_with_the_scope(
    people, review_factory, person, said, not_said
):
    review_factory()
    document = report.themes_and_learning(people[person], figures.Filters.default())
    pages = pdf_text(pdf.render_pdf(document))
    cover, contents = flat(pages[0]), flat(pages[1])
    assert said in cover and said in contents
    assert not_said not in cover and not_said not in contents
