"""Cross-origin requests to the API (django-cors-headers), and the system check that
keeps them safe: which origins a browser may call the API from, and where the middleware
that answers them goes.

A page served from another origin (a front end on http://localhost:3000, say) can read
the API's answers only if they name that origin. The allow-list comes from the
environment and is empty unless set. The check runs with `manage.py check` and before
`migrate` (the image's first command), so a misplaced middleware or a malformed origin
stops a deployment instead of failing in browsers.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core import checks

CORS_MIDDLEWARE = "corsheaders.middleware.CorsMiddleware"
# Middleware that can answer a request on its own (a file, a 503, a 413, a 429, a
# redirect, a 403), and authentication. After one of them, CorsMiddleware leaves that
# one's answers without CORS headers (the page cannot read why it was refused), and a
# preflight, which carries no credentials by the standard, meets the authentication.
ANSWER_BEFORE_THE_VIEW = (
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.outage.DatabaseOutageMiddleware",
    "config.security.RequestBodyPolicyMiddleware",
    "config.security.SigninThrottleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
)
# What a browser sends as Origin: a scheme and a host, with a port or not, nothing after.
ORIGIN = re.compile(r"https?://(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?")


@checks.register(checks.Tags.security)
def check_cors(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """An error for CorsMiddleware missing or after a middleware of
    ANSWER_BEFORE_THE_VIEW, for an allowed origin that is not exactly an origin ("*", a
    path, a trailing slash, no scheme), and for every origin allowed at once."""
    return _middleware_errors(list(settings.MIDDLEWARE)) + _origin_errors()


def _middleware_errors(middleware: list[str]) -> list[checks.CheckMessage]:
    if CORS_MIDDLEWARE not in middleware:
        return [checks.Error(f"{CORS_MIDDLEWARE} is not in MIDDLEWARE", id="travel.E101")]
    position = middleware.index(CORS_MIDDLEWARE)
    return [
        checks.Error(
            f"{CORS_MIDDLEWARE} comes after {name}: that middleware's answers get no CORS "
            "headers, and a preflight meets it first",
            hint="Put CorsMiddleware first in MIDDLEWARE.",
            id="travel.E102",
        )
        for name in middleware[:position]
        if name in ANSWER_BEFORE_THE_VIEW
    ]


def _origin_errors() -> list[checks.CheckMessage]:
    errors = [
        checks.Error(
            f"CORS_ALLOWED_ORIGINS: {origin!r} is not an origin",
            hint="scheme://host[:port], nothing after it; '*' is not allowed.",
            id="travel.E103",
        )
        for origin in getattr(settings, "CORS_ALLOWED_ORIGINS", [])
        if not ORIGIN.fullmatch(origin)
    ]
    if getattr(settings, "CORS_ALLOW_ALL_ORIGINS", False):
        errors.append(
            checks.Error(
                "CORS_ALLOW_ALL_ORIGINS is on: every site on the web may call the API",
                id="travel.E104",
            )
        )
    return errors
