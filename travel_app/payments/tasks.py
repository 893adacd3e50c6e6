"""Webhook processing, off the request: Chapa gets its 200 at once, and a gateway that
is down when we re-verify only delays the processing (retried with back-off)."""

from __future__ import annotations

import uuid

from celery import Task, shared_task

from payments.services import PaymentError
from payments.webhooks import webhook_process


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=6,
    soft_time_limit=60,
    time_limit=90,
)
def process_webhook_event(self: Task, event_id: str) -> str:
    """Idempotent: a processed event is not processed again, and settling a payment
    happens once however often it is asked."""
    try:
        return webhook_process(event_id=uuid.UUID(event_id))
    except PaymentError as error:
        if error.status != 503:
            raise
        # 10 s, 20 s, 40 s ... up to ten minutes between tries.
        raise self.retry(countdown=min(600, 10 * 2**self.request.retries)) from None
