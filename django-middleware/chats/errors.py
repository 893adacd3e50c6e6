"""Every error answer in one shape, {"error": "...", "field": "..."?}: the views' own, and
those Django would otherwise write as HTML (no route, a wrong method, a failed CSRF
check, a malformed request, a crash). The crash's answer names no exception: its details
go to the server's log only.

config/urls.py points Django's handler400/403/404/500 here, and settings.CSRF_FAILURE_VIEW
at csrf_failure.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

View = Callable[..., HttpResponse]


def error(status: int, message: str, field: str | None = None) -> JsonResponse:
    body = {"error": message} if field is None else {"error": message, "field": field}
    return JsonResponse(body, status=status)


def allow(*methods: str) -> Callable[[View], View]:
    """Like require_http_methods, with a JSON 405 that names the methods allowed."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                refused = error(405, f"this URL accepts {', '.join(methods)} only")
                refused["Allow"] = ", ".join(methods)
                return refused
            return view(request, *args, **kwargs)

        return checked

    return decorate


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error(400, "the request is malformed")


def forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error(403, "you may not do this")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error(404, "not found")


def server_error(request: HttpRequest) -> HttpResponse:
    return error(500, "internal error")


def csrf_failure(request: HttpRequest, reason: str) -> HttpResponse:
    """Django's reasons are fixed texts ("CSRF cookie not set.") that tell a client what
    to send."""
    return error(403, f"CSRF check failed: {reason}")
