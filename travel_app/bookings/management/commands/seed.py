"""`python manage.py seed [--listings N] [--seed S]`: demo users, listings and bookings.

Deterministic: every row's id comes from the seed and its number (uuid5), so the same
command makes the same rows, and running it again adds nothing (bulk inserts that skip
existing ids). Prints the demo accounts to sign in with.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

from accounts.models import Role, User
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from listings.models import Listing

from bookings.models import Booking, Status

DEMO_PASSWORD = "demo-pass-2026"
HOSTS, GUESTS = 5, 10
CITIES = (
    "Addis Ababa",
    "Nairobi",
    "Lisbon",
    "Kyoto",
    "Cape Town",
    "Marrakesh",
    "Oaxaca",
    "Tbilisi",
)
KINDS = ("Studio", "Loft", "Cottage", "Villa", "Apartment", "Cabin", "Townhouse")
AMENITIES = (
    "wifi",
    "kitchen",
    "parking",
    "pool",
    "air conditioning",
    "washer",
    "workspace",
    "balcony",
)
MAX_LISTINGS = 100_000


class Command(BaseCommand):
    help = "Create demo users, listings and bookings (deterministic and idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--listings", type=int, default=40, help="how many listings (default 40)"
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="the same seed makes the same rows"
        )

    def handle(self, *args: Any, listings: int, seed: int, **options: Any) -> None:
        if not 1 <= listings <= MAX_LISTINGS:
            raise CommandError(
                f"--listings must be between 1 and {MAX_LISTINGS:,}, got {listings}"
            )
        rng = random.Random(seed)
        before = (User.objects.count(), Listing.objects.count(), Booking.objects.count())
        with transaction.atomic():
            hosts, guests = seed_users(seed)
            homes = seed_listings(rng, seed, listings, hosts)
            seed_bookings(rng, seed, homes, guests)
        after = (User.objects.count(), Listing.objects.count(), Booking.objects.count())
        added = ", ".join(
            f"{n - b} {what}"
            for n, b, what in zip(after, before, ("users", "listings", "bookings"), strict=True)
        )
        self.stdout.write(f"added {added}")
        self.stdout.write(f"demo accounts (password {DEMO_PASSWORD}):")
        for user in (hosts[0], guests[0]):
            self.stdout.write(f"  {user.role:<5} {user.email}")


def row_id(seed: int, kind: str, number: int) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"travel-app-seed/{seed}/{kind}/{number}")


def seed_users(seed: int) -> tuple[list[User], list[User]]:
    password = make_password(DEMO_PASSWORD)

    def make(role: str, number: int) -> User:
        return User(
            user_id=row_id(seed, role, number),
            email=f"{role}{number}@demo.travel"
            if seed == 1
            else f"{role}{number}.s{seed}@demo.travel",
            first_name=f"{role.title()}{number}",
            last_name="Demo",
            role=role,
            password=password,
        )

    hosts = [make(Role.HOST, n) for n in range(1, HOSTS + 1)]
    guests = [make(Role.GUEST, n) for n in range(1, GUESTS + 1)]
    User.objects.bulk_create(hosts + guests, ignore_conflicts=True)
    return hosts, guests


def seed_listings(rng: random.Random, seed: int, count: int, hosts: list[User]) -> list[Listing]:
    homes = []
    for number in range(count):
        city, kind = rng.choice(CITIES), rng.choice(KINDS)
        guests = rng.randint(1, 8)
        homes.append(
            Listing(
                listing_id=row_id(seed, "listing", number),
                host=hosts[number % len(hosts)],
                title=f"{kind} in {city} for {guests}",
                description=f"{kind} in {city}; sleeps {guests}.",
                location=city,
                price_per_night=Decimal(rng.randrange(3_000, 40_000)) / 100,
                max_guests=guests,
                amenities=sorted(rng.sample(AMENITIES, rng.randint(2, 5))),
            )
        )
    Listing.objects.bulk_create(homes, ignore_conflicts=True)
    return homes


def seed_bookings(rng: random.Random, seed: int, homes: list[Listing], guests: list[User]) -> None:
    """Per listing: a past confirmed stay (so its guest may review) and a future pending one."""
    today = timezone.localdate()
    bookings = []
    for number, home in enumerate(homes):
        for offset, status, kind in (
            (-20, Status.CONFIRMED, "past"),
            (10, Status.PENDING, "future"),
        ):
            start = today + timedelta(days=offset + rng.randint(0, 5))
            nights = rng.randint(1, 5)
            bookings.append(
                Booking(
                    booking_id=row_id(seed, f"booking-{kind}", number),
                    listing=home,
                    guest=guests[(number + offset) % len(guests)],
                    start_date=start,
                    end_date=start + timedelta(days=nights),
                    guests=1,
                    total_price=home.price_per_night * nights,
                    status=status,
                )
            )
    Booking.objects.bulk_create(bookings, ignore_conflicts=True)
