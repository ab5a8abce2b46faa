"""A tracker as teams keep it: title rows, S-CRT headings, local names, choices kept."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from safeguarding.audit.models import AuditEvent
from safeguarding.organisations.models import OrganisationAlias
from safeguarding.reviews.models import Review
from safeguarding.spreadsheets import services
from safeguarding.spreadsheets.models import ImportChoices

from .conftest import CAMDEN_SCP, HARTLEPOOL_SAB, HARTLEPOOL_SCP, upload_file

pytestmark = pytest.mark.django_db

HEADER = "Local reference,Type of review,Safeguarding Partnership Board,Theme 1,Theme 2,Date Added"


def tracker(*rows):
    lines = ["Hartlepool reviews tracker,,,,,", "Kept by the designated nurse,,,,,", ",,,,,"]
    lines.append(HEADER)
    lines += rows
    return ("\r\n".join(lines) + "\r\n").encode()


ROWS = (
    "H-1,CSPR,Hartlepool SCP,Domestic abuse,Neglect,March 2021",
    "H-2,Child practice review,Hartlepool SCP,Think family,,15/04/2021",
    f"H-3,SAR,{HARTLEPOOL_SAB},Self-neglect,,2022",
)


def test_a_messy_tracker_from_upload_to_import(icb_user, orgs):
    batch = services.upload(icb_user, upload_file(tracker(*ROWS)))
    assert batch.header_line == 4 and batch.row_count == 3
    assert batch.mapping["Theme 2"] == "primary_themes"
    questions = services.value_questions(icb_user, batch)
    asked = {(q["field"], q["value"]): q for q in questions}
    assert set(asked) == {
        ("review_type", "Child practice review"),
        ("partnership", "Hartlepool SCP"),
    }
    assert asked[("partnership", "Hartlepool SCP")]["lines"] == [5, 6]
    assert HARTLEPOOL_SCP in asked[("partnership", "Hartlepool SCP")]["suggestions"]
    assert CAMDEN_SCP not in asked[("partnership", "Hartlepool SCP")]["options"]

    batch = services.save_values(
        icb_user,
        batch.pk,
        {
            "review_type": {"Child practice review": "lcspr"},
            "partnership": {"Hartlepool SCP": HARTLEPOOL_SCP},
        },
        batch.version,
    )
    alias = OrganisationAlias.objects.get()
    assert alias.organisation == orgs["hartlepool_scp"] and alias.name == "Hartlepool SCP"
    assert AuditEvent.objects.filter(action="create", object_type="organisationalias").exists()

    result = services.dry_run(icb_user, batch.pk)
    assert result.ok, result.errors
    assert [row.data["title"] for row in result.preview] == [
        "LCSPR H-1",
        "LCSPR H-2",
        "SAR H-3",
    ]
    outcome = services.commit(icb_user, batch.pk)
    assert outcome.ok and len(outcome.created) == 3
    first = Review.objects.get(reference="H-1")
    assert first.decision_date.isoformat() == "2021-03-01"
    assert first.date_precision == {"decision_date": "month"}
    assert Review.objects.get(reference="H-3").date_precision == {"decision_date": "year"}


def test_choices_are_kept_for_the_organisations_next_upload(icb_user):
    batch = services.upload(icb_user, upload_file(tracker(*ROWS)))
    services.save_mapping(
        icb_user, batch.pk, {**batch.mapping, "Theme 2": "other_themes"}, batch.version
    )
    batch.refresh_from_db()
    services.save_values(
        icb_user, batch.pk, {"review_type": {"Child practice review": "lcspr"}}, batch.version
    )
    saved = ImportChoices.objects.get(organisation=icb_user.organisation)
    assert saved.columns["Theme 2"] == "other_themes"
    assert saved.values == {"review_type": {"Child practice review": "lcspr"}}
    assert AuditEvent.objects.filter(object_type="importchoices", action="change").count() == 2

    again = services.upload(icb_user, upload_file(tracker(*ROWS), "next.csv"))
    assert again.mapping["Theme 2"] == "other_themes"
    questions = services.value_questions(icb_user, again)
    assert [(q["field"], q["value"]) for q in questions] == [("partnership", "Hartlepool SCP")]


def test_a_partnership_choice_outside_the_persons_scope_is_refused(icb_user):
    batch = services.upload(icb_user, upload_file(tracker(*ROWS)))
    with pytest.raises(services.ChoicesError) as error:
        services.save_values(
            icb_user, batch.pk, {"partnership": {"Hartlepool SCP": CAMDEN_SCP}}, batch.version
        )
    assert "not a partnership you can record reviews for" in error.value.errors[0]
    assert not OrganisationAlias.objects.exists()
    with pytest.raises(services.ChoicesError):
        services.save_values(
            icb_user, batch.pk, {"review_type": {"Child practice review": "nonsense"}}, 1
        )


def test_the_values_page_and_the_choices_file(client, icb_user):
    client.force_login(icb_user)
    response = client.post(reverse("spreadsheets:upload"), {"file": upload_file(tracker(*ROWS))})
    batch = services.batches_for(icb_user).get()
    mapping_page = client.get(response["Location"])
    body = mapping_page.content.decode()
    assert "the column headings on row <strong>4</strong>" in body
    saved = client.post(
        response["Location"],
        {"version": batch.version}
        | {f"column_{i}": batch.mapping.get(heading, "") for i, heading in enumerate(batch.header)},
    )
    assert saved["Location"] == reverse("spreadsheets:values", args=[batch.pk])
    page = client.get(saved["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "&#39;Hartlepool SCP&#39;" in body and "2 rows: lines 5, 6" in body
    batch.refresh_from_db()
    meanings = {"review_type": "lcspr", "partnership": HARTLEPOOL_SCP}
    answers = {
        f"value_{i}": meanings[q["field"]]
        for i, q in enumerate(services.value_questions(icb_user, batch))
    }
    posted = client.post(saved["Location"], {"version": batch.version, **answers})
    assert posted.status_code == 302, posted.content.decode()[:2000]
    check = client.get(posted["Location"])
    assert "3 reviews are ready to import" in check.content.decode()
    assert "LCSPR H-1" in check.content.decode()

    download = client.get(reverse("spreadsheets:choices", args=[batch.pk]))
    document = json.loads(download.content)
    assert document["heading_row"] == 4
    assert document["values"]["review_type"] == {"Child practice review": "lcspr"}

    other = services.upload(icb_user, upload_file(tracker(*ROWS), "other.csv"))
    bad = client.post(
        reverse("spreadsheets:choices", args=[other.pk]),
        {"version": other.version, "choices_file": upload_file(b"{not json", "c.json")},
    )
    assert bad.status_code == 400 and "not valid JSON" in bad.content.decode()
    good = client.post(
        reverse("spreadsheets:choices", args=[other.pk]),
        {"version": other.version, "choices_file": upload_file(download.content, "c.json")},
    )
    assert good.status_code == 302
    assert services.dry_run(icb_user, other.pk).ok


def test_the_command_checks_then_commits_with_a_choices_file(icb_user, tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_bytes(tracker(*ROWS, "H-3,SAR,Nowhere board,Neglect,,31/02/2021"))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("import_spreadsheet", str(path), user=icb_user.username, json=True, stdout=out)
    assert exit.value.code == 1
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["rows"] == 4 and result["created"] == 0
    assert result["unmatched"] == {
        "review_type": ["Child practice review"],
        "partnership": ["Hartlepool SCP", "Nowhere board"],
    }
    assert {(e["line"], e["column"]) for e in result["errors"]} >= {
        (8, "Local reference"),
        (8, "Date Added"),
    }

    path.write_bytes(tracker(*ROWS))
    choices = tmp_path / "choices.json"
    choices.write_text(
        json.dumps(
            {
                "values": {
                    "review_type": {"Child practice review": "lcspr"},
                    "partnership": {"Hartlepool SCP": HARTLEPOOL_SCP},
                }
            }
        )
    )
    out = io.StringIO()
    call_command(
        "import_spreadsheet",
        str(path),
        user=icb_user.username,
        map=str(choices),
        json=True,
        stdout=out,
    )
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result == {"rows": 3, "valid": 3, "errors": [], "unmatched": {}, "created": 0}
    assert not Review.objects.exists() and not OrganisationAlias.objects.exists()

    out = io.StringIO()
    call_command(
        "import_spreadsheet",
        str(path),
        user=icb_user.username,
        map=str(choices),
        commit=True,
        json=True,
        stdout=out,
    )
    assert json.loads(out.getvalue().strip().splitlines()[-1])["created"] == 3
    assert Review.objects.count() == 3 and OrganisationAlias.objects.count() == 1


def test_another_persons_import_steps_are_404(client, icb_user, london_user):
    batch = services.upload(icb_user, upload_file(tracker(*ROWS)))
    client.force_login(london_user)
    for name in ("values", "choices"):
        assert client.get(reverse(f"spreadsheets:{name}", args=[batch.pk])).status_code == 404
    for name in ("table", "values", "choices"):
        response = client.post(reverse(f"spreadsheets:{name}", args=[batch.pk]), {"version": 1})
        assert response.status_code == 404
