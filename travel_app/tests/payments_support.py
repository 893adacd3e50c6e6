"""Helpers for payments/tests/test_payments.py and payments/tests/test_webhooks.py (plain
functions; the fake Chapa's fixture is in conftest.py)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from accounts.models import User
from bookings.models import Booking, Status
from celery.signals import before_task_publish
from django.conf import settings
from listings.models import Listing
from rest_framework.test import APIClient

HANDLE = "outbox.handle"  # the task that runs an outbox message's handlers


def make_booking(listing: Listing, guest: User, status: str = Status.PENDING) -> Booking:
    """Three nights at 120.00: 360.00 due."""
    return Booking.objects.create(
        listing=listing,
        guest=guest,
        start_date=date(2030, 7, 1),
        end_date=date(2030, 7, 4),
        guests=2,
        total_price="360.00",
        status=status,
    )


def initiate(client: APIClient, booking: Booking) -> dict[str, Any]:
    response = client.post("/api/payments/initiate/", {"booking": str(booking.pk)})
    assert response.status_code == 201, response.content
    return dict(response.json())


def announced(topic: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(topic, payload) of each outbox message recorded so far (committed or not)."""
    from outbox.models import OutboxMessage

    messages = OutboxMessage.objects.order_by("created_at")
    if topic is not None:
        messages = messages.filter(topic=topic)
    return [(message.topic, message.payload) for message in messages]


def signed(payload: dict[str, Any] | bytes, secret: str | None = None) -> tuple[bytes, str]:
    """A body and its x-chapa-signature, with the webhook secret of the settings."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    key = (settings.CHAPA_WEBHOOK_SECRET if secret is None else secret).encode()
    return body, hmac.new(key, body, hashlib.sha256).hexdigest()


def post_webhook(client: APIClient, body: bytes, signature: str | None) -> Any:
    headers = {} if signature is None else {"HTTP_X_CHAPA_SIGNATURE": signature}
    return client.generic(
        "POST", "/api/payments/webhook/", body, content_type="application/json", **headers
    )


@contextmanager
def published() -> Iterator[list[tuple[str, Any]]]:
    """(task name, args) of every message sent to the broker meanwhile, from any thread."""
    sent: list[tuple[str, Any]] = []

    def record(sender: str, body: Any, **_: Any) -> None:
        sent.append((sender, body[0] if isinstance(body, tuple) else body))

    before_task_publish.connect(record, weak=False)
    try:
        yield sent
    finally:
        before_task_publish.disconnect(record)
