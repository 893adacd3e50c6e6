from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from bookings.services import add_release_guard

        from payments import handlers  # noqa: F401  registers the outbox handlers
        from payments.services import verify_payments_in_flight

        add_release_guard(verify_payments_in_flight)
