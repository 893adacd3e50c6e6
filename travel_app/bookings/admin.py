from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from bookings import services
from bookings.models import Booking


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only but for canceling: an edit here would skip the overlap check and the
    server's price, which live in bookings/services.py."""

    list_display = (
        "listing",
        "guest",
        "start_date",
        "end_date",
        "guests",
        "total_price",
        "status",
    )
    list_filter = ("status", "start_date")
    search_fields = ("listing__title", "listing__location", "guest__email")
    list_select_related = ("listing", "guest")
    date_hierarchy = "start_date"
    actions = ("cancel",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Booking | None = None) -> bool:
        return False

    @admin.action(description="Cancel the selected bookings", permissions=("view",))
    def cancel(self, request: HttpRequest, bookings: QuerySet[Booking]) -> None:
        canceled = 0
        for booking in bookings:
            try:
                services.booking_cancel(booking_id=booking.pk, by=request.user)  # type: ignore[arg-type]
                canceled += 1
            except services.BookingError as error:
                self.message_user(request, f"{booking}: {error.message}", messages.WARNING)
        self.message_user(request, f"Canceled {canceled} booking(s).")
