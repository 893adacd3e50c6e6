"""HealthProbeMiddleware (ours): `GET /api/health/`, the container's probe, answered
above every other layer.

A probe must answer at any hour (RestrictAccessByTimeMiddleware would refuse it outside
the chat's), by the container's address (Docker and Kubernetes ask there, which
ALLOWED_HOSTS cannot list in advance), and without a line in the request log every few
seconds. So it is first in settings.MIDDLEWARE and answers before the others run.
"""

from __future__ import annotations

from django.db import DatabaseError, connection  # type: ignore[import-untyped]
from django.http import HttpRequest, HttpResponse, JsonResponse  # type: ignore[import-untyped]

from chats.middleware.common import GetResponse, json_error

HEALTH_PATH = "/api/health/"


class HealthProbeMiddleware:
    """200 when the database answers, 503 when it does not: the container turns unhealthy."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != HEALTH_PATH or request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            return json_error(503, "the database does not answer")
        return JsonResponse({"status": "ok"})
