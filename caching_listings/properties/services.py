"""Writes of one property. Each save or delete sends post_save or post_delete, whose
receivers (properties/signals.py) drop both cache layers: every way of writing a row,
the admin's and a shell's too, invalidates the same way, so nothing here does it twice."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from properties.models import Property


def create_property(*, title: str, description: str, price: Decimal, location: str) -> Property:
    return Property.objects.create(
        title=title, description=description, price=price, location=location
    )


def update_property(listing: Property, **changes: Any) -> Property:
    """Set the fields given (all of them, or some for a PATCH) and save the row."""
    for field, value in changes.items():
        setattr(listing, field, value)
    listing.save()
    return listing


def delete_property(listing: Property) -> None:
    listing.delete()
