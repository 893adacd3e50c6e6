"""Chapa's webhooks: accept a signed event once, then act on it only after asking the
gateway.

The signature proves Chapa sent the body; it does not prove the body is news (a replay)
or in order (a "failed" arriving after a "success"). So an event is recorded once under
the SHA-256 of its raw body, and processing (payments/handlers.py) re-verifies the
transaction with the gateway and settles it through payment_verify: the event itself
changes nothing, whatever it claims.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from outbox.services import nudge, record

from payments.models import Payment, WebhookEvent
from payments.services import PaymentError, payment_verify

logger = logging.getLogger(__name__)


class WebhookRejected(Exception):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def signature_valid(body: bytes, signature: str) -> bool:
    """x-chapa-signature: the hex HMAC-SHA256 of the raw body keyed with the webhook
    secret, compared in constant time."""
    secret = settings.CHAPA_WEBHOOK_SECRET
    if not secret or not signature:
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.strip().lower().encode())


def webhook_receive(*, body: bytes, signature: str) -> tuple[WebhookEvent, bool]:
    """Record a signed event once, with its processing in the outbox; (event, True) when
    new. A repeat of an event not processed yet is processed again (the first attempt may
    have failed for good); anything unsigned or unreadable is refused and leaves no row."""
    if not settings.CHAPA_WEBHOOK_SECRET:
        raise WebhookRejected("Webhooks are not configured on this server.", 503)
    if not signature_valid(body, signature):
        raise WebhookRejected("Missing or invalid x-chapa-signature.", 401)
    payload = _json_object(body)
    with transaction.atomic():
        event, created = WebhookEvent.objects.get_or_create(
            key=hashlib.sha256(body).hexdigest(),
            defaults={
                "event": str(payload.get("event") or "")[:64],
                "tx_ref": str(payload.get("tx_ref") or "")[:100],
                "payload": payload,
            },
        )
        if created:
            record("webhook_received", event_id=str(event.pk))
        elif event.processed_at is None:
            nudge("webhook_received", event_id=str(event.pk))
    logger.info(
        "webhook %s %s for %s", "received" if created else "replayed", event.event, event.tx_ref
    )
    return event, created


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        raise WebhookRejected("The body is not JSON.", 400) from None
    if not isinstance(payload, dict):
        raise WebhookRejected("The body is not a JSON object.", 400)
    return payload


def webhook_process(*, event_id: uuid.UUID) -> str:
    """Settle the event's payment from what the gateway says now; what it did, in words.
    Raises PaymentError (503) when the gateway is down, leaving the event unprocessed."""
    event = WebhookEvent.objects.filter(pk=event_id).first()
    if event is None:
        return "no such event"
    if event.processed_at is not None:
        return event.outcome
    outcome = _outcome(event)
    WebhookEvent.objects.filter(pk=event.pk).update(processed_at=timezone.now(), outcome=outcome)
    return outcome


def _outcome(event: WebhookEvent) -> str:
    if not event.tx_ref or not Payment.objects.filter(tx_ref=event.tx_ref).exists():
        return "Unknown reference: nothing changed."
    try:
        payment = payment_verify(tx_ref=event.tx_ref)
    except PaymentError as error:
        if error.status == 503:
            raise
        return f"Not verified: {error.message}"[:255]
    return f"Verified with the gateway: the payment is {payment.status}."
