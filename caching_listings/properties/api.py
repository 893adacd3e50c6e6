"""The DRF API at /api/properties/, the cache metrics at /properties/metrics/, and the
health probe at /api/health/. Thin: reads come from properties/selectors.py, writes go
through properties/services.py."""

from __future__ import annotations

import re
from typing import Any

from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils.decorators import method_decorator
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from properties.filters import PropertyFilter
from properties.models import Property
from properties.pages import cache_list_page
from properties.selectors import get_redis_cache_metrics
from properties.serializers import PropertySerializer
from properties.services import create_property, delete_property, update_property

PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")  # 1 to 999,999,999: a page, never a huge int


class PropertyPagination(PageNumberPagination):
    """`?page=N` (or `last`): a malformed number is a 400 naming `page`; a page past the
    end stays DRF's 404."""

    def get_page_number(self, request: Request, paginator: Paginator[Any]) -> str:
        number = str(super().get_page_number(request, paginator))
        if number not in self.last_page_strings and not PAGE_NUMBER.fullmatch(number):
            raise ValidationError({"page": ["A page is a whole number from 1, or 'last'."]})
        return number


class PropertyViewSet(viewsets.ModelViewSet[Property]):
    """`/api/properties/`: 20 a page, `?location=`, `?min_price=`, `?max_price=`; anyone
    reads, staff write. Its list pages share the JSON view's generation."""

    queryset = Property.objects.all()
    serializer_class = PropertySerializer
    filterset_class = PropertyFilter
    pagination_class = PropertyPagination

    def get_permissions(self) -> list[permissions.BasePermission]:
        if self.action in {"list", "retrieve"}:
            return [permissions.AllowAny()]
        return super().get_permissions()

    @method_decorator(cache_list_page)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    # The serializer validates; the service writes (and the row's signal invalidates).
    def perform_create(self, serializer: BaseSerializer[Property]) -> None:
        serializer.instance = create_property(**serializer.validated_data)

    def perform_update(self, serializer: BaseSerializer[Property]) -> None:
        assert serializer.instance is not None  # an update always has its row
        serializer.instance = update_property(serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance: Property) -> None:
        delete_property(instance)


def cache_metrics(request: HttpRequest) -> JsonResponse:
    """`GET /properties/metrics/`: Redis's hits, misses and hit ratio, or why there are none."""
    return JsonResponse(get_redis_cache_metrics())


def health(request: HttpRequest) -> JsonResponse:
    """`GET /api/health/`, the image's HEALTHCHECK: 200 when the database answers, 503 when
    it does not. Redis is not asked: the list is served without it, uncached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "the database does not answer"}, status=503)
    return JsonResponse({"status": "ok"})
