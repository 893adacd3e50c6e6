"""Settings, read once from the environment (see .env.example and the README).

Unset, everything is embedded: SQLite in the module folder, a local-memory cache, a
random secret key made on first start (the git-ignored file .secret_key), DEBUG on.
With DEBUG=false, SECRET_KEY and ALLOWED_HOSTS are required and the
HTTPS settings are on, so that `manage.py check --deploy --fail-level WARNING` passes.
"""

from __future__ import annotations

import os
from pathlib import Path

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
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none, the
# socket's address is the client's). The sign-in throttle uses config.security.client_address.
TRUSTED_PROXIES = whole_number("TRUSTED_PROXIES", 0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "properties",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before sessions, CSRF and views: an oversized or malformed body never reaches them,
    # and a refused sign-in's answer (the admin's form, DRF's 401) becomes a 429.
    "config.security.RequestBodyPolicyMiddleware",
    "config.security.SigninThrottleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Every password check (the admin's login, the API's HTTP Basic) shares one failure limit
# per account and per client address.
AUTHENTICATION_BACKENDS = ["config.security.SigninThrottleBackend"]

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"), BASE_DIR / "db.sqlite3")}
CACHES = {"default": cache_from_url(os.environ.get("REDIS_URL"))}
# django-redis: log the Redis errors IGNORE_EXCEPTIONS swallows, so an outage is visible.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
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

REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Reading is public; changing listings is for staff (the admin, or the API signed in).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
    # Throttles, if any, trust X-Forwarded-For only as far as the proxies in front.
    "NUM_PROXIES": TRUSTED_PROXIES,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "properties": {"handlers": ["console"], "level": "INFO"},
        "django_redis": {"handlers": ["console"], "level": "WARNING"},
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
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = ["rest_framework.renderers.JSONRenderer"]
