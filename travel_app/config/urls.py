"""The admin for now; the REST API (listings, bookings, reviews) comes with its own URLs."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
