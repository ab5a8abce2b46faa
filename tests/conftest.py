"""Shared fixtures: reference organisations, the people of the scope tests, reviews."""

import datetime

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts.models import User
from safeguarding.organisations.models import Organisation, Region
from safeguarding.organisations.reference import load_reference_data

ICB_A = "NHS Lancashire and South Cumbria Integrated Care Board"  # North West
ICB_B = "NHS Kent and Medway Integrated Care Board"  # South East
PASSWORD = "a-long-test-password-1"


@pytest.fixture
def orgs(db):
    load_reference_data()
    icb_a = Organisation.objects.get(name=ICB_A)
    icb_b = Organisation.objects.get(name=ICB_B)
    return {
        "icb_a": icb_a,
        "icb_b": icb_b,
        "partnership_a": Organisation.objects.filter(
            kind="partnership", partnership_type="scp", icb=icb_a
        ).first(),
        "partnership_a_sab": Organisation.objects.filter(
            kind="partnership", partnership_type="sab", icb=icb_a
        ).first(),
        "partnership_b": Organisation.objects.filter(
            kind="partnership", partnership_type="scp", icb=icb_b
        ).first(),
        "region_a": icb_a.region,
        "region_b": icb_b.region,
    }


@pytest.fixture(autouse=True)
def document_storage(settings, tmp_path):
    """Uploaded documents go to a temporary directory, never to the project's media."""
    location = tmp_path / "document-storage"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location


@pytest.fixture(autouse=True)
def documents_inline(settings):
    """Uploaded documents are read before the upload returns, never in a thread."""
    settings.DOCUMENTS_IN_THREAD = False


@pytest.fixture(autouse=True)
def audit_anchor_file(settings, tmp_path):
    """Audit anchors go to a temporary file, never to the project's var/."""
    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.log"
    return settings.AUDIT_ANCHOR_FILE


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the dashboard's cached figures): the database
    is rolled back between tests, the process's memory cache is not."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_user(username, **fields):
    return User.objects.create_user(username=username, password=PASSWORD, **fields)


@pytest.fixture
def people(orgs):
    return {
        "icb_a": make_user(
            "icb-a", role="data_input", scope_level="organisation", organisation=orgs["icb_a"]
        ),
        "icb_b": make_user(
            "icb-b", role="data_input", scope_level="organisation", organisation=orgs["icb_b"]
        ),
        "region": make_user(
            "region", role="oversight", scope_level="region", region=orgs["region_a"]
        ),
        "national": make_user("national", role="oversight", scope_level="national"),
        "admin": make_user("admin", role="admin", scope_level="national"),
    }


def sign_in(client, user):
    """Sign in, with a verified second factor for those who need one."""
    client.force_login(user)
    if user.needs_two_factor:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def review_factory(orgs):
    from safeguarding.reviews.models import Review

    def make(partnership=None, **fields):
        partnership = partnership or orgs["partnership_a"]
        values = {
            "title": "Child T",
            "review_type": "rapid",
            "notification_date": datetime.date(2024, 12, 20),
            "partnership": partnership,
            "icb": partnership.icb,
            "region": partnership.region,
        }
        values.update(fields)
        return Review.objects.create(**values)

    return make


@pytest.fixture
def region_of(orgs):
    return lambda code: Region.objects.get(code=code)
