"""Settings, read from the environment.

Defaults give a SQLite file and tasks run inline. DEBUG is off unless set: `make run` and
`make test` set DEBUG=1 for the demo. Production sets SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL and REDIS_URL (see docs/operations.md).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY") or ("insecure-development-key-only" if DEBUG else None)
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "safeguarding.organisations",
    "safeguarding.accounts",
    "safeguarding.audit",
    "safeguarding.timescales",
    "safeguarding.themes",
    "safeguarding.reviews",
    "safeguarding.actions",
    "safeguarding.spreadsheets",
    "safeguarding.search",
    "safeguarding.documents",
    "safeguarding.dashboard",
    "safeguarding.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "safeguarding.accounts.middleware.IdleTimeoutMiddleware",
    "safeguarding.accounts.middleware.RequireSignInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "safeguarding.middleware.NoStoreMiddleware",
    # Last: with DEBUG on, a 404 still shows the service's page (no list of URL patterns).
    "safeguarding.middleware.NotFoundPageMiddleware",
]

ROOT_URLCONF = "safeguarding.urls"
WSGI_APPLICATION = "safeguarding.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "safeguarding" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "safeguarding.jinja2.environment"},
    },
    {
        # Only for Django's own pages that we do not replace (none are exposed to users).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # Wait for another writer (a document read in a thread) rather than fail at once.
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
CSRF_FAILURE_VIEW = "safeguarding.views.csrf_failure"
LOGIN_REDIRECT_URL = "home"

# Lockout after repeated failed sign-ins (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# Lock the account, not the address: many NHS staff share one outgoing IP address, so an
# address-based lock would shut out a whole office (hence axes.W006 is silenced).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_CALLABLE = "safeguarding.accounts.views.locked_out"

# Sessions end after a period without activity, and when the browser closes.
SESSION_IDLE_TIMEOUT_SECONDS = int(os.environ.get("SESSION_IDLE_TIMEOUT_SECONDS", str(30 * 60)))
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS. On by default when DEBUG is off; each can be switched off from the environment.
# Behind a proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=1 so that the proxy's
# X-Forwarded-Proto: https counts as a secure request (only if the proxy sets that header
# and strips it from clients). See docs/operations.md.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check answers over plain HTTP, for a load balancer inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Content-Security-Policy: nothing inline. The one inline script (the NHS.UK template's
# "js-enabled" line) carries a per-request nonce; styles come only from our own files. The
# NHS.UK stylesheet loads the Frutiger web font from NHS England's asset host, as every NHS.UK
# service does; without it text falls back to Arial.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "https://assets.nhs.uk"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

OTP_TOTP_ISSUER = "Safeguarding"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "safeguarding" / "static", BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Uploaded review reports: their own storage, never served publicly (a scoped, audited view
# sends them). Any Django storage backend; the default keeps files under MEDIA_ROOT/documents.
_DOCUMENT_BACKEND = os.environ.get(
    "DOCUMENT_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
)
_DOCUMENT_LOCATION = os.environ.get("DOCUMENT_STORAGE_LOCATION") or (
    str(MEDIA_ROOT / "documents") if _DOCUMENT_BACKEND.endswith("FileSystemStorage") else ""
)
STORAGES["documents"] = {
    "BACKEND": _DOCUMENT_BACKEND,
    "OPTIONS": {"location": _DOCUMENT_LOCATION} if _DOCUMENT_LOCATION else {},
}
# Uploaded documents larger than this are refused with a message on the form. (Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE does not count file data, so it never turns this into a 400.)
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))

# Background tasks: Celery on Redis when REDIS_URL is set, inline otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# The cache (the dashboard's published figures, safeguarding/dashboard/cache.py): Redis when
# REDIS_URL is set, so every web process shares it; otherwise each process's own memory.
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "600"))
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "safeguarding"),
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "safeguarding",
            "OPTIONS": {"MAX_ENTRIES": 200},  # a page: up to ~400 KB (figures, charts)
        }
    )
}
# Without a worker, a document uploaded through the page is read in a thread of the web
# process once the upload commits, so the page answers at once and shows the progress.
# Commands and scripts still read it inline; tests turn it off (tests/conftest.py).
DOCUMENTS_IN_THREAD = env_bool("DOCUMENTS_IN_THREAD", default=CELERY_TASK_ALWAYS_EAGER)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
# Nightly safety net for the dashboard's pre-aggregated figures (saves refresh them at once;
# bulk loads refresh them when they finish). Run a beat scheduler: `celery ... worker -B`.
CELERY_BEAT_SCHEDULE = {
    "dashboard-refresh-figures": {
        "task": "dashboard.refresh_figures",
        "schedule": int(os.environ.get("DASHBOARD_REFRESH_SECONDS", str(24 * 60 * 60))),
    },
    # The audit chain's newest hash, written to the log and to AUDIT_ANCHOR_FILE.
    "audit-anchor": {
        "task": "audit.anchor",
        "schedule": int(os.environ.get("AUDIT_ANCHOR_SECONDS", str(60 * 60))),
    },
}

# The audit chain is keyed (HMAC-SHA256): someone who can write to the database but does not
# hold this key cannot recompute the hashes after changing a row. Production sets its own
# key, kept away from the database and its backups; the default (derived from SECRET_KEY)
# is for development. See docs/access-and-audit.md.
AUDIT_HMAC_KEY = os.environ.get("AUDIT_HMAC_KEY") or f"audit-chain:{SECRET_KEY}"
# Each anchor appends a line here too: a copy of the newest hash outside the database.
AUDIT_ANCHOR_FILE = Path(
    os.environ.get("AUDIT_ANCHOR_FILE", BASE_DIR / "var" / "audit-anchors.log")
)

# Imports larger than this are refused before they are read.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# How close a statutory deadline must be (in working days) to show as "due soon".
DUE_SOON_WORKING_DAYS = int(os.environ.get("DUE_SOON_WORKING_DAYS", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "safeguarding.logs.RefusalWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["refusals"]},
        # WeasyPrint logs every layout step at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
