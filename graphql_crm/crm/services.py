"""Writes, with their rules: every mutation calls one of these. A rule broken raises
CrmError with a message for the client, and nothing is written."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F

from crm.models import Customer, Order, Product

# +1234567890 (international, 7 to 15 digits) or 123-456-7890.
PHONE = re.compile(r"\+\d{7,15}|\d{3}-\d{3}-\d{4}")
LOW_STOCK = 10
RESTOCK_BY = 10


class CrmError(Exception):
    """A rule the input broke; str(error) is what the client reads."""


@dataclass(frozen=True)
class CustomerData:
    name: str
    email: str
    phone: str = ""


def customer_create(*, data: CustomerData) -> Customer:
    name, email, phone = _checked_customer(data)
    if Customer.objects.filter(email__iexact=email).exists():
        raise CrmError("Email already exists")
    try:
        with transaction.atomic():
            return Customer.objects.create(name=name, email=email, phone=phone)
    except IntegrityError as error:  # the same e-mail, created a moment ago
        raise CrmError("Email already exists") from error


def customers_bulk_create(*, records: Sequence[CustomerData]) -> tuple[list[Customer], list[str]]:
    """Each valid record saved in a transaction of its own; each invalid one reported by
    its index (from 0) and skipped."""
    created, errors = [], []
    for index, data in enumerate(records):
        try:
            created.append(customer_create(data=data))
        except CrmError as error:
            errors.append(f"Record {index}: {error}")
    return created, errors


def _checked_customer(data: CustomerData) -> tuple[str, str, str]:
    name, email, phone = data.name.strip(), data.email.strip().lower(), data.phone.strip()
    if not name:
        raise CrmError("Name is required")
    if len(name) > Customer._meta.get_field("name").max_length:  # type: ignore[operator]
        raise CrmError("Name is longer than 100 characters")
    try:
        validate_email(email)
    except ValidationError as error:
        raise CrmError(f"Invalid email: {data.email!r}") from error
    if phone and not PHONE.fullmatch(phone):
        raise CrmError(f"Invalid phone number: {data.phone!r} (use +1234567890 or 123-456-7890)")
    return name, email, phone


def product_create(*, name: str, price: Decimal, stock: int = 0) -> Product:
    if not name.strip():
        raise CrmError("Name is required")
    if price <= 0:
        raise CrmError("Price must be positive")
    if price >= Decimal("1e8"):
        raise CrmError("Price must be below 100,000,000")
    if stock < 0:
        raise CrmError("Stock cannot be negative")
    return Product.objects.create(
        name=name.strip(), price=price.quantize(Decimal("0.01")), stock=stock
    )


def order_create(
    *, customer_id: int, product_ids: Iterable[int], order_date: datetime | None = None
) -> Order:
    """An order of the given products (each once) for the customer; its total is the exact
    sum of their prices. All or nothing."""
    wanted = list(dict.fromkeys(product_ids))
    if not wanted:
        raise CrmError("At least one product is required")
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None:
        raise CrmError(f"Invalid customer ID: {customer_id}")
    products = Product.objects.in_bulk(wanted)
    if missing := [pk for pk in wanted if pk not in products]:
        raise CrmError(f"Invalid product ID: {', '.join(map(str, missing))}")
    total = sum((products[pk].price for pk in wanted), Decimal("0"))
    with transaction.atomic():
        order = Order.objects.create(
            customer=customer,
            total_amount=total,
            **({"order_date": order_date} if order_date else {}),
        )
        order.products.set(wanted)
    return order


def products_restock_low() -> list[Product]:
    """Every product with stock below LOW_STOCK gets RESTOCK_BY more; the updated ones."""
    with transaction.atomic():
        low = list(
            Product.objects.select_for_update()
            .filter(stock__lt=LOW_STOCK)
            .values_list("pk", flat=True)
        )
        Product.objects.filter(pk__in=low).update(stock=F("stock") + RESTOCK_BY)
    return list(Product.objects.filter(pk__in=low))
