from __future__ import annotations

from typing import Any

from listings.models import MAX_GUESTS
from listings.serializers import PersonSerializer
from rest_framework import serializers

from bookings.models import Booking


class BookingSerializer(serializers.ModelSerializer[Booking]):
    guest = PersonSerializer(read_only=True)

    class Meta:
        model = Booking
        fields = (
            "booking_id",
            "listing",
            "guest",
            "start_date",
            "end_date",
            "guests",
            "total_price",
            "status",
            "created_at",
        )
        read_only_fields = fields


class BookingRequestSerializer(serializers.Serializer[Any]):
    """What a guest asks for; the price and the status are the server's."""

    listing = serializers.UUIDField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    guests = serializers.IntegerField(min_value=1, max_value=MAX_GUESTS, default=1)
