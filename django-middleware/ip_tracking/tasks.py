"""The hourly job (CELERY_BEAT_SCHEDULE): thin, the work is in services.py."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from ip_tracking import services


@shared_task(name="ip_tracking.tasks.detect_anomalies")
def detect_anomalies() -> dict[str, int]:
    """Flag the last hour's suspicious addresses, then purge what is past retention.
    Safe to run twice: a flag is updated, not repeated, and a purge finds nothing new."""
    now = timezone.now()
    flagged = services.anomalies_detect(now=now)
    purged = services.request_logs_purge(now=now)
    return {"flagged": len(flagged), "purged": purged}
