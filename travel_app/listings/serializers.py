from __future__ import annotations

from decimal import Decimal

from accounts.models import User
from rest_framework import serializers

from listings.models import MAX_COMMENT, MAX_GUESTS, MAX_PRICE, Listing, Review

MAX_AMENITIES = 30


class PersonSerializer(serializers.ModelSerializer[User]):
    """Someone as others see them: a name, no contact details."""

    class Meta:
        model = User
        fields = ("user_id", "first_name", "last_name")
        read_only_fields = fields


class ListingSerializer(serializers.ModelSerializer[Listing]):
    host = PersonSerializer(read_only=True)
    price_per_night = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_PRICE
    )
    max_guests = serializers.IntegerField(min_value=1, max_value=MAX_GUESTS)
    amenities = serializers.ListField(
        child=serializers.CharField(max_length=50), max_length=MAX_AMENITIES, required=False
    )

    class Meta:
        model = Listing
        fields = (
            "listing_id",
            "host",
            "title",
            "description",
            "location",
            "price_per_night",
            "max_guests",
            "amenities",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("listing_id", "host", "created_at", "updated_at")


class ReviewSerializer(serializers.ModelSerializer[Review]):
    author = PersonSerializer(read_only=True)
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(
        max_length=MAX_COMMENT, required=False, allow_blank=True, default=""
    )

    class Meta:
        model = Review
        fields = ("review_id", "listing", "author", "rating", "comment", "created_at")
        read_only_fields = ("review_id", "listing", "author", "created_at")
