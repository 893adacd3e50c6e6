from django.contrib import admin
from django.http import HttpRequest

from notifications.models import SentEmail


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """What was mailed, read-only. Deleting a record lets its e-mail be sent again, by the
    next delivery of a task that asks for it."""

    list_display = ("key", "to", "subject", "claimed_at", "sent_at")
    list_filter = ("sent_at",)
    search_fields = ("key", "to", "subject")
    date_hierarchy = "claimed_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SentEmail | None = None) -> bool:
        return False
