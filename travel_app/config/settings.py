"""Settings, read once from the environment (see .env.example and the README).

Unset, everything is embedded: SQLite in the module folder, a local-memory cache, a dev
secret key, DEBUG on. With DEBUG=false, SECRET_KEY and ALLOWED_HOSTS are required and the
HTTPS settings are on, so that `manage.py check --deploy --fail-level WARNING` passes.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.cors import CORS_MIDDLEWARE
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
    # A random key made for this checkout, in a git-ignored file: never one in the repository.
    SECRET_KEY = local_secret_key(BASE_DIR / ".secret_key")
ALLOWED_HOSTS = words("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DEBUG is off")

INSTALLED_APPS = [
    "config.apps.TravelAdminConfig",  # django.contrib.admin, its search bounded
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    # Refresh tokens used once: each refresh and each log-out blacklists the token it got.
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "outbox",
    "accounts",
    "listings",
    "bookings",
    "notifications",
    "web",
    "payments",
]

# How many reverse proxies in front of the app append to X-Forwarded-For (0: none, the
# socket's address is the client's). The sign-in limit and DRF's throttles read it.
TRUSTED_PROXIES = whole_number("TRUSTED_PROXIES", 0)

MIDDLEWARE = [
    # First: before anything that answers on its own, and before authentication
    # (config/cors.py says why, and checks it).
    CORS_MIDDLEWARE,
    "django.middleware.security.SecurityMiddleware",
    # A database that does not answer: 503 with Retry-After, JSON under /api/.
    "config.outage.DatabaseOutageMiddleware",
    # Before any view and any error page: oversized, non-UTF-8, too deeply nested or
    # unstorable (lone surrogate) bodies are refused; refused sign-ins become 429s.
    "config.security.RequestBodyPolicyMiddleware",
    "config.security.SigninThrottleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# The origins whose pages may call the API from a browser (comma-separated, each
# scheme://host[:port]); none by default, and config/cors.py's check refuses a malformed
# one. Only /api/ answers them: the web pages are this site's own. No cookies cross
# origins: the API authenticates with a bearer token.
CORS_ALLOWED_ORIGINS = words("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/"

ROOT_URLCONF = "config.urls"
AUTH_USER_MODEL = "accounts.User"
# ModelBackend with one failure limit per account and per client address, whatever the
# path to authenticate(): /api/token/, the web sign-in, the admin's login.
AUTHENTICATION_BACKENDS = ["config.security.SigninThrottleBackend"]
WSGI_APPLICATION = "config.wsgi.application"
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

# web: the server-rendered pages sign in with a session (Django's auth views).
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# bookings: the longest stay one booking may hold (nights), and how far ahead a stay may
# start (months): no booking holds nights years away, and no date near 9999-12-31 gets in.
MAX_STAY_NIGHTS = 30
BOOKING_HORIZON_MONTHS = 18
# A pending booking not paid within this many minutes is canceled (bookings/tasks.py, every
# 5 minutes), so that its nights are not held forever.
UNPAID_BOOKING_MINUTES = int(os.environ.get("UNPAID_BOOKING_MINUTES", "30"))

REST_FRAMEWORK = {
    # JWT first: a request without credentials gets 401 with a Bearer challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "config.search.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # /api/v1/... and its alias /api/...: request.version "v1" on both (config/versioning.py).
    "DEFAULT_VERSIONING_CLASS": "config.versioning.APIVersioning",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Throttles key anonymous clients by the address TRUSTED_PROXIES allows, never by an
    # X-Forwarded-For a client wrote itself.
    "NUM_PROXIES": TRUSTED_PROXIES,
    # Per client (user or IP), counted in the cache: password guessing, and booking floods.
    "DEFAULT_THROTTLE_RATES": {
        "auth": os.environ.get("AUTH_THROTTLE_RATE", "10/minute"),
        "bookings": os.environ.get("BOOKING_THROTTLE_RATE", "20/minute"),
        "payments": os.environ.get("PAYMENT_THROTTLE_RATE", "20/minute"),
    },
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=int(os.environ.get("JWT_ACCESS_MINUTES", "15"))),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
    "USER_ID_FIELD": "user_id",
    "USER_ID_CLAIM": "user_id",
    # A refresh answers a new refresh token and blacklists the one it got: a stolen refresh
    # token works once at most, and /api/auth/logout/ revokes one for good.
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "TOKEN_REFRESH_SERIALIZER": "accounts.serializers.RefreshSerializer",
    "TOKEN_BLACKLIST_SERIALIZER": "accounts.serializers.LogoutSerializer",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Travel booking API",
    "DESCRIPTION": "Listings, availability, bookings that cannot overlap, and reviews.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc from the drf-spectacular-sidecar package: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The health probe's database, cache and broker share one set of states.
    "ENUM_NAME_OVERRIDES": {"ServiceStateEnum": "config.health.SERVICE_STATES"},
    # Each operation once, though both /api/v1/ and its alias /api/ route it.
    "PREPROCESSING_HOOKS": ["config.versioning.only_one_copy"],
}

# Celery (config/celery.py): RabbitMQ (or Redis) by URL; unset, an in-process broker that
# only a worker in the same process (the tests') can read. Tasks go to a queue of this
# module's own, so that on a broker other projects share no other worker takes them.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")
# A publish that finds the broker down fails at once, where kombu would try three times
# over 6 s: the outbox keeps the message, so a request never waits on a broker that is
# down. (Workers reconnect on their own terms: CELERY_BROKER_CONNECTION_* below.)
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, float] = {"max_retries": 0}
if CELERY_BROKER_URL.startswith("memory://"):
    # The in-process worker looks for messages every 0.1 s (kombu's default: 1 s).
    CELERY_BROKER_TRANSPORT_OPTIONS["polling_interval"] = 0.1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# CELERY_QUEUE names another: two stacks of this app on one broker (compose's tests
# service beside the running worker) would otherwise take each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "travel_app")
CELERY_TIMEZONE = TIME_ZONE
# At least once: a message is acknowledged when its task has finished, not when a worker
# takes it, and a worker that dies mid-task hands it back; so every task is idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A worker process holds one message at a time: a slow e-mail delays no other task.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# No result backend: nothing reads what a task returns.
CELERY_TASK_IGNORE_RESULT = True
# A task stuck on a network call is interrupted (soft), then killed; tasks may set less.
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_BEAT_SCHEDULE = {
    "outbox-relay": {
        "task": "outbox.relay",
        "schedule": float(whole_number("OUTBOX_RELAY_SECONDS", 10)),
        "options": {"expires": 60},
    },
    "outbox-purge": {"task": "outbox.purge", "schedule": 24 * 60 * 60.0},
    "reconcile-payments": {
        "task": "payments.tasks.reconcile_payments",
        "schedule": 5 * 60.0,
        "options": {"expires": 5 * 60},
    },
    "release-unpaid-bookings": {
        "task": "bookings.tasks.release_unpaid_bookings",
        "schedule": 5 * 60.0,
        # Not run late: with no worker for a while, the next one is soon due anyway.
        "options": {"expires": 5 * 60},
    },
}

# The outbox (outbox/services.py): a failed attempt is due again after the base, doubling
# up to the cap, OUTBOX_MAX_ATTEMPTS times in all (30 s to 1 h, 36 times: about a day)
# before it is a dead letter. A message handed to the broker but not done after
# OUTBOX_REDELIVER_AFTER_SECONDS was lost on the way (a broker restarted without it).
OUTBOX_RETRY_BASE_SECONDS = whole_number("OUTBOX_RETRY_BASE_SECONDS", 30)
OUTBOX_RETRY_CAP_SECONDS = whole_number("OUTBOX_RETRY_CAP_SECONDS", 60 * 60)
OUTBOX_MAX_ATTEMPTS = whole_number("OUTBOX_MAX_ATTEMPTS", 36)
OUTBOX_REDELIVER_AFTER_SECONDS = whole_number("OUTBOX_REDELIVER_AFTER_SECONDS", 15 * 60)
# Days a done message is kept (the admin's history) before the daily purge deletes it.
OUTBOX_KEEP_DAYS = whole_number("OUTBOX_KEEP_DAYS", 7)
# How long a delivery holds an e-mail's lease (notifications/services.py): longer than a
# task may run (CELERY_TASK_TIME_LIMIT), so that a lease lapses only when its holder can
# no longer be sending.
EMAIL_LEASE_SECONDS = whole_number("EMAIL_LEASE_SECONDS", 120)
# Reconciliation (payments/services.py): Pending payments are verified with the gateway
# this long after they started, for this long.
PAYMENT_VERIFY_AFTER_MINUTES = whole_number("PAYMENT_VERIFY_AFTER_MINUTES", 5)
PAYMENT_VERIFY_WINDOW_HOURS = whole_number("PAYMENT_VERIFY_WINDOW_HOURS", 48)

# E-mail: SMTP when EMAIL_HOST is set, else printed on the console (the worker's output).
# The tests use Django's in-memory outbox whatever is set here.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = flag("EMAIL_USE_TLS", default=False)
# Seconds for each network operation: a mail server that hangs is an error, and retried.
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Travel App <bookings@travel.example>")

# Payments (payments/): Chapa in test mode. Unset, the keys are dev placeholders (DEBUG
# only) and the base URL is Chapa's; `manage.py fake_chapa` serves the same API offline.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CHAPA_BASE_URL = os.environ.get("CHAPA_BASE_URL", "https://api.chapa.co")
CHAPA_SECRET_KEY = os.environ.get("CHAPA_SECRET_KEY", "CHASECK_TEST-dev-only" if DEBUG else "")
# Signs the webhooks (x-chapa-signature); empty, every webhook is refused.
CHAPA_WEBHOOK_SECRET = os.environ.get("CHAPA_WEBHOOK_SECRET", "dev-only-webhook" if DEBUG else "")
CHAPA_CURRENCY = os.environ.get("CHAPA_CURRENCY", "ETB")
# Where Chapa posts webhooks (set it in Chapa's dashboard, and the fake's --webhook-url),
# also sent as the callback_url; and the page the guest's browser comes back to.
CHAPA_WEBHOOK_URL = f"{SITE_URL}/api/payments/webhook/"
CHAPA_CALLBACK_URL = os.environ.get("CHAPA_CALLBACK_URL", CHAPA_WEBHOOK_URL)
CHAPA_RETURN_URL = os.environ.get("CHAPA_RETURN_URL", f"{SITE_URL}/payments/return/")
# Seconds to connect and to wait for an answer; retries (after a refused connection or
# a 5xx) wait CHAPA_BACKOFF_SECONDS, then twice that, and so on.
CHAPA_CONNECT_TIMEOUT = 3.05
CHAPA_READ_TIMEOUT = 10.0
CHAPA_RETRIES = 2
CHAPA_BACKOFF_SECONDS = 0.5

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "bookings": {"handlers": ["console"], "level": "INFO"},
        "notifications": {"handlers": ["console"], "level": "INFO"},
        "payments": {"handlers": ["console"], "level": "INFO"},
    },
}

# --- production: on when DEBUG is off -------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = flag("SECURE_SSL_REDIRECT", default=True)
    # The container's HEALTHCHECK asks over plain HTTP from inside: never redirected.
    SECURE_REDIRECT_EXEMPT = [r"^api/health/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # gunicorn serves no files: WhiteNoise serves what `collectstatic` gathered (the admin's).
    after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
    MIDDLEWARE.insert(after_security, "whitenoise.middleware.WhiteNoiseMiddleware")
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = ["rest_framework.renderers.JSONRenderer"]
