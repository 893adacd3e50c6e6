"""Listing pages cached and never stale after a write; sign-in and booking floods throttled."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from accounts.models import User
from bookings.models import Booking
from bookings.services import Stay, booking_cancel, booking_create
from django.utils import timezone
from listings.models import Listing
from rest_framework.test import APIClient
from tests.support import ClientFor, MakeUser

LISTINGS = "/api/listings/"


def titles(client: APIClient, **params: Any) -> list[str]:
    return sorted(row["title"] for row in client.get(LISTINGS, params).json()["results"])


@pytest.mark.task("cache.listings")
class TestListingCache:
    def test_a_second_read_makes_no_query(
        self, listing: Listing, django_assert_num_queries: Any
    ) -> None:
        client = APIClient()
        first = client.get(LISTINGS).json()
        detail = client.get(f"{LISTINGS}{listing.pk}/").json()
        with django_assert_num_queries(0):
            assert client.get(LISTINGS).json() == first
            assert client.get(f"{LISTINGS}{listing.pk}/").json() == detail

    def test_listing_writes_show_at_once(
        self, client_for: ClientFor, listing: Listing, host: User
    ) -> None:
        reader, owner = APIClient(), client_for(host)
        assert titles(reader) == ["Loft in Lisbon"]
        reader.get(f"{LISTINGS}{listing.pk}/")
        owner.patch(f"{LISTINGS}{listing.pk}/", {"title": "Loft by the Tagus"})
        assert titles(reader) == ["Loft by the Tagus"]
        assert reader.get(f"{LISTINGS}{listing.pk}/").json()["title"] == "Loft by the Tagus"
        owner.post(
            LISTINGS,
            {
                "title": "Attic",
                "description": "d",
                "location": "Porto",
                "price_per_night": "50.00",
                "max_guests": 2,
            },
        )
        assert titles(reader) == ["Attic", "Loft by the Tagus"]
        owner.delete(f"{LISTINGS}{listing.pk}/")
        assert titles(reader) == ["Attic"]
        assert reader.get(f"{LISTINGS}{listing.pk}/").status_code == 404

    def test_bookings_change_the_availability_search_at_once(
        self, listing: Listing, guest: User
    ) -> None:
        start = timezone.localdate() + timedelta(days=30)
        stay = {
            "check_in": start.isoformat(),
            "check_out": (start + timedelta(days=2)).isoformat(),
        }
        reader = APIClient()
        assert titles(reader, **stay) == ["Loft in Lisbon"]
        booking = booking_create(
            listing_id=listing.pk, guest=guest, stay=Stay(start, start + timedelta(days=2))
        )
        assert titles(reader, **stay) == []
        booking_cancel(booking_id=booking.pk, by=guest)
        assert titles(reader, **stay) == ["Loft in Lisbon"]

    def test_an_orm_write_drops_the_pages_too(self, listing: Listing) -> None:
        reader = APIClient()
        titles(reader)
        Listing.objects.filter(pk=listing.pk).first().save()  # type: ignore[union-attr]
        Listing.objects.create(
            host=listing.host,
            title="Barn",
            description="d",
            location="Evora",
            price_per_night=Decimal("40"),
        )
        assert titles(reader) == ["Barn", "Loft in Lisbon"]


@pytest.mark.task("security.throttling")
class TestThrottling:
    def test_password_guessing_is_throttled(self, guest: User) -> None:
        client = APIClient()
        answers = [
            client.post(
                "/api/token/", {"email": guest.email, "password": f"guess-{n}"}
            ).status_code
            for n in range(11)
        ]
        assert answers == [401] * 10 + [429]
        assert (
            client.post(
                "/api/token/", {"email": guest.email, "password": "a-pass-phrase"}
            ).status_code
            == 429
        )

    def test_booking_floods_are_throttled_per_user(
        self, client_for: ClientFor, listing: Listing, guest: User, make_user: MakeUser
    ) -> None:
        client = client_for(guest)
        answers = [
            client.post(
                "/api/bookings/", {"listing": str(listing.pk), "start_date": "soon"}
            ).status_code
            for _ in range(21)
        ]
        assert answers == [400] * 20 + [429]
        assert client.get("/api/bookings/").status_code == 200  # reading is not limited
        assert (
            client_for(make_user()).post("/api/bookings/", {}).status_code == 400
        )  # another user is not
        assert not Booking.objects.exists()
