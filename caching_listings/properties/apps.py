from django.apps import AppConfig


class PropertiesConfig(AppConfig):
    name = "properties"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connect the receivers (their @receiver decorators run on import).
        from properties import signals  # noqa: F401
