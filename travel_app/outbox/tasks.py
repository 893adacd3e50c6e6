"""The outbox's two tasks: the beat relay, and handling one message."""

from __future__ import annotations

import logging
import uuid

from celery import Task, shared_task
from config.cache import CACHE_ERRORS
from django.db import DatabaseError

from outbox import services

logger = logging.getLogger(__name__)


@shared_task(name="outbox.relay", acks_late=False, ignore_result=True)
def relay_outbox() -> int:
    """Hand the due messages to the broker (CELERY_BEAT_SCHEDULE). Not acknowledged late,
    and a database error is a warning, not a retry: the next run, seconds later, does
    the same work."""
    try:
        return services.relay()
    except DatabaseError as error:
        logger.warning("outbox relay: the database failed (%s); the next run tries again", error)
        return 0


@shared_task(name="outbox.purge", ignore_result=True)
def purge_outbox() -> int:
    """Forget the messages done days ago (CELERY_BEAT_SCHEDULE, daily)."""
    return services.purge()


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
