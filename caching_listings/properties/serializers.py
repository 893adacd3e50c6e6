from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from properties.models import Property

DESCRIPTION_MAX_LENGTH = 5000


class PropertySerializer(serializers.ModelSerializer[Property]):
    price = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0"))
    # The model's TextField has no limit; what a client may send has one.
    description = serializers.CharField(
        max_length=DESCRIPTION_MAX_LENGTH, style={"base_template": "textarea.html"}
    )

    class Meta:
        model = Property
        fields = ("id", "title", "description", "price", "location", "created_at")
        read_only_fields = ("id", "created_at")
