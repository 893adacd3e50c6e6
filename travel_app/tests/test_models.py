"""The rules the database itself holds: checks and uniques, whoever writes. They belong
to the tasks whose services keep the same rules (the starter check cannot empty a models
file without breaking Django's start)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from accounts.models import User
from bookings.models import Booking
from django.db import IntegrityError, transaction
from listings.models import Listing, Review


def refused(make: Any) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


@pytest.mark.task("bookings.rules")
def test_listing_checks(host: User) -> None:
    base = {
        "host": host,
        "title": "t",
        "description": "d",
        "location": "Kyoto",
        "price_per_night": Decimal("10"),
    }
    assert refused(lambda: Listing.objects.create(**{**base, "price_per_night": Decimal("0")}))
    assert refused(lambda: Listing.objects.create(**{**base, "max_guests": 0}))
    assert not refused(lambda: Listing.objects.create(**base))


@pytest.mark.task("bookings.rules")
def test_booking_checks(listing: Listing, guest: User) -> None:
    base = {
        "listing": listing,
        "guest": guest,
        "start_date": date(2030, 1, 2),
        "end_date": date(2030, 1, 4),
        "total_price": Decimal("240"),
    }
    assert refused(lambda: Booking.objects.create(**{**base, "end_date": date(2030, 1, 2)}))
    assert refused(lambda: Booking.objects.create(**{**base, "guests": 0}))
    assert refused(lambda: Booking.objects.create(**{**base, "total_price": Decimal("-1")}))
    assert refused(lambda: Booking.objects.create(**{**base, "status": "lost"}))
    assert not refused(lambda: Booking.objects.create(**base))


@pytest.mark.task("reviews.eligibility")
def test_review_checks(listing: Listing, guest: User) -> None:
    assert refused(lambda: Review.objects.create(listing=listing, author=guest, rating=6))
    assert refused(lambda: Review.objects.create(listing=listing, author=guest, rating=0))
    Review.objects.create(listing=listing, author=guest, rating=5)
    assert refused(lambda: Review.objects.create(listing=listing, author=guest, rating=4))


@pytest.mark.task("bookings.rules")
def test_users_have_a_known_role_and_a_unique_email(guest: User) -> None:
    assert refused(
        lambda: User.objects.create_user(guest.email, "x", first_name="a", last_name="b")
    )
    assert refused(
        lambda: User.objects.create_user(
            "new@example.com", "x", first_name="a", last_name="b", role="owner"
        )
    )
