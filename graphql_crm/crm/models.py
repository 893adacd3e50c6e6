"""Customers, products and their orders."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

# The largest id a row can have (BigAutoField, 64 bits): a larger number names no row, and
# SQLite cannot even compare it.
MAX_ID = 2**63 - 1


class Customer(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField(unique=True)
    phone = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("name", "id")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Product(models.Model):
    name = models.CharField(max_length=100, db_index=True)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    stock = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("name", "id")
        constraints = (
            models.CheckConstraint(condition=models.Q(price__gt=0), name="product_price_positive"),
            models.CheckConstraint(
                condition=models.Q(stock__gte=0), name="product_stock_not_negative"
            ),
        )

    def __str__(self) -> str:
        return self.name


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")
    products = models.ManyToManyField(Product, related_name="orders")
    total_amount = models.DecimalField(max_digits=12, decimal_places=2)
    order_date = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-order_date", "-id")

    def __str__(self) -> str:
        return f"order {self.pk} of {self.customer_id}"
