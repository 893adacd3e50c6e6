"""detect_anomalies, the hourly Celery task: it flags the last hour's addresses with more
than IP_ANOMALY_REQUESTS_PER_HOUR requests or a request under IP_SENSITIVE_PATHS (a
SuspiciousIP row per address and reason), then purges what is past retention. The tests
call the task directly, check the beat schedule, and run it once through a real worker
on the configured broker (memory:// embedded, RabbitMQ when CELERY_BROKER_URL says so)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from celery.schedules import crontab
from celery.signals import task_postrun
from config.celery import app
from django.conf import LazySettings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from ip_tracking.models import RequestLog, SuspiciousIP
from ip_tracking.services import anomalies_detect
from ip_tracking.tasks import detect_anomalies

pytestmark = pytest.mark.task("ip.anomalies")

NOW = dt.datetime(2024, 5, 31, 12, 0, tzinfo=dt.UTC)


def requests_from(
    address: str, count: int, *, path: str = "/api/messages/", at: dt.datetime = NOW
) -> None:
    RequestLog.objects.bulk_create(
        RequestLog(ip_address=address, timestamp=at, path=path, method="GET") for _ in range(count)
    )


def flags() -> list[tuple[str, str]]:
    return list(
        SuspiciousIP.objects.order_by("ip_address", "reason").values_list("ip_address", "reason")
    )


@pytest.fixture
def limit(settings: LazySettings) -> int:
    settings.IP_ANOMALY_REQUESTS_PER_HOUR = 5
    return 5


@pytest.mark.usefixtures("limit")
def test_an_address_over_the_hourly_limit_is_flagged_and_one_at_it_is_not() -> None:
    requests_from("192.0.2.60", 6, at=NOW - dt.timedelta(minutes=59))
    requests_from("192.0.2.61", 5, at=NOW - dt.timedelta(minutes=1))
    requests_from("192.0.2.62", 3, at=NOW - dt.timedelta(minutes=61))  # before the hour
    requests_from("192.0.2.62", 3, at=NOW - dt.timedelta(minutes=30))

    anomalies_detect(now=NOW)

    assert flags() == [("192.0.2.60", "too_many_requests")]
    flagged = SuspiciousIP.objects.get()
    assert flagged.flagged_at == NOW
    assert "6 requests" in flagged.detail


@pytest.mark.usefixtures("limit")
@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/login", "/login/?next=/"])
def test_an_address_asking_for_a_sensitive_path_is_flagged(path: str) -> None:
    requests_from("2001:db8::63", 1, path=path, at=NOW - dt.timedelta(minutes=5))
    requests_from("192.0.2.64", 1, path="/api/messages/", at=NOW - dt.timedelta(minutes=5))

    anomalies_detect(now=NOW)

    assert flags() == [("2001:db8::63", "sensitive_path")]
    assert SuspiciousIP.objects.get().detail == f"asked for {path}"


@pytest.mark.usefixtures("limit")
def test_running_again_updates_each_flag_instead_of_repeating_it() -> None:
    requests_from("192.0.2.65", 6, path="/admin/", at=NOW - dt.timedelta(minutes=10))
    anomalies_detect(now=NOW)
    later = NOW + dt.timedelta(minutes=30)
    requests_from("192.0.2.65", 2, path="/admin/", at=later)

    anomalies_detect(now=later)

    assert flags() == [("192.0.2.65", "sensitive_path"), ("192.0.2.65", "too_many_requests")]
    assert {row.flagged_at for row in SuspiciousIP.objects.all()} == {later}
    assert "8 requests" in SuspiciousIP.objects.get(reason="too_many_requests").detail


@pytest.mark.usefixtures("limit")
def test_the_check_costs_the_same_queries_for_many_addresses() -> None:
    def queries_for(addresses: int, first: int) -> int:
        for n in range(first, first + addresses):
            requests_from(f"192.0.2.{n}", 6, path="/login", at=NOW - dt.timedelta(minutes=1))
        with CaptureQueriesContext(connection) as queries:
            anomalies_detect(now=NOW)
        return len(queries)

    assert queries_for(1, 1) == queries_for(20, 100)


def test_the_task_flags_and_purges_and_says_how_many(settings: LazySettings) -> None:
    settings.IP_ANOMALY_REQUESTS_PER_HOUR = 2
    settings.IP_LOG_RETENTION_DAYS = 7
    requests_from("192.0.2.66", 3, at=timezone.now())
    requests_from("192.0.2.67", 4, at=timezone.now() - dt.timedelta(days=8))

    assert detect_anomalies() == {"flagged": 1, "purged": 4}
    assert flags() == [("192.0.2.66", "too_many_requests")]
    assert RequestLog.objects.count() == 3


def test_beat_runs_it_every_hour(settings: LazySettings) -> None:
    """Every hour: at a fixed minute of each hour (crontab), or every 3,600 seconds."""
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == detect_anomalies.name
    ]
    schedule = entry["schedule"]
    if isinstance(schedule, crontab):
        assert len(schedule.minute) == 1
        assert schedule.hour == set(range(24))
        assert schedule.day_of_week == set(range(7))
    else:
        every = getattr(schedule, "run_every", schedule)  # celery's schedule(), or a number
        if not isinstance(every, dt.timedelta):
            every = dt.timedelta(seconds=float(every))
        assert every == dt.timedelta(hours=1)
    assert detect_anomalies.name in app.tasks


@pytest.mark.django_db(transaction=True)
def test_through_a_real_worker_on_the_configured_broker(
    settings: LazySettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker runs in a thread of this process with its own database connection:
    the rows are committed. Its end is signalled (task_postrun), never waited out."""
    settings.IP_ANOMALY_REQUESTS_PER_HOUR = 2
    requests_from("192.0.2.68", 3, path="/login", at=timezone.now())
    done = threading.Event()

    sent = uuid.uuid4().hex

    def finished(task_id: str = "", **_: Any) -> None:
        if task_id == sent:
            done.set()

    # No AMQP heartbeat timer: with none due, the worker's loop wakes every second and
    # sees that it must stop (the heartbeat's timer would keep it asleep for tens of s).
    monkeypatch.setitem(app.conf, "broker_heartbeat", 0)
    task_postrun.connect(finished, weak=False)
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=10) as worker:
            broker = worker.consumer.connection.transport.driver_type
            assert broker == settings.CELERY_BROKER_URL.partition(":")[0]  # amqp in CI
            detect_anomalies.apply_async(task_id=sent)
            assert done.wait(timeout=60), "the worker did not run detect_anomalies in 60 s"
    finally:
        task_postrun.disconnect(finished)

    assert flags() == [("192.0.2.68", "sensitive_path"), ("192.0.2.68", "too_many_requests")]
