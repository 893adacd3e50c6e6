"""Rows the job tests start from."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from crm.models import Customer, Order, Product
from django.utils import timezone


def order_for(customer: Customer, days_ago: int) -> Order:
    """A one-pen order the customer placed `days_ago` days ago."""
    product = Product.objects.get_or_create(
        name="Pen", defaults={"price": Decimal("2.00"), "stock": 50}
    )[0]
    order = Order.objects.create(
        customer=customer,
        total_amount=Decimal("2.00"),
        order_date=timezone.now() - timedelta(days=days_ago),
    )
    order.products.set([product])
    return order
