"""Settings, read once from the environment (see .env.example and the README).

Unset, everything is embedded: SQLite in the module folder, a local-memory cache, a
random secret key made on first start (.secret_key, git-ignored), DEBUG on. With
DEBUG=false, SECRET_KEY and ALLOWED_HOSTS are required and the HTTPS settings are on, so
that `manage.py check --deploy --fail-level WARNING` passes.
"""

from __future__ import annotations

import os
from datetime import timedelta
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

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    # Refresh tokens used or signed out are blacklisted (SIMPLE_JWT below).
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "chats",
    # The program's Django-signals_orm-0x04 unit, in its own layout (messaging/).
    "messaging",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Hostile bodies (too big: 413; not UTF-8, JSON nested too deep or holding a lone
    # surrogate: 400) are refused before any view, or the debug page, reads them.
    "config.security.RequestBodyPolicyMiddleware",
    # A sign-in refused by the throttle (SigninThrottleBackend below) becomes a 429 with
    # Retry-After, whichever view called authenticate(): token, /api-auth/login/, admin.
    "config.security.SigninThrottleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Every password check (django.contrib.auth.authenticate) is rationed: failures count per
# account and per client address, whichever sign-in page they came through.
AUTHENTICATION_BACKENDS = ["config.security.SigninThrottleBackend"]
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none, the
# socket's address is the client's). The sign-in throttle and DRF's throttles
# (NUM_PROXIES below) read the client's address by this rule, never the raw header.
TRUSTED_PROXIES = whole_number("TRUSTED_PROXIES", 0)

ROOT_URLCONF = "config.urls"
# A refused CSRF check (session-signed requests to /api/direct/) is a JSON 403.
CSRF_FAILURE_VIEW = "chats.errors.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "chats.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"), BASE_DIR / "db.sqlite3")}
CACHES = {"default": cache_from_url(os.environ.get("REDIS_URL"))}

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
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

REST_FRAMEWORK = {
    # JWT first: a request without credentials gets 401 with a WWW-Authenticate header.
    # Sessions too, so that a signed-in admin can use the browsable API.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Whatever chats/pagination.py names its class (ours: MessagePagination).
    "DEFAULT_PAGINATION_CLASS": "chats.program.Pagination",
    # django-filter's backend, refusing date-times out of the database's range.
    "DEFAULT_FILTER_BACKENDS": ["chats.filtering.BoundedFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Sign-up and token requests per client address (ScopedRateThrottle, in the cache);
    # X-Forwarded-For counts only through TRUSTED_PROXIES, never as the client wrote it.
    "DEFAULT_THROTTLE_RATES": {"auth": os.environ.get("AUTH_THROTTLE_RATE", "10/minute")},
    "NUM_PROXIES": TRUSTED_PROXIES,
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=int(os.environ.get("JWT_ACCESS_MINUTES", "15"))),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
    "USER_ID_FIELD": "user_id",
    "USER_ID_CLAIM": "user_id",
    "UPDATE_LAST_LOGIN": False,
    # A refresh gives a new refresh token and blacklists the one sent: a stolen refresh
    # token works once at most, and its reuse is refused.
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Messaging API",
    "DESCRIPTION": "Conversations, messages, threads and notifications behind JWT.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's files come from the drf-spectacular-sidecar package, not a CDN: the
    # docs page works offline and under a strict Content-Security-Policy.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# chats: how long a conversation's message page stays cached (seconds), and the longest
# message body accepted (characters).
MESSAGE_LIST_CACHE_SECONDS = 60
MESSAGE_MAX_LENGTH = 4000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"chats": {"handlers": ["console"], "level": "WARNING"}},
}

# --- production: on when DEBUG is off -------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = flag("SECURE_SSL_REDIRECT", default=True)
    # Health probes (Docker, Kubernetes) call over plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^api/health/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # gunicorn serves no files: WhiteNoise serves what `collectstatic` gathered (Swagger UI,
    # the admin) from STATIC_ROOT. In development runserver does that itself.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = ["rest_framework.renderers.JSONRenderer"]
