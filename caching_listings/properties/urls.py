from django.urls import include, path
from rest_framework.routers import DefaultRouter

from properties.api import PropertyViewSet, cache_metrics, health
from properties.views import property_list

router = DefaultRouter()
router.register("properties", PropertyViewSet, basename="property")

urlpatterns = [
    path("properties/", property_list, name="property_list"),
    path("properties/metrics/", cache_metrics, name="cache_metrics"),
    path("api/health/", health, name="health"),
    path("api/", include(router.urls)),
]
