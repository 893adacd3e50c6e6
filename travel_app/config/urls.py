"""The site's URLs: each app's own urls.py included, the API's under /api/ (with its
root, health probe, OpenAPI schema, Swagger UI and ReDoc), the admin, and the web pages
at the root (web/urls.py)."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import APIRootView
from rest_framework.urlpatterns import format_suffix_patterns

from config.health import HealthView

# The browsable API's index, as DRF's DefaultRouter would make it over both apps' routers.
api_root = APIRootView.as_view(
    api_root_dict={"listings": "listing-list", "bookings": "booking-list"}
)

api = [
    path("", include("listings.urls")),
    path("", include("bookings.urls")),
    *format_suffix_patterns([path("", api_root, name="api-root")]),
    path("", include("accounts.urls")),
    path("health/", HealthView.as_view(), name="health"),
    path("payments/", include("payments.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]

urlpatterns = [
    path("api/", include(api)),
    path("swagger/", RedirectView.as_view(pattern_name="swagger-ui", permanent=False)),
    path("admin/", admin.site.urls),
    path("", include("web.urls")),
]
