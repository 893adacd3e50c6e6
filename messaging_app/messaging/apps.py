from django.apps import AppConfig


class MessagingConfig(AppConfig):
    """The program's Django-signals_orm-0x04 unit in its own layout: a message from one
    user to another, its notifications, its edit history, threads and an unread inbox."""

    name = "messaging"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connect the receivers (their @receiver decorators run on import).
        from messaging import signals  # noqa: F401
