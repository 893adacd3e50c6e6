"""Places to stay, and what guests who stayed there say about them."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models

# Bounds of what a client may write or ask for: the serializers, filters and admin forms
# read them, so no value is too large for its column or its query.
MAX_GUESTS = 50
MAX_PRICE = Decimal("99999999.99")  # price_per_night: 10 digits, 2 after the point
MAX_DESCRIPTION = 5000
MAX_COMMENT = 2000


class Listing(models.Model):
    listing_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listings"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=MAX_DESCRIPTION)
    location = models.CharField(max_length=100)
    price_per_night = models.DecimalField(max_digits=10, decimal_places=2)
    max_guests = models.PositiveSmallIntegerField(default=2)
    amenities = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "listing_id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(price_per_night__gt=0), name="listing_price_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(max_guests__gte=1), name="listing_max_guests_positive"
            ),
        )
        indexes = (
            # The default order, newest first: a page without sorting every listing.
            models.Index(fields=("-created_at", "listing_id"), name="listing_newest"),
            # The filters: location, a price range, the number of guests.
            models.Index(fields=("location",), name="listing_location"),
            models.Index(fields=("price_per_night",), name="listing_price"),
            models.Index(fields=("max_guests",), name="listing_max_guests"),
        )

    def __str__(self) -> str:
        return f"{self.title} ({self.location})"


class Review(models.Model):
    review_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(max_length=MAX_COMMENT, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "review_id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"
            ),
            models.UniqueConstraint(
                fields=("listing", "author"), name="review_once_per_author_and_listing"
            ),
        )

    def __str__(self) -> str:
        return f"{self.rating}/5 for {self.listing_id}"
