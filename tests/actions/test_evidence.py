"""Issue 17 point 1: evidence that a recommendation was met can be read back, by the ICB
that recorded it and by the region and NHS England, on the action page, the recommendation
page, the review page, the records behind a dashboard figure and the tracker export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from safeguarding.actions.models import Action, Recommendation
from safeguarding.audit.models import AuditEvent
from safeguarding.dashboard import services as dashboard_services
from safeguarding.spreadsheets import exporting
from safeguarding.themes.models import Theme
from tests.conftest import sign_in

from .test_actions import action_post

COMPLETION = "Audit of 40 strategy meetings completed.\nReport taken to the board in May"
IMPACT = "+30% of referrals now name the GP practice; families say they are told once"
LONG_WORD = "https://example.org/" + "x" * 150

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(orgs, review_factory):
    review = review_factory(
        title="Child E",
        reference="CSPR-E1",
        notification_date=timezone.localdate() - datetime.timedelta(days=40),
    )
    recommendation = Recommendation.objects.create(
        review=review, number="2a", text="Share information at strategy meetings"
    )
    recommendation.themes.set([Theme.objects.get(code="information-sharing")])
    return Action.objects.create(
        recommendation=recommendation,
        description="Audit information sharing at strategy meetings",
        owner=orgs["icb_a"],
        lead="Designated nurse for safeguarding children",
        due_date=datetime.date(2025, 6, 30),
        rag="amber",
    )


@pytest.fixture
def closed(client, people, orgs, action):
    """The ICB closes the action with evidence through the edit form."""
    sign_in(client, people["icb_a"])
    response = client.post(
        reverse("actions:action-edit", args=[action.pk]),
        action_post(
            orgs["icb_a"],
            status="closed_with_evidence",
            rag="green",
            evidence_of_completion=COMPLETION,
            evidence_of_impact=IMPACT,
            version="1",
        ),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "closed_with_evidence"
    assert action.evidence_of_completion.splitlines() == COMPLETION.splitlines()
    client.logout()
    return action


def html_of(client, name, pk):
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def read_csv(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def by_header(rows):
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


@pytest.mark.parametrize("reader", ["region", "national"])
def test_oversight_reads_the_evidence_on_every_page(client, people, closed, reader):
    sign_in(client, people[reader])
    completion_html = "Audit of 40 strategy meetings completed.<br>Report taken to the board in May"

    page = html_of(client, "actions:action-detail", closed.pk)
    assert completion_html in page
    assert IMPACT in page
    assert "Closed with evidence" in page and "Green" in page
    assert "Designated nurse for safeguarding children" in page
    assert "NHS Lancashire and South Cumbria Integrated Care Board" in page
    assert "30 June 2025" in page  # due date
    assert timezone.localdate().strftime("%-d %B %Y") in page  # date completed
    # Oversight roles cannot edit, so no Change link to a form that would be 403.
    assert reverse("actions:action-edit", args=[closed.pk]) not in page
    assert client.get(reverse("actions:action-edit", args=[closed.pk])).status_code == 403

    recommendation = html_of(client, "actions:recommendation-detail", closed.recommendation_id)
    assert completion_html in recommendation and IMPACT in recommendation
    assert reverse("actions:action-detail", args=[closed.pk]) in recommendation

    review = html_of(client, "reviews:detail", closed.recommendation.review_id)
    assert completion_html in review and IMPACT in review
    assert reverse("actions:action-detail", args=[closed.pk]) in review


@pytest.mark.parametrize("reader", ["region", "national"])
def test_oversight_reads_the_evidence_in_the_xlsx_export(client, people, closed, reader):
    sign_in(client, people[reader])
    response = client.get(reverse("spreadsheets:export"), {"layout": "tracker", "format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Reviews", "Recommendations and actions"]
    sheet = workbook["Recommendations and actions"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == list(exporting.RECOMMENDATION_HEADERS)
    [row] = by_header(rows)
    assert row["Review reference"] == "CSPR-E1" and row["Review title"] == "Child E"
    assert row["Recommendation number"] == "2a"
    assert row["Themes"] == "Information sharing"
    assert row["Action"] == "Audit information sharing at strategy meetings"
    assert row["Owning organisation"] == "NHS Lancashire and South Cumbria Integrated Care Board"
    assert row["Status"] == "Closed with evidence" and row["RAG rating"] == "Green"
    assert row["Due date"] == datetime.datetime(2025, 6, 30)
    assert row["Date completed"] == datetime.datetime.combine(timezone.localdate(), datetime.time())
    assert row["Evidence of completion"].splitlines() == COMPLETION.splitlines()
    # A text cell, never a formula, though it starts with "+".
    assert row["Evidence of impact"] == IMPACT
    cell = sheet.cell(row=2, column=rows[0].index("Evidence of impact") + 1)
    assert cell.data_type == "s"
    event = AuditEvent.objects.filter(action="export").latest("id")
    assert event.username == reader and event.details["recommendation_rows"] == 1


@pytest.mark.parametrize("reader", ["region", "national"])
def test_oversight_reads_the_evidence_in_the_csv_export(client, people, closed, reader):
    sign_in(client, people[reader])
    response = client.get(
        reverse("spreadsheets:export"),
        {"layout": "tracker", "format": "csv", "sheet": "recommendations"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="recommendations-and-actions-'
    )
    rows = read_csv(response.content)
    assert rows[0] == list(exporting.RECOMMENDATION_HEADERS)
    [row] = by_header(rows)
    assert row["Evidence of completion"].splitlines() == COMPLETION.splitlines()
    assert row["Evidence of impact"] == "'" + IMPACT  # guarded against formula injection
    assert row["Date completed"] == timezone.localdate().isoformat()
    assert row["Status"] == "Closed with evidence"
    event = AuditEvent.objects.filter(action="export").latest("id")
    assert (event.username, event.object_type) == (reader, "recommendation")
    assert event.details["count"] == 1 and event.details["sheet"] == "recommendations"


def test_the_export_of_recommendations_is_scoped(client, people, orgs, closed, review_factory):
    other = review_factory(partnership=orgs["partnership_b"], title="Child KENT")
    Recommendation.objects.create(review=other, number="1", text="Kent recommendation")
    sign_in(client, people["icb_b"])
    for fmt in ("csv", "xlsx"):
        response = client.get(
            reverse("spreadsheets:export"),
            {"layout": "tracker", "format": fmt, "sheet": "recommendations"},
        )
        assert response.status_code == 200
        if fmt == "csv":
            rows = read_csv(response.content)
        else:
            sheet = load_workbook(io.BytesIO(response.content))["Recommendations and actions"]
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        titles = [row["Review title"] for row in by_header(rows)]
        assert titles == ["Child KENT"], fmt  # a recommendation without actions: one row
    sign_in(client, people["region"])  # North West: Kent is not in its region
    response = client.get(reverse("spreadsheets:export"), {"layout": "tracker", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content))["Recommendations and actions"]
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["Child E"]


def test_an_unknown_sheet_is_a_form_error(client, people, closed):
    sign_in(client, people["national"])
    response = client.get(
        reverse("spreadsheets:export"), {"layout": "tracker", "format": "csv", "sheet": "x"}
    )
    assert response.status_code == 400
    assert "Choose reviews, or recommendations and actions" in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_control_characters_in_evidence_do_not_break_the_workbook(client, people, action):
    Action.objects.filter(pk=action.pk).update(evidence_of_completion="Pasted\x0bfrom Word\x01")
    sign_in(client, people["national"])
    response = client.get(reverse("spreadsheets:export"), {"layout": "tracker", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Recommendations and actions"]
    [row] = by_header([list(r) for r in sheet.iter_rows(values_only=True)])
    assert row["Evidence of completion"] == "Pastedfrom Word"


def test_another_icb_gets_404_on_the_action_page_and_it_is_audited(client, people, closed):
    sign_in(client, people["icb_b"])
    url = reverse("actions:action-detail", args=[closed.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    event = AuditEvent.objects.filter(action="not_found").latest("id")
    assert (event.username, event.object_type, event.object_id) == (
        "icb-b",
        "action",
        str(closed.pk),
    )


def test_reading_the_action_page_is_audited_and_editors_get_change_links(client, people, closed):
    sign_in(client, people["icb_a"])
    page = html_of(client, "actions:action-detail", closed.pk)
    event = AuditEvent.objects.filter(action="view").latest("id")
    assert (event.username, event.object_type, event.object_id) == (
        "icb-a",
        "action",
        str(closed.pk),
    )
    edit = reverse("actions:action-edit", args=[closed.pk])
    assert f'href="{edit}#id_evidence_of_completion"' in page
    assert f'href="{edit}#id_evidence_of_impact"' in page
    # A POST changes nothing: back to the page.
    response = client.post(reverse("actions:action-detail", args=[closed.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:action-detail", args=[closed.pk])


def test_long_evidence_wraps_and_is_escaped(client, people, action):
    Action.objects.filter(pk=action.pk).update(
        evidence_of_completion=f"<script>alert(1)</script>\n{LONG_WORD}",
        status="completed",
    )
    sign_in(client, people["region"])
    page = html_of(client, "actions:action-detail", action.pk)
    assert "<script>alert(1)</script>" not in page
    assert (
        f'<div class="app-break-word">&lt;script&gt;alert(1)&lt;/script&gt;<br>{LONG_WORD}</div>'
        in page
    )
    assert "Not recorded" in page  # no evidence of impact yet


def test_the_action_records_page_links_each_action_and_its_evidence(client, people, closed):
    dashboard_services.refresh_figures()
    sign_in(client, people["icb_a"])
    response = client.get(reverse("dashboard:actions"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("actions:action-detail", args=[closed.pk])}"' in html
    assert "Audit of 40 strategy meetings completed." in html
    assert IMPACT[:60] in html
