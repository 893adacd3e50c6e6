"""`?location=<text>&min_price=<number>&max_price=<number>`; a malformed number is a 400."""

from __future__ import annotations

import django_filters

from properties.models import Property


class PropertyFilter(django_filters.FilterSet):
    location = django_filters.CharFilter(lookup_expr="icontains", max_length=100)
    min_price = django_filters.NumberFilter(field_name="price", lookup_expr="gte")
    max_price = django_filters.NumberFilter(field_name="price", lookup_expr="lte")

    class Meta:
        model = Property
        fields = ("location", "min_price", "max_price")
