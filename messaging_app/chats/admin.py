from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from chats.models import Conversation, Message, MessageHistory, Notification, User


@admin.register(User)
class ChatUserAdmin(UserAdmin):  # type: ignore[type-arg]
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "role", "is_staff")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("first_name", "last_name", "phone_number", "role")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = (
        (None, {"fields": ("email", "first_name", "last_name", "password1", "password2")}),
    )


admin.site.register(Conversation)
admin.site.register(Message)
admin.site.register(Notification)
admin.site.register(MessageHistory)
