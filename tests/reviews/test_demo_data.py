"""The demo data command: users, a synthetic data set, two-factor codes; never with DEBUG off."""

import sys
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts.models import User
from safeguarding.actions.models import Action, Recommendation
from safeguarding.actions.services import my_actions
from safeguarding.audit.models import AuditEvent
from safeguarding.reviews import demo, types
from safeguarding.reviews.models import Dissemination, Review

PASSWORD = "x-demo-password-1"
# One review for every stage of every type: the smallest set that covers them all.
SMALL = len(demo.COMBOS)


def run(*args):
    out = StringIO()
    call_command("demo_data", "--password", PASSWORD, "--count", str(SMALL), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    # A fast hasher: the real one takes a quarter of a second per password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


@pytest.fixture
def demo_data(db, debug):
    run()


@pytest.mark.django_db
def test_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        run()
    for command in (["demo_signins"], ["demo_code", "admin"]):
        with pytest.raises(CommandError, match="DEBUG is off"):
            call_command(*command, stdout=StringIO())
    assert not User.objects.exists()
    assert not Review.objects.exists()
    with pytest.raises(demo.DemoDataError):
        demo.ensure_demo_users(PASSWORD)


def check_creates_the_five_demo_users():
    expected = {
        "icb-a": ("data_input", "organisation", demo.ICB_A, None),
        "icb-b": ("data_input", "organisation", demo.ICB_B, None),
        "region": ("oversight", "region", None, "North West"),
        "national": ("oversight", "national", None, None),
        "admin": ("admin", "national", None, None),
    }
    users = {u.username: u for u in User.objects.all()}
    assert set(users) == set(expected)
    for username, (role, scope, organisation, region) in expected.items():
        user = users[username]
        assert user.is_demo
        assert (user.role, user.scope_level) == (role, scope)
        assert user.check_password(PASSWORD)
        assert user.first_name and user.last_name
        if organisation:
            assert user.organisation.name == organisation
        if region:
            assert user.region.name == region
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        assert has_device == user.needs_two_factor == (username in {"national", "admin"})
    assert users["icb-a"].organisation.region.code == "Y62"
    assert users["icb-b"].organisation.region.code == "Y59"


def check_every_type_in_every_stage_with_ordered_past_dates():
    today = timezone.localdate()
    reviews = list(Review.objects.filter(source="demo").select_related("icb", "partnership"))
    seen = Counter((r.review_type, r.stage.code) for r in reviews)
    for review_type, path in types.STAGE_PATHS.items():
        for stage in (types.NOT_STARTED.code, *path):
            assert seen[(review_type, stage)] >= 1, (review_type, stage)
    for review in reviews:
        assert types.date_order_errors(review.dates(), today=today) == {}, review.source_id
        if review.stage.code == types.NOT_STARTED.code:
            assert not any(review.dates().values())
        assert review.partnership.icb_id == review.icb_id
        expected_type = types.COMMISSIONED_BY[review.review_type]
        if expected_type:
            assert review.partnership.partnership_type == expected_type
        assert review.primary_themes
        if review.review_type in {"dhr", "dhr_child"}:
            assert "domestic-abuse" in {t.code for t in review.primary_themes}
    assert len({r.icb_id for r in reviews}) >= 6
    assert len({r.region_id for r in reviews}) >= 3
    converted = [r for r in reviews if r.converted_from_id]
    assert converted
    for review in converted:
        assert review.review_type == "lcspr"
        assert review.converted_from.review_type == "rapid"
        assert review.converted_from.partnership_id == review.partnership_id
    published = [r for r in reviews if r.published_date]
    assert all(
        r.publication_url.startswith("https://example.org/") for r in published if r.publication_url
    )
    # Some fields are left empty so the incomplete-records page has something to show.
    assert any(not r.referral_source for r in reviews if r.review_type == "sar")
    assert Dissemination.objects.exists()


def check_recommendations_and_actions():
    for review in Review.objects.filter(source="demo"):
        count = review.recommendations.count()
        if demo.has_recommendations(review.review_type, review.stage.code):
            assert 2 <= count <= 6, review.source_id
        else:
            assert count == 0, review.source_id
    for recommendation in Recommendation.objects.all():
        assert 1 <= recommendation.actions.count() <= 3
    statuses = set(Action.objects.values_list("status", flat=True))
    assert statuses == set(Action.Status.values)
    for action in Action.objects.filter(status__in=["completed", "closed_with_evidence"]):
        assert action.evidence_of_completion and action.completed_date
    for action in Action.objects.filter(status="not_accepted"):
        assert action.not_accepted_reason
    icb_a = User.objects.get(username="icb-a")
    overdue, due = my_actions(icb_a)
    assert overdue.count() >= 3
    assert due.count() >= 3
    assert {a.owner_id for a in [*overdue, *due]} == {icb_a.organisation_id}
    icb_b_overdue, icb_b_due = my_actions(User.objects.get(username="icb-b"))
    assert icb_b_overdue.exists() or icb_b_due.exists()


def check_created_through_the_services_as_admin():
    admin = User.objects.get(username="admin")
    creations = AuditEvent.objects.filter(action="create", username="admin")
    assert creations.filter(object_type="review").count() == Review.objects.count()
    assert creations.filter(object_type="action").count() == Action.objects.count()
    assert set(Review.objects.values_list("created_by", flat=True)) == {admin.pk}


def test_demo_data_set(demo_data):
    """One data set, checked several ways (generating it is the slow part)."""
    check_creates_the_five_demo_users()
    check_every_type_in_every_stage_with_ordered_past_dates()
    check_recommendations_and_actions()
    check_created_through_the_services_as_admin()


def test_running_twice_creates_no_duplicates_and_resets_passwords(demo_data):
    counts = (Review.objects.count(), Recommendation.objects.count(), Action.objects.count())
    events = AuditEvent.objects.count()
    out = StringIO()
    call_command("demo_data", "--password", "another-password", "--count", str(SMALL), stdout=out)
    assert "0 created" in out.getvalue()
    assert (Review.objects.count(), Recommendation.objects.count(), Action.objects.count()) == (
        counts
    )
    assert AuditEvent.objects.count() == events
    assert User.objects.count() == 5
    assert TOTPDevice.objects.count() == 2
    assert all(u.check_password("another-password") for u in User.objects.all())


def test_never_takes_over_a_real_account(db, debug):
    real = User.objects.create_user("admin", password="a-real-password-1")
    with pytest.raises(CommandError, match="not demo users"):
        run()
    real.refresh_from_db()
    assert not real.is_demo and real.check_password("a-real-password-1")
    assert not Review.objects.exists()


def test_demo_code_matches_the_device(db, debug):
    demo.ensure_demo_users(PASSWORD)
    for username in ("national", "admin"):
        user = User.objects.get(username=username)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        assert device.key == demo.demo_totp_key(username)
        out = StringIO()
        call_command("demo_code", username, stdout=out)
        code = out.getvalue().strip()
        assert len(code) == 6 and code.isdigit()
        assert code == demo.current_demo_code(user)
        assert device.verify_token(code)


def test_demo_code_refuses_other_users(db, debug):
    demo.ensure_demo_users(PASSWORD)
    User.objects.create_user("someone", password="not-a-demo-user-1")
    with pytest.raises(CommandError, match="not a demo user"):
        call_command("demo_code", "someone", stdout=StringIO())
    with pytest.raises(CommandError, match="without a second factor"):
        call_command("demo_code", "icb-a", stdout=StringIO())


def test_demo_signins_lists_users_and_how_to_get_a_code(db, debug, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    demo.ensure_demo_users(PASSWORD)
    out = StringIO()
    call_command("demo_signins", "--password", PASSWORD, stdout=out)
    text = out.getvalue()
    for username in demo.DEMO_USERNAMES:
        assert username in text
    # The command as typed from the checkout: the virtualenv's interpreter, not a bare
    # `python` that has no Django.
    assert f"{Path(sys.executable).relative_to(Path.cwd())} manage.py demo_code national" in text
    assert "DATABASE_URL=" not in text
    assert demo.demo_totp_secret("admin") in text
    assert PASSWORD not in text
    assert "does not match" not in text


def test_demo_signins_repeats_the_database_url(db, debug, monkeypatch):
    """Under PostgreSQL the code command must read the same database, not SQLite."""
    demo.ensure_demo_users(PASSWORD)
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/demo")
    out = StringIO()
    call_command("demo_signins", stdout=out)
    assert (
        "DATABASE_URL=postgres://postgres@127.0.0.1:5432/demo "
        f"{Path(sys.executable).relative_to(Path.cwd())} manage.py demo_code national"
    ) in out.getvalue()
