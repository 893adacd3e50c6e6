"""Reviews: only after a confirmed stay has ended, once per guest and listing."""

from __future__ import annotations

from datetime import date

import pytest
from accounts.models import User
from bookings.models import Booking, Status
from bookings.services import ReviewError, review_create
from listings.models import Listing, Review
from tests.support import TODAY

pytestmark = pytest.mark.task("reviews.eligibility")


def stay(listing: Listing, guest: User, status: str, end: date) -> Booking:
    return Booking.objects.create(
        listing=listing,
        guest=guest,
        start_date=date(2030, 5, 1),
        end_date=end,
        total_price=240,
        status=status,
    )


def review(listing: Listing, guest: User, rating: int = 5) -> Review:
    return review_create(
        listing=listing, author=guest, rating=rating, comment=" Lovely. ", today=TODAY
    )


def test_after_a_confirmed_stay(listing: Listing, guest: User) -> None:
    stay(listing, guest, Status.CONFIRMED, date(2030, 5, 3))
    made = review(listing, guest)
    assert (made.rating, made.comment) == (5, "Lovely.")


@pytest.mark.parametrize(
    ("status", "end"),
    [
        (Status.PENDING, date(2030, 5, 3)),
        (Status.CANCELED, date(2030, 5, 3)),
        (Status.CONFIRMED, date(2030, 6, 5)),
    ],
    ids=["pending", "canceled", "not over yet"],
)
def test_not_without_a_finished_confirmed_stay(
    listing: Listing, guest: User, status: str, end: date
) -> None:
    stay(listing, guest, status, end)
    with pytest.raises(ReviewError, match="confirmed stay has ended"):
        review(listing, guest)
    assert not Review.objects.exists()


def test_once_per_guest_and_listing(listing: Listing, guest: User) -> None:
    stay(listing, guest, Status.CONFIRMED, date(2030, 5, 3))
    review(listing, guest)
    with pytest.raises(ReviewError, match="already reviewed"):
        review(listing, guest, rating=1)
    assert Review.objects.get().rating == 5


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_ratings_are_1_to_5(listing: Listing, guest: User, rating: int) -> None:
    stay(listing, guest, Status.CONFIRMED, date(2030, 5, 3))
    with pytest.raises(ReviewError, match="1 to 5"):
        review(listing, guest, rating=rating)
