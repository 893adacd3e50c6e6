from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from outbox.models import OutboxMessage
from outbox.services import resend

STATES: dict[str, dict[str, bool]] = {
    "dead": {"dead_at__isnull": False},
    "open": {"done_at__isnull": True, "dead_at__isnull": True},
    "done": {"done_at__isnull": False},
}


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, str]]:  # type: ignore[type-arg]
        return [("dead", "Dead letters"), ("open", "Open"), ("done", "Done")]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[OutboxMessage]
    ) -> QuerySet[OutboxMessage]:
        lookup = STATES.get(self.value() or "")
        return queryset.filter(**lookup) if lookup else queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """What had to happen after a write, and whether it did; read-only. A dead letter
    (every attempt failed, see last_error) is resent with the action, once what failed
    is mended."""

    list_display = ("topic", "created_at", "attempts", "done_at", "dead_at", "last_error")
    list_filter = (StateFilter, "topic")
    search_fields = ("topic", "last_error")
    date_hierarchy = "created_at"
    actions = ("resend_dead_letters",)

    @admin.action(description="Resend the selected dead letters")
    def resend_dead_letters(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        count = resend(queryset)
        self.message_user(request, f"{count} dead letter(s) sent again.", messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: OutboxMessage | None = None
    ) -> bool:
        return False
