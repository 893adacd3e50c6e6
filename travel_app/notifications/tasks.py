"""E-mail tasks, thin over notifications/services.py: what to send, and at most once.

Both are queued on commit (bookings/services.py, payments/services.py), so the request
that made the booking or completed the payment never waits for a mail server. Delivered
at least once (acks_late, reject_on_worker_lost): a second delivery finds the e-mail's key
taken and sends nothing. A mail server that refuses or cannot be reached is retried with
exponential back-off (1, 2, 4 ... seconds, jittered) up to MAX_RETRIES times.
"""

from __future__ import annotations

from smtplib import SMTPException
from typing import Any

from celery import Task, shared_task

from notifications import services

MAX_RETRIES = 8
EMAIL_TASK: dict[str, Any] = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    # SMTPException is an OSError too; OSError covers refused and reset connections and
    # socket timeouts (EMAIL_TIMEOUT).
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 10 * 60,
    "retry_jitter": True,
    "max_retries": MAX_RETRIES,
    # EMAIL_TIMEOUT bounds each network call; these bound the whole send.
    "soft_time_limit": 45,
    "time_limit": 60,
}


@shared_task(**EMAIL_TASK)
def send_booking_confirmation_email(self: Task, booking_id: str) -> bool:
    """A booking was received (pending: pay to confirm it)."""
    return services.email_booking_received(booking_id=booking_id, claim=self.request.id)


@shared_task(**EMAIL_TASK)
def send_payment_confirmation_email(self: Task, payment_id: str) -> bool:
    """A payment completed: the booking is confirmed."""
    return services.email_payment_completed(payment_id=payment_id, claim=self.request.id)
