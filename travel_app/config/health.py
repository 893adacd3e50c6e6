"""`GET /api/health/`: is this process up, and do its database, cache and broker answer
(container probes). Only the database decides the status code: the cache is optional
(a miss when down, config/cache.py) and a booking's e-mail waits for the broker, so a
probe must not restart a container for their outage; it reads "degraded" instead."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from drf_spectacular.utils import extend_schema
from kombu import Connection
from kombu.exceptions import OperationalError
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

OK, UNAVAILABLE = "ok", "unavailable"
# What each of the three answers; one enum in the schema (SPECTACULAR_SETTINGS).
SERVICE_STATES = (OK, UNAVAILABLE)
# Seconds to wait for the broker: a probe answers well within its own timeout.
BROKER_TIMEOUT = 1.0


class HealthSerializer(serializers.Serializer[dict[str, str]]):
    status = serializers.ChoiceField(choices=[OK, "degraded", UNAVAILABLE])
    database = serializers.ChoiceField(choices=SERVICE_STATES)
    cache = serializers.ChoiceField(choices=SERVICE_STATES)
    broker = serializers.ChoiceField(choices=SERVICE_STATES)


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("health: the database does not answer: %s", error)
        return UNAVAILABLE
    return OK


def cache_state() -> str:
    try:
        cache.get("health:probe")  # a round trip; nothing is written
    except CACHE_ERRORS as error:
        logger.warning("health: the cache does not answer: %s", error)
        return UNAVAILABLE
    return OK


def broker_state() -> str:
    url = settings.CELERY_BROKER_URL
    if url.startswith("memory://"):
        return OK  # inside this process: up while the process is
    try:
        with Connection(url, connect_timeout=BROKER_TIMEOUT) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT)
    except OperationalError as error:
        logger.warning("health: the broker does not answer: %s", error)
        return UNAVAILABLE
    return OK


class HealthView(APIView):
    """200 {"status": "ok"} when all three answer, "degraded" when the cache or the broker
    does not; 503 {"status": "unavailable"} when the database does not.

    Anyone may ask, without a token, as often as a probe likes: no authentication, no
    throttle (a throttled probe would mark a healthy container unhealthy).
    """

    permission_classes = (permissions.AllowAny,)
    authentication_classes = ()
    throttle_classes = ()

    @extend_schema(responses={200: HealthSerializer, 503: HealthSerializer})
    def get(self, request: Request) -> Response:
        parts = {"database": database_state(), "cache": cache_state(), "broker": broker_state()}
        if parts["database"] != OK:
            body = {"status": UNAVAILABLE, **parts}
            return Response(body, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        degraded = any(state != OK for state in parts.values())
        return Response({"status": "degraded" if degraded else OK, **parts})
