"""Reads of bookings: who sees which. The API and the web pages ask the same question."""

from __future__ import annotations

from accounts.models import User
from django.db.models import Q, QuerySet

from bookings.models import Booking


def bookings_visible_to(user: User) -> QuerySet[Booking]:
    """A guest's own bookings and the bookings of a host's listings; an admin's: all.
    Anyone else's booking is not in it, so asking for it is a 404, not a 403."""
    bookings = Booking.objects.all()
    if user.is_admin:
        return bookings
    return bookings.filter(Q(guest=user) | Q(listing__host=user))
