import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from safeguarding.audit.models import AuditEvent
from safeguarding.reviews.models import Review, ReviewTheme
from safeguarding.reviews.services import EDITABLE_FIELDS
from safeguarding.spreadsheets import columns, services
from safeguarding.themes.models import Theme

from .conftest import upload_file

pytestmark = pytest.mark.django_db


def add_review(partnership, themes=(), other=(), **fields):
    review = Review.objects.create(
        partnership=partnership,
        icb=partnership.icb,
        region=partnership.region,
        **fields,
    )
    for code in themes:
        ReviewTheme.objects.create(
            review=review, theme=Theme.objects.get(code=code), is_primary=True
        )
    for code in other:
        ReviewTheme.objects.create(review=review, theme=Theme.objects.get(code=code))
    return review


@pytest.fixture
def reviews(orgs):
    rapid = add_review(
        orgs["hartlepool_scp"],
        title="Child K",
        review_type="rapid",
        reference="RR-7",
        steis_number="2023/1234",
        notification_date=datetime.date(2023, 2, 1),
        start_date=datetime.date(2023, 2, 3),
        themes=["neglect"],
    )
    lcspr = add_review(
        orgs["hartlepool_scp"],
        title="Child K",
        review_type="lcspr",
        reference="LC-7",
        converted_from=rapid,
        designated_professional="Designated nurse",
        case_information='Line one\nline two, with "quotes"',
        comments='=HYPERLINK("http://evil")',
        incident_date=datetime.date(2023, 1, 20),
        decision_date=datetime.date(2023, 3, 1),
        signed_off_date=datetime.date(2023, 9, 1),
        published_date=datetime.date(2023, 10, 2),
        publication_status="published",
        publication_url="https://example.org/child-k",
        referral_source="police",
        method="systems",
        inquest="concluded",
        criminal_proceedings="pending",
        learning_summary="Think family",
        themes=["neglect", "information-sharing"],
        other=["think-family", "education"],
    )
    sab = add_review(
        orgs["hartlepool_sab"],
        title="Adult M",
        review_type="sar",
        reference="SAR-2",
        scope_start=datetime.date(2021, 1, 1),
        scope_end=datetime.date(2022, 1, 1),
        themes=["self-neglect"],
    )
    london = add_review(
        orgs["camden_scp"], title="Child LONDON", review_type="lcspr", reference="CAM-1"
    )
    return {"rapid": rapid, "lcspr": lcspr, "sab": sab, "london": london}


def snapshot(review):
    values = {}
    for name in EDITABLE_FIELDS:
        value = getattr(review, name)
        if name == "converted_from":
            value = value.reference if value else None
        values[name] = value
    values["primary"] = sorted(t.code for t in review.primary_themes)
    values["other"] = sorted(t.code for t in review.secondary_themes)
    return values


