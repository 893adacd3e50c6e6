"""The CRM's GraphQL endpoint (crm/urls.py) and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("crm.urls")),
    path("admin/", admin.site.urls),
]
