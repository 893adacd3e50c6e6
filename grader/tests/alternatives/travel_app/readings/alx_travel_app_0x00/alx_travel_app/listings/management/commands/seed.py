import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from listings.models import Listing

User = get_user_model()

CITIES = ["Addis Ababa", "Nairobi", "Lagos", "Accra", "Kigali"]


class Command(BaseCommand):
    help = "Populate the database with sample listings"

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10)

    def handle(self, *args, **options):
        host, _ = User.objects.get_or_create(
            email="host@example.com", defaults={"first_name": "Sample", "last_name": "Host"}
        )
        for i in range(options["count"]):
            city = random.choice(CITIES)
            Listing.objects.create(
                host=host,
                title=f"Cozy place #{i + 1} in {city}",
                description="A sample listing created by the seed command.",
                location=city,
                price_per_night=Decimal(random.randint(20, 300)),
            )
        self.stdout.write(self.style.SUCCESS(f"Seeded {options['count']} listings"))
