"""Sign-in is required everywhere but a few public paths; idle sessions end."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

PUBLIC_PREFIXES = ("/sign-in/", "/static/", "/health/", "/accessibility/")
TWO_FACTOR_PREFIXES = ("/two-factor/", "/sign-out/")


class RequireSignInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(PUBLIC_PREFIXES):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse('accounts:sign-in')}?next={request.get_full_path()}")
        if (
            user.needs_two_factor
            and not user.is_verified()
            and not path.startswith(TWO_FACTOR_PREFIXES)
        ):
            return redirect("accounts:two-factor")
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """End a session after SESSION_IDLE_TIMEOUT_SECONDS without a request.

    The time of the last request is written at most once a minute (STEP), so most requests
    do not rewrite the session row; a session therefore ends between STEP seconds early and
    on time."""

    KEY = "last_activity"
    STEP = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY)
            if last is not None and now - int(last) > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                logout(request)
                minutes = settings.SESSION_IDLE_TIMEOUT_SECONDS // 60
                messages.info(
                    request, f"You were signed out after {minutes} minutes without activity."
                )
                return redirect("accounts:sign-in")
            if last is None or now - int(last) >= self.STEP:
                request.session[self.KEY] = now
        return self.get_response(request)


def start_activity(sender, request, user, **kwargs):
    """A session's activity starts at sign-in (connected in AccountsConfig.ready), so the
    first request after it need not write the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[IdleTimeoutMiddleware.KEY] = int(time.time())
