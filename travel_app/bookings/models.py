"""Bookings of a listing's nights. The rule no CHECK can hold (no two live bookings of a
listing overlap) is kept by bookings/services.py under a row lock."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from listings.models import Listing


class Status(models.TextChoices):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    CANCELED = "canceled"


# The statuses that hold the nights: a canceled booking frees them.
LIVE = (Status.PENDING, Status.CONFIRMED)


class BookingQuerySet(models.QuerySet["Booking"]):
    def overlapping(self, listing: Any, start_date: date, end_date: date) -> BookingQuerySet:
        """Live bookings of `listing` (a Listing, or OuterRef("pk") in a subquery) sharing a
        night with start_date..end_date. The end date is a check-out day: free for the next."""
        return self.filter(
            listing=listing, status__in=LIVE, start_date__lt=end_date, end_date__gt=start_date
        )


class Booking(models.Model):
    booking_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="bookings")
    guest = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings"
    )
    start_date = models.DateField()
    end_date = models.DateField()
    guests = models.PositiveSmallIntegerField(default=1)
    total_price = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "booking_id")
        constraints = (
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="booking_ends_after_it_starts"
            ),
            models.CheckConstraint(condition=Q(guests__gte=1), name="booking_has_a_guest"),
            models.CheckConstraint(
                condition=Q(total_price__gte=0), name="booking_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="booking_status_valid"
            ),
        )
        indexes = (
            # The overlap check and the availability filter: a listing's bookings by dates.
            models.Index(
                fields=("listing", "start_date", "end_date"), name="booking_listing_dates"
            ),
            models.Index(fields=("guest", "-created_at"), name="booking_guest_recent"),
            # The job releasing unpaid bookings: pending ones older than a cutoff.
            models.Index(fields=("status", "created_at"), name="booking_status_age"),
        )

    def __str__(self) -> str:
        return f"{self.listing_id} {self.start_date}..{self.end_date} ({self.status})"

    @property
    def nights(self) -> int:
        return (self.end_date - self.start_date).days
