import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from listings.models import Listing

User = get_user_model()


class Command(BaseCommand):
    help = "Populate the database with sample listings"

    def handle(self, *args, **options):
        host, _ = User.objects.get_or_create(email="host@example.com")
        listings = [
            Listing(
                host=host,
                title=f"Listing {i}",
                description="Sample",
                location="Nairobi",
                price_per_night=Decimal(random.randint(20, 300)),
            )
            for i in range(10)
        ]
        self.stdout.write(self.style.SUCCESS(f"Seeded {len(listings)} listings"))
