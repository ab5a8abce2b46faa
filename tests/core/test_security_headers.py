"""Headers and settings that keep case data out of caches, scripts and plain HTTP."""

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import Client

from safeguarding.audit.models import AuditEvent
from tests.conftest import sign_in

ROOT = Path(__file__).resolve().parents[2]


def test_pages_carry_a_strict_content_security_policy_with_a_nonce_for_the_one_inline_script(
    client, people
):
    sign_in(client, people["icb_a"])
    response = client.get("/reviews/")
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "the NHS.UK template's js-enabled script"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert not re.search(r"\sstyle=", html)
    # a second request gets a fresh nonce
    assert nonce not in client.get("/reviews/")["Content-Security-Policy"]


def test_charts_have_no_inline_style(client, people, review_factory):
    review_factory()
    sign_in(client, people["icb_a"])
    html = client.get("/dashboard/").content.decode()
    assert "<svg" in html
    assert "<style" not in html and not re.search(r"\sstyle=", html)


def test_case_data_pages_and_downloads_are_never_stored(client, people, review_factory):
    review = review_factory(title="Child Q")
    sign_in(client, people["icb_a"])
    for path in (
        f"/reviews/{review.pk}/",
        "/reviews/",
        "/dashboard/",
        "/dashboard/?download=xlsx",
        "/dashboard/records/reviews/",
        "/spreadsheets/export/?layout=scrt&format=xlsx",
    ):
        response = client.get(path)
        assert response.status_code in (200, 302, 404), path
        assert "no-store" in response["Cache-Control"], path
    assert "no-store" in client.get("/sign-in/")["Cache-Control"]


def test_sign_out_needs_the_csrf_token(people):
    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, people["icb_a"])
    refused = browser.post("/sign-out/")
    assert refused.status_code == 403
    assert "The form could not be sent" in refused.content.decode()
    assert browser.get("/reviews/").status_code == 200  # still signed in

    page = browser.get("/reviews/").content.decode()
    form = re.search(r'<form[^>]*action="/sign-out/"[^>]*>(.*?)</form>', page, re.S).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    signed_out = browser.post("/sign-out/", {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert browser.get("/reviews/").status_code == 302  # to the sign-in page
    assert AuditEvent.objects.filter(action="sign_out", username="icb-a").count() == 1


def test_a_refused_request_is_one_warning_line_without_a_traceback(
    client, people, review_factory, orgs, caplog
):
    other = review_factory(partnership=orgs["partnership_b"], title="Child Z")
    sign_in(client, people["icb_a"])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/reviews/{other.pk}/").status_code == 404
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    assert records[0].exc_info is None and not records[0].exc_text
    assert f"/reviews/{other.pk}/" in records[0].getMessage()

    caplog.clear()
    sign_in(client, people["region"])  # oversight: may not edit
    with caplog.at_level(logging.WARNING, logger="django.request"):
        mine = review_factory()
        assert client.get(f"/reviews/{mine.pk}/edit/").status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].exc_info is None and not records[0].exc_text
    assert "Forbidden" in records[0].getMessage()


def _production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DATABASE_URL", "REDIS_URL"} and not key.startswith("SECURE_")
    }
    env.update(
        {
            # The production variables the README lists (docs/operations.md).
            "SECRET_KEY": "a-production-secret-key-of-fifty-or-more-characters-0123456789abcdef",
            "ALLOWED_HOSTS": "safeguarding.example.nhs.uk",
            "CSRF_TRUSTED_ORIGINS": "https://safeguarding.example.nhs.uk",
            "AUDIT_HMAC_KEY": "an-audit-key-kept-apart-from-the-database-0123456789",
            **extra,
        }
    )
    return env


def _run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_the_production_variables():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "System check identified no issues" in result.stdout


def test_debug_is_off_unless_set_and_https_settings_follow_it():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='safeguarding.settings';"
        "django.setup(); from django.conf import settings as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE,"
        " getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    out = _run(["-c", code], _production_env()).stdout.split()
    assert out == ["False", "True", "31536000", "True", "None"]
    behind_proxy = _run(["-c", code], _production_env(SECURE_PROXY_SSL_HEADER="1")).stdout
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in behind_proxy
    development = _run(["-c", code], {**_production_env(), "DEBUG": "1"}).stdout.split()
    assert development[:4] == ["True", "False", "0", "False"]
    no_key = _production_env()
    del no_key["SECRET_KEY"]
    refused = _run(["-c", code], no_key)
    assert refused.returncode != 0 and "SECRET_KEY must be set" in refused.stderr
