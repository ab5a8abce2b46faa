"""The themes-and-learning PDF for an ICB: no page for a theme with no lessons."""

import datetime

import pytest
from django.utils import timezone

from safeguarding.dashboard import figures, report, services
from safeguarding.reports import pdf

from .conftest import flat, pdf_text


def _themed_world(review_factory, lessons_for=(0,)):
    """Five reviews in the period, each with its own theme; published with lessons for
    the themes at the indexes in ``lessons_for``."""
    from safeguarding.reviews.models import ReviewTheme
    from safeguarding.themes.models import Theme

    started = timezone.localdate() - datetime.timedelta(days=40)
    themes = list(Theme.objects.filter(active=True).order_by("label")[:5])
    for n, theme in enumerate(themes):
        review = review_factory(
            title=f"Child {n}",
            notification_date=started,
            published_date=started + datetime.timedelta(days=10) if n in lessons_for else None,
            learning_summary=f"Lesson about {theme.label}." if n in lessons_for else "",
        )
        ReviewTheme.objects.create(review=review, theme=theme, is_primary=True)
    services.refresh_figures()
    return [t.label for t in themes]


def _learning(document):
    return [s for s in document.sections if s.title.startswith("Learning")]


@pytest.mark.django_db
def test_a_theme_with_no_lessons_has_a_line_not_a_page(people, review_factory):
    labels = _themed_world(review_factory, lessons_for=(0,))
    document = report.themes_and_learning(people["icb_a"], figures.Filters.default())
    learning = _learning(document)
    assert [s.title for s in learning] == [f"Learning: {labels[0]}"]
    assert all(s.items for s in learning)
    pages = pdf_text(pdf.render_pdf(document))
    text = flat(" ".join(pages))
    line = (
        f"No lessons are recorded yet for: {labels[1]}, {labels[2]}, {labels[3]} and {labels[4]}."
    )
    assert flat(line) in text
    assert "No published review in the period records lessons" not in text
    # One page of learning, not five.
    learning_pages = [p for p in pages if "Learning:" in p and "Contents" not in p]
    assert len(learning_pages) == 1


@pytest.mark.django_db
def test_when_no_theme_has_lessons_one_short_section_says_so(people, review_factory):
    labels = _themed_world(review_factory, lessons_for=())
    document = report.themes_and_learning(people["icb_a"], figures.Filters.default())
    learning = _learning(document)
    assert [s.title for s in learning] == ["Learning"]
    assert learning[0].paragraphs == [
        f"No lessons are recorded yet for: {', '.join(labels[:4])} and {labels[4]}."
    ]
    pages = pdf_text(pdf.render_pdf(document))
    body = [flat(p) for p in pages[2:]]
    assert sum("No lessons are recorded yet for:" in p for p in body) == 1
    # A page for each section at most (a cover, contents and one learning page, not five).
    assert len(pages) <= 2 + len(document.sections)
