"""The program's JSON list, the DRF API, and the cache metrics."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_page
from rest_framework import permissions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from properties.cache import PAGE_TIMEOUT, list_generation
from properties.filters import PropertyFilter
from properties.models import Property
from properties.pages import local_pages
from properties.serializers import PropertySerializer
from properties.utils import get_all_properties, get_redis_cache_metrics

View = Callable[..., HttpResponse]


def cache_list_page(view: View) -> View:
    """cache_page(60 * 15) under a key prefix naming the list's current generation, behind
    a copy of the latest pages in this process (properties/pages.py).

    The generation is read once, when the request arrives: a page built from rows older
    than a write is stored under the old generation, where nobody looks any more. The
    server keeps pages 15 minutes, but browsers and proxies are told to ask again each
    time (`no-cache`): they cannot hear of a write."""

    @wraps(view)
    def cached(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        generation = list_generation()
        if generation is None:  # no cache to tell a write happened: no page is safe to keep
            response = view(request, *args, **kwargs)
        else:
            response = local_pages.get(generation, request)
            if response is None:
                response = _cache_page(generation, view, request, *args, **kwargs)
        response["Cache-Control"] = "no-cache"
        del response["Expires"]
        return response

    return cached


def _cache_page(
    generation: str, view: View, request: HttpRequest, *args: Any, **kwargs: Any
) -> HttpResponse:
    prefix = f"property_list.{generation}"
    response = cache_page(PAGE_TIMEOUT, key_prefix=prefix)(view)(request, *args, **kwargs)
    local_pages.put(generation, request, response)
    return response


@cache_list_page
def property_list(request: HttpRequest) -> JsonResponse:
    """`GET /properties/`: every property, as {"data": [...]} (the program's contract)."""
    rows = PropertySerializer(get_all_properties(), many=True).data
    return JsonResponse({"data": rows})


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
