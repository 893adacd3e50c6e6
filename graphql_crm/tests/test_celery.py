"""generate_crm_report through a real Celery worker, and the beat schedule's timing. The
program's task asks the API at http://localhost:8000/graphql (here: a live server of the
test's own) and logs to /tmp/crm_report_log.txt (or the file the settings name)."""

from __future__ import annotations

import os
import random
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from celery import Celery, Task
from celery.contrib.testing.worker import start_worker
from celery.schedules import crontab
from config.celery import app
from crm.models import Customer, Order
from django.conf import LazySettings
from tests.support import Appended

PROGRAM_LOG = Path("/tmp/crm_report_log.txt")


class Shop(Appended):
    """The report log, and the revenue this test's orders make: whole units, and this
    run's own (another run may append its report to the same /tmp file meanwhile)."""

    def __init__(self, revenue: int, *paths: Path) -> None:
        super().__init__(*paths)
        self.revenue = revenue
        self.report = re.compile(
            r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} - Report: 2 customers, 3 orders, "
            rf"{revenue}(\.0+)? revenue"
        )


@pytest.fixture
def shop(transactional_db: None, settings: LazySettings, tmp_path: Path) -> Shop:
    """Two customers, three orders (10, 20 and 30 + a number of this run's); the report
    log in tmp_path. (The worker runs in a thread with a connection of its own: the rows
    must be committed.)"""
    extra = random.randint(0, 9000)
    alice = Customer.objects.create(name="Alice", email="alice@example.com")
    bob = Customer.objects.create(name="Bob", email="bob@example.com")
    for customer, total in ((alice, 10), (alice, 20), (bob, 30 + extra)):
        Order.objects.create(customer=customer, total_amount=Decimal(total))
    settings.CRM_REPORT_LOG = tmp_path / "crm_report_log.txt"
    return Shop(60 + extra, settings.CRM_REPORT_LOG, PROGRAM_LOG)


def reports(log: Shop) -> list[str]:
    lines = log.lines()
    found = [line for line in lines if log.report.fullmatch(line.strip())]
    assert found, (
        "no line `YYYY-MM-DD HH:MM:SS - Report: 2 customers, 3 orders, "
        f"{log.revenue} revenue`: {lines}"
    )
    return found


@pytest.fixture
def generate_crm_report() -> Task:
    """The task, imported when a test runs (it imports the schema)."""
    from crm.tasks import generate_crm_report

    return generate_crm_report


def running_worker(celery: Celery) -> Iterator[Any]:
    with start_worker(celery, perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.mark.task("celery.report")
def test_the_report_through_a_worker_on_the_configured_broker(
    shop: Shop, generate_crm_report: Task, api_port: int
) -> None:
    """memory:// embedded; CELERY_BROKER_URL's RabbitMQ or Redis in CI. (A shared broker
    may still hold a report an interrupted run queued, and this worker runs it too: a
    report among the lines, not the only line.)"""
    for _ in running_worker(app):
        generate_crm_report.delay().get(timeout=30)
    reports(shop)


@pytest.mark.task("celery.report")
@pytest.mark.services("redis")
def test_the_report_through_a_worker_on_redis(
    shop: Shop, generate_crm_report: Task, api_port: int
) -> None:
    """The program's broker for this project: Redis."""
    on_redis = Celery("crm-on-redis", broker=os.environ["REDIS_URL"], backend="cache+memory://")
    task = on_redis.task(name="crm.tasks.generate_crm_report")(generate_crm_report.run)
    for _ in running_worker(on_redis):
        task.delay().get(timeout=30)
    reports(shop)


@pytest.mark.task("extras.jobs")
def test_running_it_twice_only_adds_a_line(
    shop: Shop, generate_crm_report: Task, settings: LazySettings
) -> None:
    """Beyond the program: the report's line is also the task's result, and a second run
    (a redelivery) only adds a line."""
    first = generate_crm_report.apply().get()
    generate_crm_report.apply().get()
    assert shop.report.fullmatch(first)
    assert len(settings.CRM_REPORT_LOG.read_text().splitlines()) == 2
    assert Order.objects.count() == 3


@pytest.mark.task("celery.report")
def test_the_beat_schedule_is_mondays_at_six(
    settings: LazySettings, generate_crm_report: Task
) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["generate-crm-report"]
    assert entry["task"] == generate_crm_report.name == "crm.tasks.generate_crm_report"
    assert entry["schedule"] == crontab(day_of_week="mon", hour=6, minute=0)
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
