"""The site's URLs: each app's own urls.py included, the API's under /api/v1/ and, as an
alias of the same version, /api/ (config/versioning.py), each with its root, health
probe, OpenAPI schema, Swagger UI and ReDoc; the admin, and the web pages at the root
(web/urls.py)."""

from collections.abc import Callable

from django.contrib import admin
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import APIRootView
from rest_framework.urlpatterns import format_suffix_patterns

from config.health import HealthView
from config.versioning import unknown_version

# The browsable API's index, as DRF's DefaultRouter would make it over both apps' routers.
api_root = APIRootView.as_view(
    api_root_dict={"listings": "listing-list", "bookings": "booking-list"}
)

operations = [
    path("", include("listings.urls")),
    path("", include("bookings.urls")),
    *format_suffix_patterns([path("", api_root, name="api-root")]),
    path("", include("accounts.urls")),
    path("health/", HealthView.as_view(), name="health"),
    path("payments/", include("payments.urls")),
]


def docs(schema: Callable[..., HttpResponse]) -> list[URLPattern]:
    """The schema view given, and Swagger UI and ReDoc reading it (reverse() keeps the
    version the page was asked under)."""
    return [
        path("schema/", schema, name="schema"),
        path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
        path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    ]


def version(name: str, *extra: URLPattern) -> URLResolver:
    """/api/<name>/: the API's operations in the namespace NamespaceVersioning reads."""
    return path(f"api/{name}/", include(([*operations, *extra], name), namespace=name))


# The v1 schema enumerates v1's routes only; the alias's reads the whole configuration,
# whose second copy of each operation only_one_copy (config/versioning.py) drops.
v1_schema = SpectacularAPIView.as_view(patterns=[version("v1")])

urlpatterns = [
    version("v1", *docs(v1_schema)),
    re_path(r"^api/(?P<name>v\d+)/", unknown_version),
    path("api/", include([*operations, *docs(SpectacularAPIView.as_view())])),
    path("swagger/", RedirectView.as_view(pattern_name="swagger-ui", permanent=False)),
    path("admin/", admin.site.urls),
    path("", include("web.urls")),
]
