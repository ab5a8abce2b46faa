"""Sign-in, two-factor devices and demo users."""

import base64
import io
import time

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.audit import services as audit

from .models import User


def record_sign_in(user, request):
    audit.record(user, "sign_in", request=request, object_type="user", label=user.get_username())


def record_sign_out(user, request):
    if user.is_authenticated:
        audit.record(
            user, "sign_out", request=request, object_type="user", label=user.get_username()
        )


def record_failed_sign_in(username, request):
    audit.record(
        None,
        "sign_in_failed",
        request=request,
        object_type="user",
        label=username[:150],
        details={"username": username[:150]},
    )


def record_failed_two_factor(user, request, *, setting_up=False):
    """A wrong code from the authenticator app (signing in, or setting the app up)."""
    audit.record(
        user,
        "two_factor_failed",
        request=request,
        object_type="user",
        label=user.get_username(),
        details={"setting_up": setting_up},
    )


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user):
    """The unconfirmed device a person is setting up (made on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def device_qr_svg(device):
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def device_secret(device):
    return base64.b32encode(device.bin_key).decode()


def code_already_used(device, token):
    """Whether a code the device refused is the right code for a time step that has
    already been used to sign in (django-otp refuses a code twice, so a replay fails)."""
    try:
        token = int(token)
    except (TypeError, ValueError):
        return False
    if device.last_t < 0:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    # Without the floor of the last time step used; on a match ``totp.t()`` is its step.
    return totp.verify(token, device.tolerance, 0) and totp.t() <= device.last_t


@transaction.atomic
def confirm_device(device, token):
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True


def create_demo_user(username, password, **fields):
    """Demo users exist only on a development set-up."""
    if not settings.DEBUG:
        raise RuntimeError("Demo users cannot be created when DEBUG is off")
    user, _ = User.objects.update_or_create(username=username, defaults={**fields, "is_demo": True})
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user
