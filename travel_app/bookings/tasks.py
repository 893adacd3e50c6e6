"""The beat job that frees the nights of bookings left unpaid (CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import logging

from celery import shared_task

from bookings import services

logger = logging.getLogger(__name__)


# Idempotent, so at least once is safe: a second run finds nothing left to release.
@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=60, time_limit=90)
def release_unpaid_bookings() -> int:
    released = services.release_unpaid_bookings()
    if released:
        logger.info("released %d unpaid booking(s)", released)
    return released
