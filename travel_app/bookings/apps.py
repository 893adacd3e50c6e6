from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from listings.selectors import add_stay_rule

        from bookings import signals  # noqa: F401  connects the receivers
        from bookings.selectors import without_overlapping_bookings

        add_stay_rule(without_overlapping_bookings)
