"""`GET /api/health/`: is this process up and does its database answer (container probes)."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

logger = logging.getLogger(__name__)


class HealthSerializer(serializers.Serializer[dict[str, str]]):
    status = serializers.CharField()


class HealthView(APIView):
    """200 {"status": "ok"} when `SELECT 1` runs, 503 {"status": "unavailable"} when not.

    Anyone may ask, without a token, as often as a probe likes: no authentication, no
    throttle (a throttled probe would mark a healthy container unhealthy).
    """

    permission_classes = (permissions.AllowAny,)
    authentication_classes = ()
    throttle_classes = ()

    @extend_schema(responses={200: HealthSerializer, 503: HealthSerializer})
    def get(self, request: Request) -> Response:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as error:
            logger.warning("health: the database does not answer: %s", error)
            return Response({"status": "unavailable"}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return Response({"status": "ok"})
