"""My actions as a worklist: filters, counts, order, pages, links, scope and query count."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding.actions.models import Action, Recommendation
from safeguarding.audit.models import AuditEvent
from tests.conftest import sign_in

TODAY = datetime.date(2025, 3, 1)
URL = "/my-actions/"


@pytest.fixture
def travel():
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, 0)):
        yield


def add(recommendation, description, owner, due, status="not_started", **fields):
    return Action.objects.create(
        recommendation=recommendation,
        description=description,
        owner=owner,
        lead=fields.pop("lead", "Designated nurse"),
        due_date=due,
        status=status,
        **fields,
    )


@pytest.fixture
def world(orgs, review_factory):
    """Two reviews of partnership A (Child T, Child R), one of partnership B (Kent)."""
    child_t = review_factory(title="Child T", reference="LSC-T-1")
    child_r = review_factory(title="Child R", reference="LSC-R-2")
    kent = review_factory(partnership=orgs["partnership_b"], title="Child K", reference="KM-K-3")
    rec_t = Recommendation.objects.create(review=child_t, number="1", text="Share information")
    rec_r = Recommendation.objects.create(review=child_r, number="2a", text="Train staff")
    rec_k = Recommendation.objects.create(review=kent, number="1", text="Audit")
    la = orgs["partnership_a"].members.exclude(kind="icb").first() or orgs["partnership_a"]
    return {
        "child_t": child_t,
        "child_r": child_r,
        "kent": kent,
        "la": la,
        "t_late": add(rec_t, "T late", orgs["icb_a"], datetime.date(2025, 2, 20)),
        "t_later": add(rec_t, "T later", orgs["icb_a"], datetime.date(2025, 6, 1)),
        "t_soon": add(rec_t, "T soon", orgs["icb_a"], datetime.date(2025, 3, 10)),
        "t_done": add(
            rec_t,
            "T done",
            orgs["icb_a"],
            datetime.date(2025, 1, 5),
            status="completed",
            evidence_of_completion="Audit report seen by the board\nSecond line",
        ),
        "r_late": add(rec_r, "R late", orgs["icb_a"], datetime.date(2025, 1, 1)),
        "r_partner": add(rec_r, "R partner", la, datetime.date(2025, 2, 1), status="in_progress"),
        "k_late": add(rec_k, "K late", orgs["icb_b"], datetime.date(2025, 1, 2)),
    }


def get(client, query=None):
    response = client.get(URL, query or {})
    assert response.status_code < 500
    return response, response.content.decode()


def shown(body):
    """The descriptions of the rows, in order."""
    return re.findall(r'href="/actions/\d+/">([^<]+)</a>', body)


@pytest.mark.django_db
def test_default_is_my_organisations_open_actions_overdue_first(client, people, world, travel):
    sign_in(client, people["icb_a"])
    response, body = get(client)
    assert response.status_code == 200
    # Overdue (oldest first), then the rest by due date; not completed, not a partner's.
    assert shown(body) == ["R late", "T late", "T soon", "T later"]
    assert "4 actions</strong>:\n  2 overdue, 1 due in the next 4 weeks" in body
    assert "Overdue by 59 days" in body and "Overdue by 9 days" in body
    # Every row is the person's own organisation's: no owner column.
    assert ">Owner</th>" not in body
    assert "All owned by NHS Lancashire" in body


@pytest.mark.django_db
def test_overdue_for_one_review(client, people, world, travel):
    sign_in(client, people["icb_a"])
    _, body = get(client, {"overdue": "1", "review": str(world["child_t"].pk)})
    assert shown(body) == ["T late"]
    assert "1 action</strong>:\n  1 overdue, 0 due" in body
    assert f'href="/reviews/{world["child_t"].pk}/">Child T</a> (LSC-T-1)' in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"review": "LSC-R"}, ["R late"]),
        ({"review": "child t"}, ["T late", "T soon", "T later"]),
        ({"status": "completed"}, ["T done"]),
        ({"status": "any"}, ["R late", "T late", "T done", "T soon", "T later"]),
        ({"status": "in_progress", "owner": "any"}, ["R partner"]),
        ({"owner": "any"}, ["R late", "R partner", "T late", "T soon", "T later"]),
        ({"due_within": "2"}, ["T soon"]),
        (
            {
                **{"due_from[day]": "1", "due_from[month]": "2", "due_from[year]": "2025"},
                **{"due_to[day]": "10", "due_to[month]": "3", "due_to[year]": "2025"},
            },
            ["T late", "T soon"],
        ),
    ],
)
def test_filters(client, people, world, travel, query, expected):
    sign_in(client, people["icb_a"])
    response, body = get(client, query)
    assert response.status_code == 200
    assert shown(body) == expected


@pytest.mark.django_db
def test_owner_filter_and_column(client, people, world, travel):
    sign_in(client, people["icb_a"])
    la = world["la"]
    _, body = get(client, {"owner": str(la.pk)})
    assert shown(body) == ["R partner"]
    assert ">Owner</th>" in body and la.name in body
    _, body = get(client, {"owner": "any"})
    assert "Your organisation" in body  # own rows, beside a partner's
    # Only organisations that own actions in scope are choices: not Kent's ICB.
    assert f'value="{people["icb_b"].organisation_id}"' not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "nonsense"}, "Choose a status from the list"),
        ({"overdue": "yes"}, "Overdue only can only be ticked"),
        ({"due_within": "99"}, "Choose when the actions are due from the list"),
        ({"per_page": "1000"}, "Choose 25 or 50 actions per page"),
        ({"owner": "x"}, "Choose an owning organisation from the list"),
        ({"partnership": "2147483648"}, "Choose a partnership from the list"),
        ({"due_from[day]": "31", "due_from[month]": "2", "due_from[year]": "2025"}, "real date"),
        (
            {"due_from[day]": "1", "due_from[month]": "2", "due_from[year]": "99999999999"},
            "4 numbers",
        ),
        (
            {
                **{"due_from[day]": "10", "due_from[month]": "3", "due_from[year]": "2025"},
                **{"due_to[day]": "1", "due_to[month]": "3", "due_to[year]": "2025"},
            },
            "must be the same as or after",
        ),
        ({"overdue": "1", "due_within": "2"}, "not both"),
        ({"review": "x" * 500}, "120 characters or fewer"),
        ({"review": "a\x00b"}, "Null characters are not allowed"),
    ],
)
def test_a_bad_value_gets_a_message_not_a_server_error(
    client, people, world, travel, query, message
):
    sign_in(client, people["icb_a"])
    response, body = get(client, query)
    assert response.status_code == 400
    assert "There is a problem" in body
    assert message in body
    # The list is still shown, with the valid filters.
    assert re.search(r"\d+ actions?</strong>", body)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["icb_a", "region"])
def test_another_scopes_review_shows_nothing(client, people, world, travel, who):
    sign_in(client, people[who])
    for review in (str(world["kent"].pk), "KM-K-3", "Child K", "99999999999999999999"):
        query = {"review": review, "status": "any"}
        if who == "icb_a":
            query["owner"] = "any"
        response, body = get(client, query)
        assert response.status_code == 200
        assert shown(body) == []
        assert "K late" not in body and "KM-K-3</" not in body
        assert f'href="/reviews/{world["kent"].pk}/"' not in body
        assert "No actions match these filters." in body


@pytest.mark.django_db
def test_regional_user_narrows_by_icb_and_partnership(client, people, orgs, world, travel):
    sign_in(client, people["region"])
    _, body = get(client)
    # Every open action in the region, whoever owns it; not Kent's.
    assert shown(body) == ["R late", "R partner", "T late", "T soon", "T later"]
    assert ">Owner</th>" in body and 'name="icb"' in body and 'name="region"' not in body
    _, body = get(client, {"icb": str(orgs["icb_a"].pk), "overdue": "1"})
    assert shown(body) == ["R late", "R partner", "T late"]
    _, body = get(
        client, {"partnership": str(orgs["partnership_a"].pk), "owner": str(world["la"].pk)}
    )
    assert shown(body) == ["R partner"]
    # Kent's ICB has no actions in this scope: not a choice, so a message and no rows of it.
    response, body = get(client, {"icb": str(orgs["icb_b"].pk)})
    assert response.status_code == 400 and "Choose an ICB from the list" in body
    assert "K late" not in body


@pytest.mark.django_db
def test_national_user_narrows_by_region(client, people, orgs, world, travel):
    sign_in(client, people["national"])
    _, body = get(client, {"overdue": "1"})
    assert shown(body) == ["R late", "K late", "R partner", "T late"]
    _, body = get(client, {"overdue": "1", "region": str(orgs["region_b"].pk)})
    assert shown(body) == ["K late"]


@pytest.mark.django_db
def test_rows_link_to_their_action_and_review_and_show_evidence(client, people, world, travel):
    sign_in(client, people["icb_a"])
    _, body = get(client, {"status": "completed"})
    done = world["t_done"]
    link = reverse("actions:action-detail", args=[done.pk])
    assert f'href="{link}">T done</a>' in body
    assert f'href="/reviews/{world["child_t"].pk}/">Child T</a>' in body
    assert "Recommendation 1" in body
    assert "Evidence recorded" in body and "Audit report seen by the board" in body
    assert "Second line" not in body
    assert "Overdue by" not in body  # a completed action is not overdue


@pytest.mark.django_db
def test_pages_keep_the_filters(client, people, orgs, world, travel):
    recommendation = world["t_late"].recommendation
    for number in range(60):
        add(recommendation, f"Bulk {number:02}", orgs["icb_a"], datetime.date(2025, 4, 1))
    sign_in(client, people["icb_a"])
    query = {"review": "LSC-T", "status": "not_started"}
    _, body = get(client, query)
    assert len(shown(body)) == 25
    assert "63 actions</strong>" in body
    links = set(re.findall(r'href="(\?[^"]*page=\d+[^"]*)"', body))
    assert links, "the pagination links"
    for link in links:
        assert "review=LSC-T" in link and "status=not_started" in link
    _, page_three = get(client, {**query, "page": "3"})
    assert len(shown(page_three)) == 13
    _, fifty = get(client, {**query, "per_page": "50"})
    assert len(shown(fifty)) == 50


@pytest.mark.django_db
def test_the_list_is_audited_with_its_filters(client, people, world, travel):
    sign_in(client, people["icb_a"])
    get(client, {"overdue": "1", "review": str(world["child_t"].pk), "status": "bad"})
    event = AuditEvent.objects.filter(object_type="list").latest("id")
    assert event.object_label == "my actions"
    assert event.details["filters"] == {
        "overdue": True,
        "review": str(world["child_t"].pk),
        "per_page": 25,
    }


def count_queries(client, query):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, query)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["icb_a", "national"])
def test_query_count_does_not_grow_with_rows(client, people, orgs, world, travel, who):
    sign_in(client, people[who])
    query = {"status": "any", "owner": "any"} if who == "icb_a" else {"status": "any"}
    few = count_queries(client, query)
    for number in range(30):
        review = world["child_t"] if number % 2 else world["child_r"]
        recommendation = Recommendation.objects.create(review=review, number=f"x{number}", text="x")
        add(recommendation, f"More {number}", world["la"] if number % 3 else orgs["icb_a"], TODAY)
    many = count_queries(client, query)
    assert many == few
    assert many <= 20


@pytest.mark.django_db
def test_a_review_page_links_to_all_of_its_actions_in_the_worklist(client, people, world, travel):
    sign_in(client, people["icb_a"])
    review = world["child_t"]
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    link = f"/my-actions/?review={review.pk}&amp;status=any&amp;owner=any"
    assert f'href="{link}"' in page
    response, body = get(client, {"review": review.pk, "status": "any", "owner": "any"})
    assert response.status_code == 200
    assert "T done" in body and "T late" in body and "R late" not in body
