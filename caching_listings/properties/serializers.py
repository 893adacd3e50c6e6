from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from properties.models import Property


class PropertySerializer(serializers.ModelSerializer[Property]):
    price = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0"))

    class Meta:
        model = Property
        fields = ("id", "title", "description", "price", "location", "created_at")
        read_only_fields = ("id", "created_at")
