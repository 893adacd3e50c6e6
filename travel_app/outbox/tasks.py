"""The outbox's two tasks: the beat relay, and handling one message."""

from __future__ import annotations

import uuid

from celery import Task, shared_task
from config.cache import CACHE_ERRORS
from django.db import DatabaseError

from outbox import services


@shared_task(name="outbox.relay", acks_late=False, ignore_result=True)
def relay_outbox() -> int:
    """Hand the due messages to the broker (CELERY_BEAT_SCHEDULE). Not acknowledged late:
    a lost run is replaced by the next one, seconds later."""
    return services.relay()


@shared_task(
    bind=True,
    name=services.HANDLE_TASK,
    # Handlers' failures are the outbox's business (back-off, dead letter); these are the
    # task's own: the database or cache failing while it records the outcome.
    autoretry_for=(DatabaseError, *CACHE_ERRORS),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
)
def handle_message(self: Task, message_id: str) -> str:
    return services.handle(uuid.UUID(message_id))
