"""The DRF API at /api/properties/, and the cache metrics at /properties/metrics/."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.decorators import method_decorator
from rest_framework import permissions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from properties.filters import PropertyFilter
from properties.models import Property
from properties.pages import cache_list_page
from properties.serializers import PropertySerializer
from properties.utils import get_redis_cache_metrics


class PropertyViewSet(viewsets.ModelViewSet[Property]):
    """`/api/properties/`: 20 a page, `?location=`, `?min_price=`, `?max_price=`; anyone
    reads, staff write. Its list pages share the JSON view's generation."""

    queryset = Property.objects.all()
    serializer_class = PropertySerializer
    filterset_class = PropertyFilter

    def get_permissions(self) -> list[permissions.BasePermission]:
        if self.action in {"list", "retrieve"}:
            return [permissions.AllowAny()]
        return super().get_permissions()

    @method_decorator(cache_list_page)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


def cache_metrics(request: HttpRequest) -> JsonResponse:
    """`GET /properties/metrics/`: Redis's hits, misses and hit ratio, or why there are none."""
    return JsonResponse(get_redis_cache_metrics())
