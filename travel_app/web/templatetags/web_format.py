"""Small presentation helpers for the web templates."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def money(amount: Decimal | None) -> str:
    """An amount in the currency payments are made in (CHAPA_CURRENCY): `1,240.00 ETB`."""
    if amount is None:
        return ""
    return f"{amount:,.2f} {settings.CHAPA_CURRENCY}"
