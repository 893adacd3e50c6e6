from django.contrib import admin

from listings.models import Listing, Review


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "location", "price_per_night", "max_guests", "host", "created_at")
    list_filter = ("location", "max_guests")
    search_fields = ("title", "description", "location", "host__email")
    list_select_related = ("host",)
    raw_id_fields = ("host",)  # a select of every user would not scale


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("listing", "author", "rating", "created_at")
    list_filter = ("rating",)
    search_fields = ("listing__title", "author__email", "comment")
    list_select_related = ("listing", "author")
    raw_id_fields = ("listing", "author")
