"""Search by keyword and by meaning, always within the person's scope."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguarding.actions import services as action_services
from safeguarding.actions.models import Recommendation
from safeguarding.audit.models import AuditEvent
from safeguarding.reviews import services as review_services
from safeguarding.reviews.models import ReviewTheme
from safeguarding.search import services
from safeguarding.search.highlight import terms
from safeguarding.search.models import Passage
from safeguarding.themes.models import Theme
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

PARTNER = (
    "Practitioners never established the identity of the mother's boyfriend, although he "
    "had moved into the household some months earlier."
)
SCHOOL = "The school nurse completed the annual health assessment on time and shared it."
GP = "Records of missed immunisations were sent to the GP practice promptly."


def indexed(review_factory, **fields):
    review = review_factory(**fields)
    services.index_review(review)
    return review


def recommend(review, text, number="1"):
    recommendation = Recommendation.objects.create(review=review, number=number, text=text)
    services.index_recommendation(recommendation)
    return recommendation


def titles(results):
    return [hit.passage.review.title for hit in results.hits]


# --- keyword ---------------------------------------------------------------------------------


def test_keyword_search_finds_and_highlights_the_words(people, review_factory):
    indexed(review_factory, title="Child K", case_information=f"{PARTNER}\n\n{SCHOOL}")
    indexed(review_factory, title="Child L", case_information=GP)
    results = services.search(people["icb_a"], "the boyfriend household")
    assert results.total == 1
    hit = results.hits[0]
    assert hit.passage.review.title == "Child K"
    assert hit.source_label == "Case information"
    assert "<mark>boyfriend</mark>" in hit.html and "<mark>household</mark>" in hit.html
    assert "<mark>the</mark>" not in hit.html  # stop words are neither searched nor marked


def test_keyword_search_matches_word_forms(people, review_factory):
    indexed(review_factory, case_information="Nobody asked about the new partner.")
    results = services.search(people["icb_a"], "asking partners")
    assert results.total == 1
    assert "<mark>asked</mark>" in results.hits[0].html


def test_highlight_escapes_everything_else(people, review_factory, client):
    indexed(
        review_factory,
        case_information='<script>alert("x")</script> partner & <b>friend</b>',
    )
    results = services.search(people["icb_a"], "partner")
    html = results.hits[0].html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&amp;" in html and "<mark>partner</mark>" in html
    sign_in(client, people["icb_a"])
    page = client.get("/search/", {"q": "partner"}).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_keyword_search_is_paginated(people, review_factory):
    for i in range(services.PAGE_SIZE + 3):
        indexed(review_factory, title=f"Child {i}", case_information=f"Bruising seen {i}.")
    first = services.search(people["icb_a"], "bruising")
    second = services.search(people["icb_a"], "bruising", page=2)
    assert first.total == second.total == services.PAGE_SIZE + 3
    assert (len(first.hits), len(second.hits), first.pages) == (services.PAGE_SIZE, 3, 2)
    assert not {h.passage.pk for h in first.hits} & {h.passage.pk for h in second.hits}


# --- meaning ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoder", ["static", "minilm-onnx"])
def test_meaning_search_finds_a_paraphrase_with_no_shared_words(
    people, review_factory, settings, encoder
):
    settings.SEARCH_ENCODER = encoder
    query = "nobody asked who the new partner was"
    shared = set(terms(query)) & {w.lower().strip(".,'") for w in PARTNER.split()}
    assert shared == set()
    indexed(review_factory, title="Child K", case_information=PARTNER)
    indexed(review_factory, title="Child L", case_information=f"{SCHOOL}\n\n{GP}")
    assert services.search(people["icb_a"], query).total == 0  # no words in common
    results = services.search(people["icb_a"], query, mode="meaning")
    assert results.hits[0].passage.review.title == "Child K"
    assert results.hits[0].html.startswith("<mark>")


def test_meaning_search_marks_the_best_sentence(people, review_factory):
    indexed(review_factory, case_information=f"{SCHOOL} {PARTNER} {GP}")
    results = services.search(people["icb_a"], PARTNER, mode="meaning")
    assert f"<mark>{PARTNER.replace(chr(39), '&#39;')}</mark>" in results.hits[0].html


# --- scope and filters -----------------------------------------------------------------------


def test_another_icbs_passages_never_appear(people, orgs, review_factory):
    indexed(review_factory, title="Child A", case_information=PARTNER)
    other = indexed(
        review_factory, partnership=orgs["partnership_b"], title="Child B", case_information=PARTNER
    )
    recommend(other, "Ask who the mother's boyfriend is.")
    for mode in ("keyword", "meaning"):
        for person, expected in (
            ("icb_a", ["Child A"]),
            ("region", ["Child A"]),
            ("icb_b", ["Child B", "Child B"]),
        ):
            results = services.search(people[person], "the mother's boyfriend", mode=mode)
            assert sorted(titles(results)) == expected, (mode, person)
            assert results.total == len(expected)
        national = services.search(people["national"], "mother's boyfriend", mode=mode)
        assert set(titles(national)) == {"Child A", "Child B"}


def test_every_filter(people, orgs, review_factory):
    theme = Theme.objects.order_by("code").first()
    a = indexed(
        review_factory,
        title="Child A",
        review_type="rapid",
        case_information="Bruising was seen.",
        notification_date=datetime.date(2024, 1, 10),
    )
    ReviewTheme.objects.create(review=a, theme=theme, is_primary=True)
    indexed(
        review_factory,
        partnership=orgs["partnership_a_sab"],
        title="Adult B",
        review_type="sar",
        case_information="Bruising was seen.",
        notification_date=datetime.date(2025, 6, 1),
    )
    c = indexed(
        review_factory,
        partnership=orgs["partnership_b"],
        title="Child C",
        review_type="rapid",
        case_information="Bruising was seen.",
        notification_date=datetime.date(2025, 6, 1),
    )
    recommend(c, "Relaunch the bruising protocol.")
    national = people["national"]

    def found(**filters):
        return sorted(set(titles(services.search(national, "bruising", **filters))))

    assert found() == ["Adult B", "Child A", "Child C"]
    assert found(review_type="sar") == ["Adult B"]
    assert found(region=orgs["region_b"]) == ["Child C"]
    assert found(icb=orgs["icb_a"]) == ["Adult B", "Child A"]
    assert found(date_from=datetime.date(2025, 1, 1)) == ["Adult B", "Child C"]
    assert found(date_to=datetime.date(2024, 12, 31)) == ["Child A"]
    assert found(theme=theme) == ["Child A"]
    assert found(source_type="recommendation") == ["Child C"]
    assert found(mode="meaning", review_type="sar") == ["Adult B"]
    assert found(mode="meaning", source_type="recommendation") == ["Child C"]


def test_the_search_page(client, people, orgs, review_factory):
    indexed(review_factory, title="Child A", case_information="Bruising was seen.")
    sign_in(client, people["icb_a"])
    page = client.get("/search/")
    assert page.status_code == 200 and 'href="/search/"' in page.content.decode()
    response = client.get("/search/", {"q": "bruising", "mode": "meaning"})
    assert response.status_code == 200
    assert "Child A" in response.content.decode()


def test_a_from_date_after_the_to_date_is_an_error(client, people):
    sign_in(client, people["icb_a"])
    response = client.get(
        "/search/",
        {
            "q": "bruising",
            "date_from[day]": "2",
            "date_from[month]": "2",
            "date_from[year]": "2025",
            "date_to[day]": "1",
            "date_to[month]": "1",
            "date_to[year]": "2025",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and 'href="#id_date_from-day"' in body
    assert not AuditEvent.objects.filter(object_type="search").exists()


def test_an_icb_outside_scope_cannot_be_chosen(client, people, orgs):
    sign_in(client, people["icb_a"])
    response = client.get("/search/", {"q": "bruising", "icb": orgs["icb_b"].pk})
    assert response.status_code == 400


def test_each_search_is_audited_without_its_words(people, review_factory):
    indexed(review_factory, case_information="Mr Example moved into the household.")
    services.search(people["icb_a"], "Example household", review_type="rapid")
    event = AuditEvent.objects.filter(object_type="search").get()
    assert event.username == "icb-a" and event.action == "view"
    assert event.details["results"] == 1 and event.details["mode"] == "keyword"
    assert event.details["filters"]["review_type"] == "rapid"
    assert "Example" not in str(event.details) + event.object_label


def test_the_search_page_makes_a_fixed_number_of_queries(client, people, review_factory):
    sign_in(client, people["icb_a"])

    def count(mode):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": "bruising", "mode": mode})
        assert response.status_code == 200
        return len(captured)

    for i in range(2):
        review = indexed(review_factory, title=f"Child {i}", case_information="Bruising.")
        recommend(review, "Relaunch the bruising protocol.")
    few = {mode: count(mode) for mode in ("keyword", "meaning")}
    for i in range(8):
        review = indexed(review_factory, title=f"Child x{i}", case_information="Bruising.")
        recommend(review, "Relaunch the bruising protocol.")
    many = {mode: count(mode) for mode in ("keyword", "meaning")}
    assert many == few


# --- indexing --------------------------------------------------------------------------------


def test_services_index_after_commit(people, orgs, django_capture_on_commit_callbacks):
    user = people["icb_a"]
    with django_capture_on_commit_callbacks(execute=True):
        review = review_services.create_review(
            user,
            {
                "title": "Child Q",
                "review_type": "rapid",
                "partnership": orgs["partnership_a"],
                "case_information": "Neglect of dental care.",
            },
        )
    assert Passage.objects.filter(source_type="review", source_id=review.pk).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        recommendation = action_services.add_recommendation(
            user, review.pk, {"number": "1", "text": "Dentists should report neglect."}
        )
    assert services.search(user, "dentists").hits[0].passage.source_id == recommendation.pk
    with django_capture_on_commit_callbacks(execute=True):
        action_services.update_recommendation(
            user, recommendation.pk, {"number": "1", "text": "Orthodontists too."}, 1
        )
    assert services.search(user, "dentists").total == 0
    assert services.search(user, "orthodontists").total == 1
    with django_capture_on_commit_callbacks(execute=True):
        review_services.update_review(user, review.pk, {"case_information": "Bruising."}, 1)
    assert services.search(user, "neglect").total == 0
    assert services.search(user, "bruising").total == 1


def test_unchanged_text_is_not_encoded_again(review_factory):
    review = review_factory(case_information="Bruising.")
    assert services.index_review(review) == 2
    first = set(Passage.objects.values_list("pk", flat=True))
    assert services.index_review(review) == 0
    assert set(Passage.objects.values_list("pk", flat=True)) == first


def test_documents_are_indexed_page_by_page(people, review_factory):
    review = review_factory()
    pages = [
        SimpleNamespace(number=1, text="Executive summary.\n\nThe review concerns Baby T."),
        SimpleNamespace(number=2, text="Bruising in a non-mobile baby was not referred."),
    ]
    document = SimpleNamespace(
        pk=41, review=review, review_id=review.pk, pages=SimpleNamespace(all=lambda: pages)
    )
    assert services.index_document(document) == 3
    hit = services.search(people["icb_a"], "bruising").hits[0]
    assert (hit.passage.source_type, hit.passage.page) == ("document", 2)
    assert hit.source_label == "Report, page 2"
    assert hit.link.endswith("#page-2") or hit.link == f"/reviews/{review.pk}/"
    services.unindex_document(document)
    assert services.search(people["icb_a"], "bruising").total == 0


def test_reindex_command(people, review_factory):
    review = review_factory(case_information="Bruising.")
    recommend(review, "Relaunch the bruising protocol.")
    Passage.objects.all().delete()
    call_command("reindex", "--changed", stdout=__import__("io").StringIO())
    assert services.search(people["icb_a"], "bruising").total == 2
    call_command("reindex", stdout=__import__("io").StringIO())
    assert services.search(people["icb_a"], "bruising").total == 2
