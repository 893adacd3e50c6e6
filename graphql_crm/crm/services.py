"""Writes, with their rules: every mutation calls one of these. A rule broken raises
CrmError with a message for the client, and nothing is written."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from crm.models import MAX_ID, Customer, Order, Product

# +1234567890 (international, 7 to 15 digits) or 123-456-7890; ASCII digits only (\d
# would take any script's).
PHONE = re.compile(r"\+[0-9]{7,15}|[0-9]{3}-[0-9]{3}-[0-9]{4}")
LOW_STOCK = 10
RESTOCK_BY = 10
CENT = Decimal("0.01")
MAX_PRICE = Decimal("1e8")  # DecimalField(max_digits=10, decimal_places=2)
# The dates every supported database stores (MariaDB's DATETIME starts at year 1000).
EARLIEST, LATEST = datetime(1000, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC)
STORABLE_DATES = "between the years 1000 and 9999"


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
    name = _checked_name(data.name, Customer)
    email, phone = data.email.strip().lower(), data.phone.strip()
    if len(email) > _longest(Customer, "email"):
        raise CrmError(f"Email is longer than {_longest(Customer, 'email')} characters")
    try:
        validate_email(email)
    except ValidationError as error:
        raise CrmError(f"Invalid email: {data.email!r}") from error
    if phone and not PHONE.fullmatch(phone):
        raise CrmError(f"Invalid phone number: {data.phone!r} (use +1234567890 or 123-456-7890)")
    return name, email, phone


def _checked_name(value: str, model: type[models.Model]) -> str:
    """A name that fits its column: not blank, no control characters (PostgreSQL refuses
    NUL), at most max_length characters (SQLite would store more, the others refuse)."""
    name = value.strip()
    if not name:
        raise CrmError("Name is required")
    if any(unicodedata.category(character) in ("Cc", "Cs") for character in name):
        raise CrmError("Name must not contain control characters")
    if len(name) > _longest(model, "name"):
        raise CrmError(f"Name is longer than {_longest(model, 'name')} characters")
    return name


def _longest(model: type[models.Model], field: str) -> int:
    return int(model._meta.get_field(field).max_length)  # type: ignore[arg-type]


def product_create(*, name: str, price: Decimal, stock: int = 0) -> Product:
    name = _checked_name(name, Product)
    if not price.is_finite():
        raise CrmError("Price must be a number")
    if price <= 0:
        raise CrmError("Price must be positive")
    if price >= MAX_PRICE:
        raise CrmError("Price must be below 100,000,000")
    if price != price.quantize(CENT):  # refused, not rounded: a price is what was asked
        raise CrmError("Price must have at most 2 decimal places")
    if stock < 0:
        raise CrmError("Stock cannot be negative")
    return Product.objects.create(name=name, price=price.quantize(CENT), stock=stock)


def order_create(
    *, customer_id: int, product_ids: Iterable[int], order_date: datetime | None = None
) -> Order:
    """An order of the given products (each once) for the customer; its total is the exact
    sum of their prices. All or nothing."""
    wanted = list(dict.fromkeys(product_ids))
    if not wanted:
        raise CrmError("At least one product is required")
    if not 0 < customer_id <= MAX_ID:
        raise CrmError(f"Invalid customer ID: {customer_id}")
    if out_of_range := [pk for pk in wanted if not 0 < pk <= MAX_ID]:
        raise CrmError(f"Invalid product ID: {', '.join(map(str, out_of_range))}")
    when = timezone.now() if order_date is None else storable_date(order_date)
    if when is None:
        raise CrmError(f"Order date must be {STORABLE_DATES}")
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None:
        raise CrmError(f"Invalid customer ID: {customer_id}")
    products = Product.objects.in_bulk(wanted)
    if missing := [pk for pk in wanted if pk not in products]:
        raise CrmError(f"Invalid product ID: {', '.join(map(str, missing))}")
    total = sum((products[pk].price for pk in wanted), Decimal("0"))
    with transaction.atomic():
        order = Order.objects.create(customer=customer, total_amount=total, order_date=when)
        order.products.set(wanted)
    return order


def storable_date(value: datetime) -> datetime | None:
    """`value`, in the server's time zone when it names none; None when a supported
    database cannot store it (a year-1 date east of UTC is not even a UTC datetime)."""
    aware = timezone.make_aware(value) if timezone.is_naive(value) else value
    return aware if EARLIEST <= aware <= LATEST else None


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
