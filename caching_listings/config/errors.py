"""Django's own error answers (no route, a failed CSRF check, a malformed request, a
crash) as JSON, like the API's: {"detail": "..."}. A crash's answer names no exception:
its details go to the server's log only. Django uses these with DEBUG off; with DEBUG on
it shows its debugging pages instead.

config/urls.py points handler400/403/404/500 here, and settings.CSRF_FAILURE_VIEW at
csrf_failure.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return JsonResponse({"detail": "The request is malformed."}, status=400)


def forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    return JsonResponse({"detail": "You may not do this."}, status=403)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return JsonResponse({"detail": "Not found."}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"detail": "Internal error."}, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's reasons are fixed texts ("CSRF cookie not set.") that tell a client what
    to send."""
    return JsonResponse({"detail": f"CSRF check failed: {reason}".rstrip(": ")}, status=403)
