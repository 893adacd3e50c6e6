"""The API under /api/, its health probe, OpenAPI schema, Swagger UI and ReDoc, the admin,
and the web pages at the root (web/urls.py)."""

from accounts.views import LogoutView, RegisterView, TokenObtainView
from bookings.views import BookingViewSet, ReviewListCreate
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from listings.views import ListingViewSet
from rest_framework.routers import DefaultRouter
from rest_framework_simplejwt.views import TokenRefreshView

from config.health import HealthView

router = DefaultRouter()
router.register("listings", ListingViewSet, basename="listing")
router.register("bookings", BookingViewSet, basename="booking")

api = [
    path("", include(router.urls)),
    path(
        "listings/<uuid:listing_id>/reviews/", ReviewListCreate.as_view(), name="listing-reviews"
    ),
    path("auth/register/", RegisterView.as_view(), name="register"),
    path("auth/logout/", LogoutView.as_view(), name="logout"),
    path("token/", TokenObtainView.as_view(), name="token_obtain_pair"),
    path("token/refresh/", TokenRefreshView.as_view(), name="token_refresh"),
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
