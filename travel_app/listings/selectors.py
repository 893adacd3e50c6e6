"""Reads of listings: availability for a stay."""

from __future__ import annotations

from datetime import date

from bookings.models import LIVE, Booking
from django.db.models import Exists, OuterRef, QuerySet

from listings.models import Listing


def available(listings: QuerySet[Listing], check_in: date, check_out: date) -> QuerySet[Listing]:
    """The listings with no pending or confirmed booking sharing a night with the stay."""
    taken = Booking.objects.filter(
        listing=OuterRef("pk"), status__in=LIVE, start_date__lt=check_out, end_date__gt=check_in
    )
    return listings.exclude(Exists(taken))
