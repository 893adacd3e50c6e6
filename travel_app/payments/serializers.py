from __future__ import annotations

from rest_framework import serializers

from payments.models import Payment


class PaymentSerializer(serializers.ModelSerializer[Payment]):
    refund_due = serializers.SerializerMethodField()

    class Meta:
        model = Payment
        fields = (
            "payment_id",
            "booking",
            "amount",
            "currency",
            "tx_ref",
            "status",
            "checkout_url",
            "failure_reason",
            "refund_due",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_refund_due(self, payment: Payment) -> bool:
        return bool(payment.refund_reason)


class InitiateSerializer(serializers.Serializer[None]):
    booking = serializers.UUIDField(help_text="One of your pending bookings.")


class RefusalSerializer(serializers.Serializer[None]):
    """Why: under the field concerned (`booking` or `tx_ref`), or `detail`."""

    booking = serializers.ListField(child=serializers.CharField(), required=False)
    tx_ref = serializers.ListField(child=serializers.CharField(), required=False)
    detail = serializers.CharField(required=False)


class WebhookAnswerSerializer(serializers.Serializer[None]):
    event_id = serializers.UUIDField()
    duplicate = serializers.BooleanField(help_text="True when this event was already recorded.")


class DetailSerializer(serializers.Serializer[None]):
    detail = serializers.CharField()
