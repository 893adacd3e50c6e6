"""Recording, relaying and handling outbox messages (outbox/models.py).

    record("booking_created", booking_id=str(booking.pk))   # inside the booking's transaction

`record` adds the row and, once the transaction commits, tries to hand it to the broker
at once. Whatever that attempt missed (the broker down, the process gone before it ran),
the beat job `outbox.relay` (every OUTBOX_RELAY_SECONDS) hands over later: every open row
that is due, and every row handed over long ago (OUTBOX_REDELIVER_AFTER_SECONDS) but never
done, whose message the broker or a worker lost.

A worker runs `handle`: every handler registered for the topic (`handles`), then marks the
row done. A handler that raises makes the attempt fail: the row is due again after a
back-off (OUTBOX_RETRY_BASE_SECONDS doubling up to OUTBOX_RETRY_CAP_SECONDS, jittered),
and after OUTBOX_MAX_ATTEMPTS it is a dead letter, listed in the admin to resend. So a
message may be handled more than once (a retry, a redelivery, two relays at once): every
handler is idempotent.

A lower app announces what happened here; a higher one registers what to do about it, so
bookings and payments never import notifications.
"""

from __future__ import annotations

import functools
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

HANDLE_TASK = "outbox.handle"
RELAY_BATCH = 500

Handler = Callable[[dict[str, Any]], object]
_handlers: dict[str, dict[str, Handler]] = {}


def handles(topic: str) -> Callable[[Handler], Handler]:
    """Register the decorated function to run for every message of `topic`."""

    def register(handler: Handler) -> Handler:
        _handlers.setdefault(topic, {})[f"{handler.__module__}.{handler.__qualname__}"] = handler
        return handler

    return register


def record(topic: str, **payload: Any) -> OutboxMessage:
    """A message of `topic` in the caller's transaction, handed over once it commits."""
    message = OutboxMessage.objects.create(topic=topic, payload=payload)
    _publish_on_commit(message.pk)
    return message


def nudge(topic: str, **payload: Any) -> None:
    """Something announced before happened again (Chapa repeating a webhook): hand its
    open messages waiting for the broker or a back-off over now, or record a new one when
    none is open (the last ended as a dead letter)."""
    lookup = {f"payload__{name}": value for name, value in payload.items()}
    still_open = OutboxMessage.objects.filter(
        topic=topic, done_at__isnull=True, dead_at__isnull=True, **lookup
    )
    if not still_open.exists():
        record(topic, **payload)
        return
    waiting = list(still_open.filter(published_at__isnull=True).values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=waiting).update(available_at=timezone.now())
    for message_id in waiting:
        _publish_on_commit(message_id)


class _BrokerBackoff:
    """After the broker refused, this process stops trying it after each commit for a
    while (doubling up to a minute): a request should not wait on a broker that is down,
    and the beat relay hands the messages over once it is back."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.failures = 0
        self.until = 0.0
        self.lock = threading.Lock()

    def open(self) -> bool:
        return self.clock() >= self.until

    def failed(self) -> None:
        with self.lock:
            self.failures += 1
            self.until = self.clock() + min(60, 2**self.failures)

    def succeeded(self) -> None:
        with self.lock:
            self.failures, self.until = 0, 0.0


broker_backoff = _BrokerBackoff()


def _publish_on_commit(message_id: uuid.UUID) -> None:
    """Hand the message over once the caller's transaction commits (at once outside one)."""
    transaction.on_commit(functools.partial(publish_after_commit, message_id))


def publish_after_commit(message_id: uuid.UUID) -> None:
    if broker_backoff.open():
        _publish(message_id)


def _publish(message_id: uuid.UUID) -> bool:
    """Hand one message to the broker; False (logged) if it did not take it.

    Marked published before it is sent: a worker quick enough to fail an attempt before
    this call returns leaves the back-off it set, not a mark made after it."""
    sent_at = timezone.now()
    OutboxMessage.objects.filter(pk=message_id).update(published_at=sent_at)
    try:
        # By name: this module must not import the task module that imports it. No
        # publish retries: the message waits here, not in a request.
        current_app.send_task(HANDLE_TASK, args=[str(message_id)], retry=False)
    except Exception as error:  # kombu raises many kinds; the row keeps the message
        OutboxMessage.objects.filter(pk=message_id, published_at=sent_at).update(published_at=None)
        broker_backoff.failed()
        logger.warning("outbox %s waits for the broker: %s", message_id, error)
        return False
    broker_backoff.succeeded()
    return True


