"""What this app does about the events lower apps record in the outbox: the guests'
e-mails. Run by an outbox worker (outbox/services.py), each at least once: the e-mail's
key makes the second run send nothing."""

from __future__ import annotations

from typing import Any

from outbox.services import handles

from notifications import services


@handles("booking_created")
def mail_booking_received(payload: dict[str, Any]) -> None:
    """A booking was received (pending: pay to confirm it)."""
    services.email_booking_received(booking_id=payload["booking_id"])


@handles("payment_completed")
def mail_payment_completed(payload: dict[str, Any]) -> None:
    """A payment completed: the booking is confirmed."""
    services.email_payment_completed(payment_id=payload["payment_id"])
