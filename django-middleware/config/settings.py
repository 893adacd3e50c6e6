"""Settings, read once from the environment (see .env.example and the README).

Unset, everything is embedded: SQLite in the module folder, a local-memory cache, a
random secret key made on first start (.secret_key, git-ignored), DEBUG on. With
DEBUG=false, SECRET_KEY and ALLOWED_HOSTS are required and the HTTPS settings are on, so
that `manage.py check --deploy --fail-level WARNING` passes.
"""

from __future__ import annotations

import os
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    at_least_one,
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
ALLOWED_HOSTS = words("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DEBUG is off")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "chats",
    "ip_tracking",
]

# The request pipeline, outermost first: a request goes down this list and its response
# comes back up it. The order is the lesson of this module (README: "Why the order
# matters"); tests/test_order.py shows what breaks when it changes.
MIDDLEWARE = [
    # The container's probe, answered above everything: at any hour, by the container's
    # address, and not logged (chats/middleware/health.py).
    "chats.middleware.HealthProbeMiddleware",
    # Then the request id: it times everything below it and gives the request its id
    # before anyone logs, and it stamps X-Request-ID even on responses a later layer refuses.
    "chats.middleware.RequestIdMiddleware",
    # Security next: HTTPS redirect and security headers apply to every response.
    "django.middleware.security.SecurityMiddleware",
    # A blocked address is refused here, before its session or user is loaded: refusing
    # costs no query (ip_tracking's blocklist is cached).
    "ip_tracking.middleware.IPBlocklistMiddleware",
    # Turns a sign-in refused by the throttle (config.security.SigninThrottleBackend) into
    # a 429 with Retry-After, whichever view called authenticate().
    "config.security.SigninThrottleMiddleware",
    # Sessions before authentication: AuthenticationMiddleware reads the user's id from
    # the session.
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Sets request.user: everything below can tell who is asking.
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Ours, after authentication so that request.user exists. Logging first, so that a
    # request refused below is logged too.
    "chats.middleware.RequestLoggingMiddleware",
    # The IP tracking unit: one RequestLog row per request (refused ones too, so that the
    # hourly check sees them), then the limits on sensitive paths, per user or address.
    "ip_tracking.middleware.IPLoggingMiddleware",
    "ip_tracking.middleware.SensitivePathRateLimitMiddleware",
    "chats.middleware.RestrictAccessByTimeMiddleware",
    "chats.middleware.RolepermissionMiddleware",
    # The rate limiter last, right before the view: it counts only requests that every
    # middleware above let through (CSRF is checked later, just before the view, so a
    # POST refused by CSRF still counts).
    "chats.middleware.OffensiveLanguageMiddleware",
    # Hostile bodies (too big: 413; not UTF-8, JSON nested too deep or holding a lone
    # surrogate: 400) are refused here, below ours on purpose: such a request is still
    # logged, given its id, held to the hours and the roles, and counted by the limiter,
    # so a flood of them is throttled like any other. Nothing above reads the body.
    "config.security.RequestBodyPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Every password check (django.contrib.auth.authenticate) is rationed: failures count per
# account and per client address (config/security.py).
AUTHENTICATION_BACKENDS = ["config.security.SigninThrottleBackend"]

ROOT_URLCONF = "config.urls"
# A refused CSRF check is a JSON 403 like every other refusal.
CSRF_FAILURE_VIEW = "chats.errors.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "chats.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"), BASE_DIR / "db.sqlite3")}
CACHES = {"default": cache_from_url(os.environ.get("REDIS_URL"))}

TEMPLATES: list[dict[str, object]] = []
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_TZ = True

# --- the middlewares' settings (chats/middleware.py) ------------------------------------
# RequestLoggingMiddleware: one line per request, to this file, rotated.
REQUEST_LOG_PATH = Path(os.environ.get("REQUEST_LOG_PATH", BASE_DIR / "requests.log"))
REQUEST_LOG_MAX_BYTES = 1_000_000
REQUEST_LOG_BACKUPS = 5
# RestrictAccessByTimeMiddleware: requests allowed from the start (inclusive) to the end
# (exclusive), in this timezone. The program's "outside 9PM and 6PM": open 18:00-21:00.
ACCESS_HOURS = (os.environ.get("ACCESS_START", "18:00"), os.environ.get("ACCESS_END", "21:00"))
ACCESS_TIME_ZONE = os.environ.get("ACCESS_TIME_ZONE", "UTC")
# RolepermissionMiddleware: the actions only these roles may take, each "METHOD
# /path-prefix" (* for any method): deleting a chat message, and the moderation pages.
ROLE_PROTECTED_ACTIONS = words(
    "ROLE_PROTECTED_ACTIONS", "DELETE /api/messages/,* /api/moderation/"
)
ROLE_ALLOWED = ("admin", "moderator")
# OffensiveLanguageMiddleware: at most RATE_LIMIT message POSTs per client IP per
# RATE_LIMIT_WINDOW seconds.
RATE_LIMIT = 5
RATE_LIMIT_WINDOW = 60
RATE_LIMITED_PATHS = ("/api/messages/",)
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none, the
# socket's address is the client's). The rate limiter, the sign-in throttle and the IP
# tracking unit read the client's address through config.security.client_address.
TRUSTED_PROXIES = whole_number("TRUSTED_PROXIES", 0)

# --- the IP tracking unit (ip_tracking/, README: "IP tracking") --------------------------
# Store only the /24 (IPv4) or /48 (IPv6) network of each address.
IP_ANONYMIZE = flag("IP_ANONYMIZE", default=False)
# Request rows and anomaly flags older than this are deleted by the hourly task.
IP_LOG_RETENTION_DAYS = at_least_one("IP_LOG_RETENTION_DAYS", 30)
# network,country,city rows; the sample covers only documentation networks and loopback.
IP_GEOLOCATION_DB = Path(
    os.environ.get("IP_GEOLOCATION_DB", BASE_DIR / "ip_tracking" / "data" / "networks.csv")
)
# How long a process may keep the blocklist it read (a change clears the shared cache).
IP_BLOCKLIST_CACHE_SECONDS = at_least_one("IP_BLOCKLIST_CACHE_SECONDS", 30)
# The hourly check flags an address over this many requests an hour, or asking for a path
# under one of these prefixes (nothing is served there: asking is probing).
IP_ANOMALY_REQUESTS_PER_HOUR = at_least_one("IP_ANOMALY_REQUESTS_PER_HOUR", 100)
IP_SENSITIVE_PATHS = words("IP_SENSITIVE_PATHS", "/admin,/login")
# Requests (any method) per signed-in user, or per address for nobody signed in, in each
# window of IP_RATE_LIMIT_WINDOW seconds, on these path prefixes.
IP_RATE_LIMITED_PATHS = words("IP_RATE_LIMITED_PATHS", "/api/moderation/,/admin,/login")
IP_RATE_LIMIT_USER = at_least_one("IP_RATE_LIMIT_USER", 10)
IP_RATE_LIMIT_ANONYMOUS = at_least_one("IP_RATE_LIMIT_ANONYMOUS", 5)
IP_RATE_LIMIT_WINDOW = at_least_one("IP_RATE_LIMIT_WINDOW", 60)

# Celery (config/celery.py): Redis or RabbitMQ by URL; unset, an in-process broker that
# only a worker in the same process (a test's) can read. A queue of this module's own, so
# that on a broker other projects share, no other worker takes its tasks.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "django_middleware")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True  # nothing reads what detect_anomalies returns
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "detect-anomalies": {
        "task": "ip_tracking.tasks.detect_anomalies",
        "schedule": crontab(minute=0),  # at the top of every hour
        "options": {"expires": 30 * 60},  # a run missed by half an hour waits for the next
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "chats": {"handlers": ["console"], "level": "WARNING"},
        "ip_tracking": {"handlers": ["console"], "level": "WARNING"},
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
