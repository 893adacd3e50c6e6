"""The program's JSON list at /properties/, the DRF API under /api/, and the admin;
Django's own error answers in JSON (config/errors.py)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("properties.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.forbidden"
handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
