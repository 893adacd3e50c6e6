from django.http import JsonResponse
from django.views.decorators.cache import cache_page

from properties.utils import get_all_properties

FIFTEEN_MINUTES = 60 * 15


def as_dict(prop):
    return {
        "id": prop.id,
        "title": prop.title,
        "description": prop.description,
        "price": float(prop.price),
        "location": prop.location,
        "created_at": prop.created_at.isoformat(),
    }


@cache_page(FIFTEEN_MINUTES)
def property_list(request):
    return JsonResponse([as_dict(p) for p in get_all_properties()], safe=False)
