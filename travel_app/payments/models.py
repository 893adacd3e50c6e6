"""Payments of bookings through Chapa, and the webhook events Chapa sends about them.

A Payment is one attempt: its own `tx_ref`, sent to Chapa when it starts, so a retry
after a failure is a new row and never reuses a reference Chapa may already hold.
"""

from __future__ import annotations

import uuid

from bookings.models import Booking
from django.db import models
from django.db.models import Q


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


def new_tx_ref() -> str:
    """Our reference for one attempt: unguessable, and within Chapa's allowed characters."""
    return f"travel-{uuid.uuid4().hex}"


class Payment(models.Model):
    payment_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # CASCADE as bookings do with their listing; a deployment that must keep payment
    # records forever would soft-delete listings instead.
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="payments")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    tx_ref = models.CharField(max_length=64, unique=True, default=new_tx_ref)
    gateway_reference = models.CharField(max_length=100, blank=True)
    checkout_url = models.CharField(max_length=500, blank=True)  # http(s): gateway.py checks
    status = models.CharField(
        max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    failure_reason = models.CharField(max_length=255, blank=True)
    # Set when money was taken but the booking could not be confirmed with it (canceled
    # meanwhile, or already paid by another attempt): someone must give it back.
    refund_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "payment_id")
        constraints = (
            models.CheckConstraint(
                condition=Q(status__in=PaymentStatus.values), name="payment_status_valid"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        )
        indexes = (
            models.Index(fields=("booking", "-created_at"), name="payment_booking_recent"),
            models.Index(fields=("status", "-created_at"), name="payment_status_recent"),
        )

    def __str__(self) -> str:
        return f"{self.tx_ref} {self.amount} {self.currency} ({self.status})"


class WebhookEvent(models.Model):
    """A signed event Chapa posted, recorded once: `key` is the SHA-256 of its raw body,
    so a replay of the same delivery finds the row and changes nothing."""

    event_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(max_length=64, unique=True)
    event = models.CharField(max_length=64, blank=True)
    tx_ref = models.CharField(max_length=100, blank=True, db_index=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ("-received_at", "event_id")

    def __str__(self) -> str:
        return f"{self.event or 'event'} {self.tx_ref}"
