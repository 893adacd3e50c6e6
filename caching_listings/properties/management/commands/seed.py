"""`python manage.py seed [--count N] [--seed S]`: N realistic properties in one bulk insert."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from properties.models import Property

CITIES = (
    "Addis Ababa", "Nairobi", "Lagos", "Accra", "Kigali", "Cape Town", "Cairo", "Casablanca",
    "Dakar", "Kampala", "Lisbon", "Berlin", "Toronto", "Austin", "Tokyo", "Melbourne",
)  # fmt: skip
KINDS = ("Studio", "Loft", "Apartment", "Townhouse", "Villa", "Cottage", "Penthouse", "Bungalow")
FEATURES = (
    "with a garden", "near the old town", "with a sea view", "by the river",
    "close to the station", "with a roof terrace", "in a quiet street", "with parking",
)  # fmt: skip
MAX_COUNT = 1_000_000


class Command(BaseCommand):
    help = "Create realistic properties in bulk (one INSERT per 1,000 rows)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=100, help="how many (default 100)")
        parser.add_argument("--seed", type=int, default=None, help="repeatable random data")

    def handle(self, *args: Any, count: int, seed: int | None, **options: Any) -> None:
        if not 1 <= count <= MAX_COUNT:
            raise CommandError(f"--count must be between 1 and {MAX_COUNT:,}, got {count}")
        rng = random.Random(seed)
        Property.objects.bulk_create((make_property(rng) for _ in range(count)), batch_size=1000)
        self.stdout.write(f"created {count:,} properties ({Property.objects.count():,} in all)")


def make_property(rng: random.Random) -> Property:
    kind, city, feature = rng.choice(KINDS), rng.choice(CITIES), rng.choice(FEATURES)
    bedrooms = rng.randint(1, 6)
    nightly = Decimal(rng.randrange(2_000, 250_000)) / 100
    return Property(
        title=f"{kind} {feature} in {city}",
        description=(
            f"A {bedrooms}-bedroom {kind.lower()} {feature}, sleeps {bedrooms * 2}. "
            f"Wi-Fi, a kitchen and fresh linen; check-in from 15:00."
        ),
        price=nightly,
        location=city,
    )
