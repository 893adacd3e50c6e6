from django.contrib import admin

from properties.models import Property


@admin.register(Property)
class PropertyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "location", "price", "created_at")
    search_fields = ("title", "location")
