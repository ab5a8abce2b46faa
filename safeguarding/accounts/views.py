from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from . import services
from .forms import SignInForm, TokenForm


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: anything else ("abc", a NUL) would be taken for a view name.
    if (
        target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, {request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated and (
        not request.user.needs_two_factor or request.user.is_verified()
    ):
        return redirect("home")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is not None:
            login(request, user)
            services.record_sign_in(user, request)
            if user.needs_two_factor:
                return redirect(f"{_url('accounts:two-factor')}?next={_next_url(request)}")
            return redirect(_next_url(request))
        services.record_failed_sign_in(form.cleaned_data["username"], request)
        form.add_error(None, "The username or password is not right")
    return render(
        request,
        "accounts/sign_in.jinja",
        {"form": form, "next": request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


def _url(name):
    from django.urls import reverse

    return reverse(name)


def locked_out(request, credentials, *args, **kwargs):
    hours = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "accounts/locked_out.jinja",
        {"hours": int(hours) if hours == int(hours) else hours},
        status=429,
    )


CODE_USED = "That security code has already been used. Wait for the next code and enter it."


@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Ask for the code from the authenticator app, or set one up on first use."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    device = services.confirmed_device(user)
    form = TokenForm(request.POST or None)
    if device is None:
        pending = services.pending_device(user)
        if request.method == "POST" and form.is_valid():
            if services.confirm_device(pending, form.cleaned_data["token"]):
                otp_login(request, pending)
                messages.success(request, "Two-factor authentication is set up")
                return redirect(_next_url(request))
            services.record_failed_two_factor(user, request, setting_up=True)
            form.add_error("token", "The security code is not right; check the app and try again")
        return render(
            request,
            "accounts/two_factor_setup.jinja",
            {
                "form": form,
                "qr_svg": services.device_qr_svg(pending),
                "secret": services.device_secret(pending),
                "next": request.GET.get("next", ""),
            },
            status=400 if form.errors else 200,
        )
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if device.verify_token(token):
            otp_login(request, device)
            return redirect(_next_url(request))
        services.record_failed_two_factor(user, request)
        if services.code_already_used(device, token):
            form.add_error("token", CODE_USED)
        else:
            form.add_error("token", "The security code is not right; check the app and try again")
    return render(
        request,
        "accounts/two_factor.jinja",
        {"form": form, "next": request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


@require_POST
def sign_out(request):
    services.record_sign_out(request.user, request)
    logout(request)
    messages.info(request, "You have signed out")
    return redirect("accounts:sign-in")
