"""A two-factor code that was just used says so, rather than that it is wrong."""

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .test_sign_in import sign_in_form

USED = "That security code has already been used. Wait for the next code and enter it."
WRONG = "The security code is not right; check the app and try again"


def _code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.mark.django_db
def test_a_code_used_a_moment_ago_is_refused_as_used(client, people, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=people["admin"], name="app", confirmed=True)
    with time_machine.travel("2026-03-03 10:32:05", tick=False):
        code = _code(device)
        sign_in_form(client, "admin")
        assert client.post(reverse("accounts:two-factor"), {"token": code}).status_code == 302
        client.post(reverse("accounts:sign-out"))

        sign_in_form(client, "admin")
        response = client.post(reverse("accounts:two-factor"), {"token": code})
        page = response.content.decode()
        assert response.status_code == 400
        assert USED in page
        assert WRONG not in page
        # Still not signed in with the second factor.
        assert client.get(reverse("audit:log")).status_code == 302

        # A code that was never right is still "not right".
        wrong = f"{(int(code) + 1) % 1000000:06d}"
        response = client.post(reverse("accounts:two-factor"), {"token": wrong})
        assert WRONG in response.content.decode() and USED not in response.content.decode()


@pytest.mark.django_db
def test_the_next_code_after_a_used_one_signs_in(client, people, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=people["admin"], name="app", confirmed=True)
    with time_machine.travel("2026-03-03 10:32:05", tick=False) as traveller:
        sign_in_form(client, "admin")
        client.post(reverse("accounts:two-factor"), {"token": _code(device)})
        client.post(reverse("accounts:sign-out"))
        traveller.shift(device.step)
        device.refresh_from_db()
        sign_in_form(client, "admin")
        response = client.post(reverse("accounts:two-factor"), {"token": _code(device)})
        assert response.status_code == 302