def read_csv(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_xlsx(content):
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_fields(icb_user, reviews, fmt):
    mine = [reviews["rapid"], reviews["lcspr"], reviews["sab"]]
    before = {r.reference: snapshot(r) for r in mine}
    content, file_name, _ = services.export_reviews(icb_user, "tracker", fmt, {})
    assert file_name.endswith(f".{fmt}")
    rows = read_csv(content) if fmt == "csv" else read_xlsx(content)
    assert rows[0] == [c.header for c in columns.TRACKER_COLUMNS]
    assert len(rows) == 4  # the London review is not there

    ReviewTheme.objects.all().delete()
    Review.objects.filter(converted_from__isnull=False).delete()
    Review.objects.filter(pk__in=[r.pk for r in mine]).delete()

    batch = services.upload(icb_user, upload_file(content, file_name))
    assert batch.mapping == {c.header: c.key for c in columns.TRACKER_COLUMNS}
    outcome = services.commit(icb_user, batch.pk)
    assert outcome.ok, outcome.errors
    after = {r.reference: snapshot(r) for r in Review.objects.filter(source=f"import:{batch.pk}")}
    assert after == before


def test_csv_export_guards_against_formulas(icb_user, reviews):
    content, _, _ = services.export_reviews(icb_user, "tracker", "csv", {})
    rows = read_csv(content)
    comments = rows[0].index("Comments")
    assert rows[2][comments] == '\'=HYPERLINK("http://evil")'


def test_scrt_layout_columns(icb_user, reviews):
    content, _, _ = services.export_reviews(icb_user, "scrt", "xlsx", {})
    rows = read_xlsx(content)
    assert rows[0] == [
        "StEIS number",
        "Local reference",
        "Status",
        "Date of incident",
        "Date added",
        "Designated professional",
        "Safeguarding partnership board",
        "Case information",
        "Theme 1",
        "Theme 2",
        "Theme 3",
        "Type of review",
        "Report signed off date",
        "Comments",
        "Publication date",
        "Publication link",
        "Current stage",
    ]
    by_reference = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_reference) == {"RR-7", "LC-7", "SAR-2"}
    lcspr = by_reference["LC-7"]
    assert lcspr["Status"] == "Closed"
    assert lcspr["Type of review"] == "Converted"
    assert lcspr["Date of incident"] == datetime.datetime(2023, 1, 20)
    assert lcspr["Date added"] == datetime.datetime(2023, 3, 1)
    assert lcspr["Safeguarding partnership board"] == "Hartlepool Safeguarding Children Partnership"
    assert {lcspr["Theme 1"], lcspr["Theme 2"]} == {"Neglect", "Information sharing"}
    assert lcspr["Theme 3"] in {
        "Think family: whole family, fathers and men",
        "Education and children not in school",
    }
    assert lcspr["Current stage"] == "Published"
    assert lcspr["Publication link"] == "https://example.org/child-k"
    assert lcspr["Comments"] == '=HYPERLINK("http://evil")'  # a text cell, not a formula
    rapid = by_reference["RR-7"]
    assert rapid["StEIS number"] == "2023/1234"
    assert rapid["Status"] == "Open"
    assert rapid["Type of review"] == "Rapid review"
    assert rapid["Theme 2"] is None


def test_icb_user_export_has_no_other_region_review_and_is_audited(
    client, london_user, icb_user, reviews
):
    client.force_login(icb_user)
    response = client.get(reverse("spreadsheets:export"), {"layout": "scrt", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="reviews-scrt-')
    text = response.content.decode("utf-8-sig")
    assert "Child LONDON" not in text and "CAM-1" not in text
    assert "LC-7" in text
    event = AuditEvent.objects.get(action="export")
    assert event.username == icb_user.username
    assert event.details["count"] == 3 and event.details["layout"] == "scrt"

    client.force_login(london_user)
    text = client.get(
        reverse("spreadsheets:export"), {"layout": "tracker", "format": "csv"}
    ).content.decode("utf-8-sig")
    assert "CAM-1" in text and "LC-7" not in text


def test_export_filters_and_reader_may_export(client, reader, reviews):
    client.force_login(reader)
    response = client.get(
        reverse("spreadsheets:export"),
        {"layout": "tracker", "format": "xlsx", "review_type": "sar", "status": "open"},
    )
    assert response.status_code == 200
    rows = read_xlsx(response.content)
    assert [row[0] for row in rows[1:]] == ["Adult M"]


def test_bad_export_choices_are_a_form_error(client, icb_user, reviews):
    client.force_login(icb_user)
    response = client.get(reverse("spreadsheets:export"), {"layout": "pdf", "format": "doc"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose a layout" in body and "Choose a file type" in body
    assert not AuditEvent.objects.filter(action="export").exists()


def test_home_page(client, icb_user):
    client.force_login(icb_user)
    response = client.get(reverse("spreadsheets:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Import a tracker spreadsheet" in body and "Export reviews" in body


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_dates_known_only_to_the_month_or_year_are_written_as_known(icb_user, orgs, fmt):
    add_review(
        orgs["hartlepool_sab"],
        title="Adult P",
        review_type="sar",
        reference="SAR-9",
        incident_date=datetime.date(2021, 3, 1),
        decision_date=datetime.date(2021, 6, 14),
        scope_start=datetime.date(2019, 1, 1),
        date_precision={"incident_date": "month", "scope_start": "year"},
    )
    for layout in ("tracker", "scrt"):
        content, _, _ = services.export_reviews(icb_user, layout, fmt, {})
        rows = read_csv(content) if fmt == "csv" else read_xlsx(content)
        row = dict(zip(rows[0], rows[1], strict=False))  # XLSX may drop empty tail cells
        assert row["Date of incident"] == "March 2021"
        decision = row["Date of decision to review" if layout == "tracker" else "Date added"]
        assert decision == ("2021-06-14" if fmt == "csv" else datetime.datetime(2021, 6, 14))
        if layout == "tracker":
            assert row["Scope period from"] == "2019"
