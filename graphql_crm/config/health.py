"""HealthProbeMiddleware: `GET /api/health/`, the container's probe. 200 while the
database answers, 503 when it does not: a stopped database makes the container unhealthy
instead of leaving a web that looks fine and fails every query.

First in settings.MIDDLEWARE, it answers before the other layers run: by whatever address
the probe uses (Kubernetes asks at the pod's, which ALLOWED_HOSTS cannot list in advance)
and over plain HTTP (never redirected to HTTPS).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse

logger = logging.getLogger(__name__)

HEALTH_PATH = "/api/health/"


class HealthProbeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in {"GET", "HEAD"}:
            return HttpResponseNotAllowed(["GET", "HEAD"])
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as error:
            logger.warning("health: the database does not answer: %s", error)
            return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
        return JsonResponse({"status": "ok", "database": "ok"})
