from django.apps import AppConfig


class IpTrackingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ip_tracking"
    verbose_name = "IP tracking"
