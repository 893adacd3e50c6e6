"""Fill the CRM with sample data: python seed_db.py"""

import os
import random
import sys
from decimal import Decimal

import django

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alx_backend_graphql_crm.settings")
django.setup()

from crm.models import Customer, Order, Product  # noqa: E402

customers = Customer.objects.bulk_create(
    [Customer(name=f"Customer {i}", email=f"customer{i}@example.com") for i in range(1, 11)],
    ignore_conflicts=True,
)
products = [
    Product.objects.create(name=name, price=Decimal(price), stock=random.randint(0, 50))
    for name, price in (("Laptop", "999.99"), ("Phone", "499.50"), ("Cable", "9.99"))
]
for customer in Customer.objects.all()[:5]:
    chosen = random.sample(products, 2)
    order = Order.objects.create(customer=customer, total_amount=sum(p.price for p in chosen))
    order.products.set(chosen)
print("Seeded", Customer.objects.count(), "customers and", Product.objects.count(), "products")
