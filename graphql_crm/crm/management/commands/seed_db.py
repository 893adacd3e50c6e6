"""`python manage.py seed_db [--customers N] [--products N] [--orders N] [--seed S]`:
realistic customers, products and orders, in bulk; repeatable with a seed."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from crm.models import Customer, Order, Product

FIRST = ("Alice", "Bob", "Chen", "Dawit", "Eva", "Fatima", "Gabriel", "Hana", "Ivan", "Jo")
LAST = ("Smith", "Tesfaye", "Okafor", "Garcia", "Kim", "Novak", "Haddad", "Silva")
PRODUCTS = (
    ("Laptop", "999.99"), ("Phone", "499.50"), ("Tablet", "329.00"), ("Monitor", "189.90"),
    ("Keyboard", "49.99"), ("Mouse", "19.99"), ("Headphones", "79.00"), ("Cable", "9.99"),
)  # fmt: skip
LIMIT = 100_000


class Command(BaseCommand):
    help = "Create realistic customers, products and orders in bulk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--customers", type=int, default=20)
        parser.add_argument("--products", type=int, default=len(PRODUCTS))
        parser.add_argument("--orders", type=int, default=50)
        parser.add_argument("--seed", type=int, default=None, help="repeatable random data")

    def handle(
        self,
        *args: Any,
        customers: int,
        products: int,
        orders: int,
        seed: int | None,
        **options: Any,
    ) -> None:
        for name, value in (("customers", customers), ("products", products), ("orders", orders)):
            if not 0 <= value <= LIMIT:
                raise CommandError(f"--{name} must be between 0 and {LIMIT:,}, got {value}")
        if orders and not (customers and products):
            raise CommandError("orders need at least one customer and one product")
        rng = random.Random(seed)
        with transaction.atomic():
            people = seed_customers(rng, customers)
            catalogue = seed_products(rng, products)
            seed_orders(rng, orders, people, catalogue)
        self.stdout.write(f"created {customers} customers, {products} products, {orders} orders")


def seed_customers(rng: random.Random, count: int) -> list[Customer]:
    tag = rng.randrange(16**6)
    customers = []
    for number in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        phone = rng.choice(
            (
                f"+1{rng.randrange(10**9, 10**10)}",
                f"{rng.randrange(200, 999)}-555-{rng.randrange(1000, 9999)}",
                "",
            )
        )
        email = f"{first}.{last}.{tag:06x}{number}@example.com".lower()
        customers.append(Customer(name=f"{first} {last}", email=email, phone=phone))
    return Customer.objects.bulk_create(customers)


def seed_products(rng: random.Random, count: int) -> list[Product]:
    products = []
    for number in range(count):
        name, price = PRODUCTS[number % len(PRODUCTS)]
        suffix = f" {number // len(PRODUCTS) + 1}" if number >= len(PRODUCTS) else ""
        products.append(
            Product(name=f"{name}{suffix}", price=Decimal(price), stock=rng.randrange(0, 40))
        )
    return Product.objects.bulk_create(products)


def seed_orders(
    rng: random.Random, count: int, customers: list[Customer], products: list[Product]
) -> None:
    now = timezone.now()
    chosen = [rng.sample(products, rng.randint(1, min(4, len(products)))) for _ in range(count)]
    orders = Order.objects.bulk_create(
        Order(
            customer=rng.choice(customers),
            total_amount=sum((p.price for p in items), Decimal("0")),
            order_date=now - timedelta(days=rng.uniform(0, 400)),
        )
        for items in chosen
    )
    through = Order.products.through
    through.objects.bulk_create(
        through(order_id=order.pk, product_id=product.pk)
        for order, items in zip(orders, chosen, strict=True)
        for product in items
    )
