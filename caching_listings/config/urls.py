"""The program's JSON list at /properties/, the DRF API under /api/, and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("properties.urls")),
    path("admin/", admin.site.urls),
]
