"""`?location=<text>&min_price=<number>&max_price=<number>`; a malformed number, or one
out of range (below 0, or over django-filter's own bound of 1e50), is a 400 naming it."""

from __future__ import annotations

from decimal import Decimal

import django_filters

from properties.models import Property


class PropertyFilter(django_filters.FilterSet):
    location = django_filters.CharFilter(lookup_expr="icontains", max_length=100)
    min_price = django_filters.NumberFilter(
        field_name="price", lookup_expr="gte", min_value=Decimal("0")
    )
    max_price = django_filters.NumberFilter(
        field_name="price", lookup_expr="lte", min_value=Decimal("0")
    )

    class Meta:
        model = Property
        fields = ("location", "min_price", "max_price")
