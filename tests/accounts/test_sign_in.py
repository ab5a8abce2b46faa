import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.audit.models import AuditEvent
from tests.conftest import PASSWORD


def sign_in_form(client, username, password=PASSWORD):
    return client.post(reverse("accounts:sign-in"), {"username": username, "password": password})


@pytest.mark.django_db
def test_pages_need_sign_in(client):
    response = client.get(reverse("reviews:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_data_input_user_signs_in_with_a_password(client, people):
    response = sign_in_form(client, "icb-a")
    assert response.status_code == 302
    assert client.get(reverse("reviews:list")).status_code == 200
    assert AuditEvent.objects.filter(action="sign_in", username="icb-a").exists()


@pytest.mark.django_db
def test_wrong_password_gets_a_message_and_is_audited(client, people):
    response = sign_in_form(client, "icb-a", "wrong")
    assert response.status_code == 400
    assert "The username or password is not right" in response.content.decode()
    assert AuditEvent.objects.filter(action="sign_in_failed", object_label="icb-a").exists()


@pytest.mark.django_db
def test_national_user_must_set_up_and_use_a_second_factor(client, people, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no back-off between the wrong and the right code
    sign_in_form(client, "national")
    # Without a second factor every page sends them to the two-factor step.
    response = client.get(reverse("reviews:list"))
    assert response.status_code == 302 and response.url == reverse("accounts:two-factor")
    setup = client.get(reverse("accounts:two-factor"))
    assert "Set up two-factor authentication" in setup.content.decode()
    device = TOTPDevice.objects.get(user=people["national"], confirmed=False)
    assert client.post(reverse("accounts:two-factor"), {"token": "000000"}).status_code == 400
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert client.post(reverse("accounts:two-factor"), {"token": code}).status_code == 302
    assert client.get(reverse("reviews:list")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.django_db
def test_admin_with_a_device_is_asked_for_a_code(client, people):
    TOTPDevice.objects.create(user=people["admin"], name="app", confirmed=True)
    sign_in_form(client, "admin")
    page = client.get(reverse("accounts:two-factor")).content.decode()
    assert "Enter your security code" in page
    assert client.get(reverse("audit:log")).status_code == 302


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client, people, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_form(client, "icb-b", "wrong")
    response = sign_in_form(client, "icb-b")  # even the right password is refused now
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert client.get(reverse("reviews:list")).status_code == 302


@pytest.mark.django_db
def test_idle_session_ends(client, people, settings):
    with time_machine.travel("2025-03-03 09:00", tick=False) as traveller:
        sign_in_form(client, "icb-a")
        assert client.get(reverse("reviews:list")).status_code == 200
        traveller.shift(settings.SESSION_IDLE_TIMEOUT_SECONDS - 60)
        assert client.get(reverse("reviews:list")).status_code == 200
        traveller.shift(settings.SESSION_IDLE_TIMEOUT_SECONDS + 1)
        response = client.get(reverse("reviews:list"))
        assert response.status_code == 302 and response.url == reverse("accounts:sign-in")
        assert client.get(reverse("reviews:list")).status_code == 302


@pytest.mark.django_db
def test_sign_out(client, people):
    sign_in_form(client, "icb-a")
    client.post(reverse("accounts:sign-out"))
    assert client.get(reverse("reviews:list")).status_code == 302


@pytest.mark.django_db
def test_next_url_cannot_leave_the_site(client, people):
    response = client.post(
        reverse("accounts:sign-in") + "?next=https://evil.example/",
        {"username": "icb-a", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and not response.url.startswith("https://evil")


@pytest.mark.django_db
def test_last_activity_is_written_at_most_once_a_minute(client, people):
    with time_machine.travel("2025-03-03 09:00", tick=False) as traveller:
        sign_in_form(client, "icb-a")
        client.get(reverse("reviews:list"))
        first = client.session["last_activity"]
        traveller.shift(30)
        client.get(reverse("reviews:list"))
        assert client.session["last_activity"] == first
        traveller.shift(31)
        client.get(reverse("reviews:list"))
        assert client.session["last_activity"] == first + 61
