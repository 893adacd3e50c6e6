"""Reviews: one per guest and listing, and only after a confirmed stay has ended."""

from __future__ import annotations

from datetime import date

from accounts.models import User
from bookings.models import Booking, Status
from django.db import IntegrityError, transaction
from django.utils import timezone

from listings.models import Listing, Review


class ReviewError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def review_create(
    *, listing: Listing, author: User, rating: int, comment: str = "", today: date | None = None
) -> Review:
    if not 1 <= rating <= 5:
        raise ReviewError("rating", "A rating is a whole number from 1 to 5.")
    stayed = Booking.objects.filter(
        listing=listing,
        guest=author,
        status=Status.CONFIRMED,
        end_date__lte=today or timezone.localdate(),
    )
    if not stayed.exists():
        raise ReviewError("listing", "Only a guest whose confirmed stay has ended can review it.")
    try:
        with transaction.atomic():
            return Review.objects.create(
                listing=listing, author=author, rating=rating, comment=comment.strip()
            )
    except IntegrityError as error:
        raise ReviewError("listing", "You have already reviewed this listing.") from error
