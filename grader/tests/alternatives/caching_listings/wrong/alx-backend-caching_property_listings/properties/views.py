from django.http import JsonResponse

from .models import Property


# Cached in Redis for 15 minutes (CACHE_MIDDLEWARE_SECONDS = 900 in settings)
def property_list(request):
    properties = Property.objects.all().values("id", "title", "price", "location")
    return JsonResponse({"data": list(properties)})
