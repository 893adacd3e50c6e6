"""The program's view: `GET /properties/`, every property as {"data": [...]}, cached 15
minutes (`cache_page(60 * 15)`, keyed by the list's generation: properties/pages.py)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from properties.pages import cache_list_page
from properties.selectors import get_all_properties
from properties.serializers import PropertySerializer


@cache_list_page
def property_list(request: HttpRequest) -> JsonResponse:
    """Every property, newest first, from get_all_properties() (the low-level cache)."""
    rows = PropertySerializer(get_all_properties(), many=True).data
    return JsonResponse({"data": rows})
