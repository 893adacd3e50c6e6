"""Settings, read once from the environment (see .env.example and the README).

Unset, everything is embedded: SQLite in the module folder, a local-memory cache, a
signing key made for this checkout (the git-ignored .secret_key), DEBUG on. With
DEBUG=false, SECRET_KEY and ALLOWED_HOSTS are required and the HTTPS settings are on, so
that `manage.py check --deploy --fail-level WARNING` passes.
"""

from __future__ import annotations

import os
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    cache_from_url,
    database_from_url,
    flag,
    local_secret_key,
    whole_number,
    words,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = flag("DEBUG", default=True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
    SECRET_KEY = local_secret_key(BASE_DIR / ".secret_key")
ALLOWED_HOSTS = words("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DEBUG is off")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "graphene_django",
    "django_crontab",
    "django_celery_beat",
    "crm",
]

# How many reverse proxies in front of the app append to X-Forwarded-For (0: none, the
# socket's address is the client's). The sign-in throttle uses config.security.client_address.
TRUSTED_PROXIES = whole_number("TRUSTED_PROXIES", 0)

MIDDLEWARE = [
    # The container's probe, /api/health/, answered above every other layer: by the
    # container's address, over plain HTTP (config/health.py).
    "config.health.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before any view: oversized, deeply nested or malformed bodies, throttled sign-ins.
    "config.security.RequestBodyPolicyMiddleware",
    "config.security.SigninThrottleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# The admin's password check, rationed per account and per client address.
AUTHENTICATION_BACKENDS = ["config.security.SigninThrottleBackend"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"), BASE_DIR / "db.sqlite3")}
CACHES = {"default": cache_from_url(os.environ.get("REDIS_URL"))}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # templates/graphene/graphiql.html: GraphiQL from this module's files, not a CDN.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

GRAPHENE = {
    "SCHEMA": "config.schema.schema",
    # The most rows one page of a connection may ask for (`first: 1000` is refused).
    "RELAY_CONNECTION_MAX_LIMIT": 100,
}
# What one document may ask (crm/limits.py), refused before any resolver runs: fields
# nested deeper than this, more aliases, more field values resolved (each field once per
# row of the connections around it), more tokens in its text.
GRAPHQL_MAX_DEPTH = 10
GRAPHQL_MAX_ALIASES = 20
GRAPHQL_MAX_COST = 50_000
GRAPHQL_MAX_TOKENS = 1_000

# --- scheduled work (README: "Scheduled jobs") -------------------------------------------
# Where the jobs reach the API over HTTP, and where each writes its log (the program's names).
GRAPHQL_URL = os.environ.get("GRAPHQL_URL", "http://localhost:8000/graphql")
CUSTOMER_CLEANUP_LOG = Path(
    os.environ.get("CUSTOMER_CLEANUP_LOG", "/tmp/customer_cleanup_log.txt")
)
HEARTBEAT_LOG = Path(os.environ.get("HEARTBEAT_LOG", "/tmp/crm_heartbeat_log.txt"))
LOW_STOCK_LOG = Path(os.environ.get("LOW_STOCK_LOG", "/tmp/low_stock_updates_log.txt"))
CRM_REPORT_LOG = Path(os.environ.get("CRM_REPORT_LOG", "/tmp/crm_report_log.txt"))
# A customer with no order for this long (and older than that) is inactive.
INACTIVE_AFTER_DAYS = 365
# django-crontab: `python manage.py crontab add` installs these in the user's crontab.
CRONJOBS = [
    ("*/5 * * * *", "crm.cron.log_crm_heartbeat"),
    ("0 */12 * * *", "crm.cron.update_low_stock"),
]
# Celery (config/celery.py): Redis or RabbitMQ by URL; unset, an in-process broker that
# only a worker in the same process (the tests') can read.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "cache+memory://")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "generate-crm-report": {
        "task": "crm.tasks.generate_crm_report",
        "schedule": crontab(day_of_week="mon", hour=6, minute=0),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "crm": {"handlers": ["console"], "level": "INFO"},
    },
}

# --- production: on when DEBUG is off -------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = flag("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # gunicorn serves no files: WhiteNoise serves what `collectstatic` gathered (the admin's).
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
