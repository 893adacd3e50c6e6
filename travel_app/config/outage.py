"""A database that does not answer is a 503 with Retry-After, not a 500 page.

DatabaseOutageMiddleware turns django.db.OperationalError and InterfaceError raised by a
view (DRF re-raises them: they are not API errors), or by rendering its template, into a
503: JSON `{"detail": ...}` under /api/, a short HTML page elsewhere (the site, /admin).
Every other exception is left to Django. One warning line is logged per refused request,
not a traceback: during an outage every request fails the same way.

It also drops the connection the error left broken, so the next request on this thread
connects anew (Django does the same when a request finishes; doing it here does not rely
on that signal, which the test client leaves out).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

# Seconds a client should wait before trying again: a restarted or failed-over database
# (or a connection pool refilling after KILLs) is back within tens of seconds, and asking
# sooner only adds load while it comes back.
RETRY_AFTER_SECONDS = 30
OUTAGE_ERRORS = (OperationalError, InterfaceError)
MESSAGE = "The database is unavailable for a moment; try again shortly."
HTML_PAGE = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Try again shortly</title>"
    f"<h1>Try again shortly</h1><p>{MESSAGE}</p></html>"
)


class DatabaseOutageMiddleware:
    """A database error during a view answers 503 with Retry-After, in the path's format."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OUTAGE_ERRORS):
            return None  # not an outage: Django's own handling (500, 404...) applies
        logger.warning(
            "database unavailable (%s: %s): %s %s answered 503",
            type(exception).__name__,
            str(exception).strip() or "no message",
            request.method,
            request.path,
        )
        drop_broken_connections()
        return outage_response(request)


def outage_response(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": MESSAGE}, status=503)
    else:
        response = HttpResponse(HTML_PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def drop_broken_connections() -> None:
    """Close each connection that an error left unusable; healthy ones stay open.

    As Django's own check at the end of a request, but never inside a transaction block:
    whoever opened it (a test's transaction) ends it."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is None or connection.in_atomic_block:
            continue
        if not connection.errors_occurred:
            continue  # the error came from elsewhere: this connection answered
        if connection.is_usable():
            connection.errors_occurred = False
            continue
        # Closing a connection the server already dropped can fail too; Django forgets
        # it all the same, which is all that matters here.
        with contextlib.suppress(*OUTAGE_ERRORS):
            connection.close()
