"""Payments and webhook events, read-only: they are what Chapa and the services said,
and an edit here would make them lie. `refund reason` not empty: money to give back."""

from django.contrib import admin
from django.http import HttpRequest

from payments.models import Payment, WebhookEvent


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = (
        "tx_ref",
        "booking",
        "amount",
        "currency",
        "status",
        "refund_reason",
        "created_at",
    )
    list_filter = (
        "status",
        "currency",
        ("refund_reason", admin.EmptyFieldListFilter),
        "created_at",
    )
    search_fields = (
        "tx_ref",
        "gateway_reference",
        "booking__guest__email",
        "booking__listing__title",
    )
    list_select_related = ("booking",)
    date_hierarchy = "created_at"


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnly):
    list_display = ("event", "tx_ref", "received_at", "processed_at", "outcome")
    list_filter = ("event", ("processed_at", admin.EmptyFieldListFilter), "received_at")
    search_fields = ("tx_ref", "key")
    date_hierarchy = "received_at"
