"""The themes-and-learning PDF for an ICB: no page for a theme with no lessons, and a
table too wide for the page printed as pieces whose headings break only between words."""

import datetime
import re

import pytest
from django.utils import timezone

from safeguarding.dashboard import figures, report, services
from safeguarding.reports import pdf
from safeguarding.reports.document import Table

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


@pytest.mark.django_db
def test_a_wide_table_prints_as_pieces_with_whole_words_in_the_headings(
    people, orgs, review_factory
):
    from safeguarding.organisations.models import Organisation
    from safeguarding.reviews.models import ReviewTheme
    from safeguarding.themes.models import Theme

    started = timezone.localdate() - datetime.timedelta(days=40)
    partnerships = list(
        Organisation.objects.filter(kind="partnership", icb=orgs["icb_a"]).order_by("name")
    )
    assert len(partnerships) >= 12
    theme = Theme.objects.filter(active=True).order_by("label").first()
    for n, partnership in enumerate(partnerships):
        review = review_factory(
            partnership=partnership, title=f"Child {n}", notification_date=started
        )
        ReviewTheme.objects.create(review=review, theme=theme, is_primary=True)
    services.refresh_figures()
    document = report.themes_and_learning(people["icb_a"], figures.Filters.default())
    html = pdf.report_html(document)
    tables = re.findall(r"<table class=\"data\">.*?</table>", html, re.S)
    by_partnership = [t for t in tables if "Themes by partnership" in t]
    # 12 partnerships and a total: three tables of at most six value columns.
    assert len(by_partnership) == 3
    for table in tables:
        headings = re.findall(r"<th scope=\"col\"", table)
        assert len(headings) - 1 <= pdf.TABLE_VALUE_COLUMNS or "Q1" in table
    text = flat(" ".join(pdf_text(pdf.render_pdf(document))))
    assert "Themes by partnership: the numbers (columns 1 to 6 of 13)" in text
    assert "Themes by partnership: the numbers (continued: columns 7 to 12)" in text
    assert "Themes by partnership: the numbers (continued: column 13)" in text
    # Whole words in the headings: a word broken across lines would read "Blac kburn".
    for partnership in partnerships:
        assert partnership.name in text
    assert "Blackburn with Darwen" in text


def test_a_table_splits_into_pieces_that_repeat_the_row_headings():
    table = Table(
        "Wide",
        ["Theme", *[f"Area {n}" for n in range(1, 14)]],
        [["Neglect", *range(1, 14)], ["Short row", 1]],
        ["A note."],
    )
    pieces = table.column_pieces(6)
    assert [p.caption for p in pieces] == [
        "Wide (columns 1 to 6 of 13)",
        "Wide (continued: columns 7 to 12)",
        "Wide (continued: column 13)",
    ]
    assert [p.headers[0] for p in pieces] == ["Theme"] * 3
    assert pieces[1].headers[1:] == [f"Area {n}" for n in range(7, 13)]
    assert pieces[1].rows[0] == ["Neglect", 7, 8, 9, 10, 11, 12]
    assert pieces[1].rows[1] == ["Short row", None, None, None, None, None, None]
    assert [p.notes for p in pieces] == [[], [], ["A note."]]
    assert table.column_pieces(13) == [table]
