import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from safeguarding.accounts.models import User
from safeguarding.organisations.models import Organisation
from safeguarding.organisations.reference import load_reference_data

HARTLEPOOL_SCP = "Hartlepool Safeguarding Children Partnership"
HARTLEPOOL_SAB = "Hartlepool Safeguarding Adults Board"
CAMDEN_SCP = "Camden Safeguarding Children Partnership"

HEADER = [
    "Title",
    "Type of review",
    "Local reference",
    "Safeguarding partnership",
    "Date of incident",
    "Date published",
    "Publication status",
    "Primary themes",
    "Other themes",
]


@pytest.fixture
def orgs(db):
    load_reference_data()
    return {
        "qhm": Organisation.objects.get(kind="icb", code="QHM"),
        "qmj": Organisation.objects.get(kind="icb", code="QMJ"),
        "hartlepool_scp": Organisation.objects.get(name=HARTLEPOOL_SCP),
        "hartlepool_sab": Organisation.objects.get(name=HARTLEPOOL_SAB),
        "camden_scp": Organisation.objects.get(name=CAMDEN_SCP),
    }


def make_user(username, organisation, role=User.Role.DATA_INPUT):
    return User.objects.create_user(
        username=username,
        password="a-long-test-password-1",
        role=role,
        scope_level=User.ScopeLevel.ORGANISATION,
        organisation=organisation,
        region=organisation.region,
    )


@pytest.fixture
def icb_user(orgs):
    """A designated professional of the North East and North Cumbria ICB."""
    return make_user("ne-designated", orgs["qhm"])


@pytest.fixture
def london_user(orgs):
    """A designated professional of the North Central London ICB (another region)."""
    return make_user("ncl-designated", orgs["qmj"])


@pytest.fixture
def reader(orgs):
    return make_user("ne-reporting", orgs["qhm"], role=User.Role.REPORTING)


def csv_bytes(rows, header=HEADER, encoding="utf-8", delimiter=","):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload_file(content, name="tracker.csv"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def good_row(n, partnership=HARTLEPOOL_SCP, **changes):
    row = {
        "Title": f"Child {n}",
        "Type of review": "lcspr",
        "Local reference": f"HSCP-{n:03d}",
        "Safeguarding partnership": partnership,
        "Date of incident": "2023-01-15",
        "Date published": "20/11/2023",
        "Publication status": "published",
        "Primary themes": "neglect; information-sharing",
        "Other themes": "think-family",
    }
    row.update(changes)
    return [row[h] for h in HEADER]
