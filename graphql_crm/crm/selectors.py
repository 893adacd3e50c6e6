"""Reads, shaped for the queries they cost: the schema's resolvers call these (writes are
in crm/services.py). The connection fields filter and page what they start from."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet, Sum

from crm.models import Order, Product


def orders_with_details(orders: QuerySet[Order]) -> QuerySet[Order]:
    """Every order's customer joined and products prefetched: three queries per page
    (the count, the orders, their products), however many orders it holds."""
    return orders.select_related("customer").prefetch_related("products")


def order_with_details(pk: int) -> Order:
    """One order, its customer and products loaded as a page of orders loads them."""
    return orders_with_details(Order.objects.filter(pk=pk)).get()


def order_products(order: Order) -> list[Product]:
    """The order's products: no query when orders_with_details prefetched them."""
    return list(order.products.all())


def total_revenue() -> Decimal:
    """The sum of every order's total, to the cent."""
    total = Order.objects.aggregate(total=Sum("total_amount", default=Decimal("0")))["total"]
    return Decimal(total).quantize(Decimal("0.01"))  # SQLite sums to Decimal("60")
