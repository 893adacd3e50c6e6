from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from rest_framework_simplejwt.token_blacklist import admin as token_admin
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.models import User


@admin.register(User)
class TravelUserAdmin(UserAdmin):  # type: ignore[type-arg]
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "role", "is_staff", "created_at")
    list_filter = ("role", "is_staff", "is_active")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("first_name", "last_name", "phone_number", "role")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = (
        (None, {"fields": ("email", "first_name", "last_name", "role", "password1", "password2")}),
    )


# simplejwt's own pages search "user__id", a field this user model (user_id) does not
# have: any search there was a 500. The same pages, searching by e-mail.
admin.site.unregister([OutstandingToken, BlacklistedToken])


@admin.register(OutstandingToken)
class OutstandingTokenAdmin(token_admin.OutstandingTokenAdmin):
    search_fields = ("user__email", "jti")


@admin.register(BlacklistedToken)
class BlacklistedTokenAdmin(token_admin.BlacklistedTokenAdmin):
    search_fields = ("token__user__email", "token__jti")
