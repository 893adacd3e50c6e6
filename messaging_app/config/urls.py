"""The API under /api/, its OpenAPI schema and Swagger UI, the session sign-in of the
browsable API and of /api/direct/ (/api-auth/), and the admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("api/", include("chats.urls")),
    path("api/direct/", include("messaging.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    # Mounted in every environment: it is how a user who is not staff gets the session
    # that /api/direct/ and the browsable API read (the admin's sign-in takes staff only).
    # Its password checks share the sign-in throttle (config/security.py).
    path("api-auth/", include("rest_framework.urls")),
    path("admin/", admin.site.urls),
]

# Errors Django answers itself come back as JSON too (chats/errors.py).
handler400 = "chats.errors.bad_request"
handler403 = "chats.errors.forbidden"
handler404 = "chats.errors.not_found"
handler500 = "chats.errors.server_error"
