"""The errors Django answers itself (no route, an Http404 from a plain view, a failed
CSRF check, a malformed request, a crash) in the API's shape, {"detail": "..."}, instead
of an HTML page. A crash's answer names no exception: its details go to the log only.

config/urls.py points Django's handler400/403/404/500 here, and settings.CSRF_FAILURE_VIEW
at csrf_failure. DRF's views answer their own errors in the same shape.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse


def detail(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return detail(400, "The request is malformed.")


def forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    return detail(403, "You do not have permission to perform this action.")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return detail(404, "Not found.")


def server_error(request: HttpRequest) -> HttpResponse:
    return detail(500, "Server error.")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's reasons are fixed texts ("CSRF cookie not set.") that tell a client what
    to send."""
    return detail(403, f"CSRF check failed: {reason}")
