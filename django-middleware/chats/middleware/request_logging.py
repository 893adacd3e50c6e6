"""RequestLoggingMiddleware: one line per request, written by a background thread
(chats/middleware/log_pipeline.py)."""

from __future__ import annotations

import re

from django.conf import settings  # type: ignore[import-untyped]
from django.http import HttpRequest, HttpResponse  # type: ignore[import-untyped]

from chats.middleware.common import GetResponse
from chats.middleware.log_pipeline import request_log

# Control characters (C0, DEL, C1), Unicode line separators and bidirectional overrides:
# any of them in a logged value could start a fake line or disguise one. The backslash is
# escaped too, so that an escape in the log always means an escaped character.
LOG_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\\]")


def log_safe(value: object) -> str:
    """The value with every character that could split or disguise a log line escaped."""
    return LOG_UNSAFE.sub(_escape, str(value))


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def username(request: HttpRequest) -> str:
    """The signed-in user's name, or AnonymousUser (also when request.user is not set
    yet: this middleware placed above AuthenticationMiddleware)."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return "AnonymousUser"
    return str(user.get_username())


class RequestLoggingMiddleware:
    """One line per request: `<timestamp> - User: <name> - Path: <path> - Request-ID: <id>`.
    The request thread only formats the line and queues it: a slow disk slows the
    listener thread, never the response."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        log = request_log(
            settings.REQUEST_LOG_PATH, settings.REQUEST_LOG_MAX_BYTES, settings.REQUEST_LOG_BACKUPS
        )
        # request.path, not get_full_path(): a query string may carry a token.
        log.info(
            "User: %s - Path: %s - Request-ID: %s",
            log_safe(username(request)),
            log_safe(request.path),
            log_safe(getattr(request, "id", None) or "-"),
        )
        return self.get_response(request)
