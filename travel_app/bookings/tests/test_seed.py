"""The program's `manage.py seed` fills the database with sample listings. Beyond it, ours
is deterministic, idempotent, and says how to sign in."""

from __future__ import annotations

import io
import itertools

import pytest
from accounts.models import User
from bookings.models import Booking, Status
from django.core.management import CommandError, call_command
from listings.models import Listing

extras = pytest.mark.task("extras.seed")


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


@pytest.mark.task("seed.command")
def test_the_seed_command_fills_the_database_with_listings(db: None) -> None:
    seed()
    assert Listing.objects.exists(), "no listing seeded"
    assert all(
        listing.host_id and listing.price_per_night > 0 for listing in Listing.objects.all()
    ), "a listing without a host or a price"


@extras
def test_seeds_then_adds_nothing_the_second_time(db: None) -> None:
    first = seed("--listings", "25", "--seed", "3")
    assert "added 15 users, 25 listings, 50 bookings" in first
    rows = sorted(Listing.objects.values_list("listing_id", "title", "price_per_night"))
    assert "added 0 users, 0 listings, 0 bookings" in seed("--listings", "25", "--seed", "3")
    assert sorted(Listing.objects.values_list("listing_id", "title", "price_per_night")) == rows


@extras
def test_prints_demo_accounts_that_can_sign_in(db: None) -> None:
    out = seed("--listings", "3")
    assert "host1@demo.travel" in out and "guest1@demo.travel" in out  # noqa: PT018
    assert User.objects.get(email="guest1@demo.travel").check_password("demo-pass-2026")


@extras
def test_every_listing_has_a_past_confirmed_stay_and_no_overlap(db: None) -> None:
    seed("--listings", "10")
    for listing in Listing.objects.all():
        assert listing.bookings.filter(status=Status.CONFIRMED).exists()
        live = list(listing.bookings.exclude(status=Status.CANCELED).order_by("start_date"))
        assert all(a.end_date <= b.start_date for a, b in itertools.pairwise(live))
    assert all(
        b.total_price == b.listing.price_per_night * b.nights
        for b in Booking.objects.select_related("listing")
    )


@extras
@pytest.mark.parametrize("count", ["0", "100001"])
def test_a_bad_count_is_refused(db: None, count: str) -> None:
    with pytest.raises(CommandError, match="--listings must be between"):
        seed("--listings", count)
    assert not Listing.objects.exists()
