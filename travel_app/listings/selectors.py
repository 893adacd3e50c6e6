"""Reads of listings: availability for a stay."""

from __future__ import annotations

from datetime import date

from bookings.models import Booking
from django.db.models import Exists, OuterRef, QuerySet

from listings.models import Listing


def available(listings: QuerySet[Listing], check_in: date, check_out: date) -> QuerySet[Listing]:
    """The listings with no pending or confirmed booking sharing a night with the stay."""
    taken = Booking.objects.overlapping(OuterRef("pk"), check_in, check_out)
    return listings.exclude(Exists(taken))