def due(now: datetime | None = None) -> QuerySet[OutboxMessage]:
    """Open messages to hand over now: never handed over (or due again after a failed
    attempt), or handed over so long ago that the message must have been lost."""
    now = now or timezone.now()
    lost = now - timedelta(seconds=settings.OUTBOX_REDELIVER_AFTER_SECONDS)
    return OutboxMessage.objects.filter(done_at__isnull=True, dead_at__isnull=True).filter(
        Q(published_at__isnull=True, available_at__lte=now) | Q(published_at__lt=lost)
    )


def relay(*, now: datetime | None = None) -> int:
    """Hand every due message to the broker, oldest first; how many it took. Stops at
    the first refusal: the broker is down, the rest wait for the next run."""
    published = 0
    for message_id in due(now).order_by("available_at").values_list("pk", flat=True)[:RELAY_BATCH]:
        if not _publish(message_id):
            break
        published += 1
    return published


def handle(message_id: uuid.UUID) -> str:
    """Run the topic's handlers for an open message: "done", "retry" or "dead" after a
    failure, "skipped" when it is done or dead already (or no such message)."""
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None or message.done_at or message.dead_at:
        return "skipped"
    try:
        _run_handlers(message)
    except Exception as error:  # a handler's own failure is an attempt that failed
        return _attempt_failed(message, error)
    OutboxMessage.objects.filter(pk=message.pk).update(done_at=timezone.now(), last_error="")
    return "done"


def _run_handlers(message: OutboxMessage) -> None:
    handlers = _handlers.get(message.topic)
    if not handlers:
        raise LookupError(f"no handler is registered for {message.topic!r}")
    for handler in handlers.values():
        handler(message.payload)


def _attempt_failed(message: OutboxMessage, error: Exception) -> str:
    attempts = message.attempts + 1
    reason = f"{type(error).__name__}: {error}"[:255]
    now = timezone.now()
    if attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=attempts, last_error=reason, dead_at=now
        )
        logger.error("outbox %s %s is a dead letter after %d attempts: %s",
                     message.topic, message.pk, attempts, reason)  # fmt: skip
        return "dead"
    delay = retry_delay(attempts)
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=attempts,
        last_error=reason,
        published_at=None,
        available_at=now + timedelta(seconds=delay),
    )
    logger.warning("outbox %s %s attempt %d failed, again in %.0f s: %s",
                   message.topic, message.pk, attempts, delay, reason)  # fmt: skip
    return "retry"


def retry_delay(attempts: int) -> float:
    """Seconds to wait after `attempts` failed attempts: the base doubled each time up to
    the cap, then drawn from its upper half, so that messages failed by one outage do not
    all come back in the same second."""
    base, cap = settings.OUTBOX_RETRY_BASE_SECONDS, settings.OUTBOX_RETRY_CAP_SECONDS
    ceiling = min(cap, base * 2 ** (attempts - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def purge(*, now: datetime | None = None) -> int:
    """Delete the messages done more than OUTBOX_KEEP_DAYS ago (dead letters stay until
    resent); how many. The table holds what is open and a few days of history."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    deleted, _ = OutboxMessage.objects.filter(done_at__lt=cutoff).delete()
    return deleted


def resend(messages: Iterable[OutboxMessage]) -> int:
    """Dead letters back to work, with every attempt again; how many."""
    ids = [message.pk for message in messages if message.dead_at is not None]
    with transaction.atomic():
        count = OutboxMessage.objects.filter(pk__in=ids, dead_at__isnull=False).update(
            dead_at=None, attempts=0, published_at=None, available_at=timezone.now()
        )
        for message_id in ids:
            _publish_on_commit(message_id)
    return count
