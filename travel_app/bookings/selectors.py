"""Reads of bookings: who sees which (the API and the web pages ask the same question),
which listings are free for a stay, and who has stayed where."""

from __future__ import annotations

from datetime import date

from accounts.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet
from listings.models import Listing

from bookings.models import Booking, Status


def bookings_visible_to(user: User) -> QuerySet[Booking]:
    """A guest's own bookings and the bookings of a host's listings; an admin's: all.
    Anyone else's booking is not in it, so asking for it is a 404, not a 403."""
    bookings = Booking.objects.all()
    if user.is_admin:
        return bookings
    return bookings.filter(Q(guest=user) | Q(listing__host=user))


def without_overlapping_bookings(
    listings: QuerySet[Listing], start_date: date, end_date: date
) -> QuerySet[Listing]:
    """The listings with no pending or confirmed booking sharing a night with the stay
    (the stay rule of listings/selectors.py's availability search)."""
    taken = Booking.objects.overlapping(OuterRef("pk"), start_date, end_date)
    return listings.exclude(Exists(taken))


def has_stayed(listing: Listing, guest: User, today: date) -> bool:
    """Whether `guest` had a confirmed stay at `listing` that has ended by `today`."""
    return Booking.objects.filter(
        listing=listing, guest=guest, status=Status.CONFIRMED, end_date__lte=today
    ).exists()
