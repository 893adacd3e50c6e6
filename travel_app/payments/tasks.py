"""Reconciliation, a beat job (CELERY_BEAT_SCHEDULE): the payments a webhook never
settled are settled by asking the gateway (payments/services.py)."""

from __future__ import annotations

import logging

from celery import shared_task

from payments import services

logger = logging.getLogger(__name__)


# Idempotent, so at least once is safe: a settled payment is not asked about again.
@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=240, time_limit=270)
def reconcile_payments() -> int:
    settled = services.payments_reconcile()
    if settled:
        logger.info("reconciliation settled %d payment(s)", settled)
    return settled
