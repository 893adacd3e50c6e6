"""The admin app with this project's site (config/search.py), Django's documented way:
INSTALLED_APPS names this config instead of "django.contrib.admin"."""

from django.contrib.admin.apps import AdminConfig


class TravelAdminConfig(AdminConfig):
    default_site = "config.search.BoundedSearchAdminSite"
