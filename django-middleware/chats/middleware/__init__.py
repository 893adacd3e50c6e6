"""The middlewares, one per file, in the order settings.MIDDLEWARE runs them.

HealthProbeMiddleware           health.py: ours, GET /api/health/ for the container's
                                probe, answered before the others run
RequestIdMiddleware             request_id.py: ours, an id and a timing on every response
RequestLoggingMiddleware        request_logging.py: one line per request, written by the
                                background thread of log_pipeline.py
RestrictAccessByTimeMiddleware  restrict_by_time.py: 403 outside settings.ACCESS_HOURS
RolepermissionMiddleware        role_permission.py: 401/403 on settings.ROLE_PROTECTED_ACTIONS
OffensiveLanguageMiddleware     rate_limit.py: the program's name for a rate limiter, 429
                                past the limit

`chats.middleware.<Name>` stays the program's import path (the program keeps all four in
one file, chats/middleware.py). Settings are read on every request (so a changed setting
is honoured at once), through small parsers cached on the raw values; a middleware also
parses its settings when it is built, so a malformed value stops the server at startup
with ImproperlyConfigured.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chats.middleware.health import HealthProbeMiddleware
    from chats.middleware.rate_limit import OffensiveLanguageMiddleware
    from chats.middleware.request_id import RequestIdMiddleware
    from chats.middleware.request_logging import RequestLoggingMiddleware
    from chats.middleware.restrict_by_time import RestrictAccessByTimeMiddleware
    from chats.middleware.role_permission import RolepermissionMiddleware

# Each class's file. Imported on first use, not here: another implementation of the
# program's file, graded with `--against`, is placed in each of the four program files,
# and a class missing from it must fail only the tests that load that class.
HOMES = {
    "HealthProbeMiddleware": "health",
    "RequestIdMiddleware": "request_id",
    "RequestLoggingMiddleware": "request_logging",
    "RestrictAccessByTimeMiddleware": "restrict_by_time",
    "RolepermissionMiddleware": "role_permission",
    "OffensiveLanguageMiddleware": "rate_limit",
}
__all__ = [
    "HealthProbeMiddleware",
    "OffensiveLanguageMiddleware",
    "RequestIdMiddleware",
    "RequestLoggingMiddleware",
    "RestrictAccessByTimeMiddleware",
    "RolepermissionMiddleware",
]


def __getattr__(name: str) -> Any:
    if name not in HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{HOMES[name]}"), name)
