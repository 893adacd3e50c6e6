"""Beyond the program's contract: this module's own job rules and words. Its exact log
lines, a customer who joined within the year kept (new, not inactive), an API that does
not answer reported (exit 1, or said in the heartbeat), and a report run twice adding a
line. The jobs log where the settings say and ask the API at settings.GRAPHQL_URL."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from crm import cron
from crm.models import Customer, Order, Product
from django.conf import LazySettings
from django.utils import timezone
from tests.factories import order_for

MODULE = Path(__file__).resolve().parent.parent
JOBS = MODULE / "crm" / "cron_jobs"
STAMP = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"


def aged(customer: Customer, days: int) -> Customer:
    Customer.objects.filter(pk=customer.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return customer


@pytest.mark.task("extras.jobs")
class TestCleanup:
    @pytest.fixture
    def customers(self, db: None) -> dict[str, Customer]:
        old_active = aged(Customer.objects.create(name="Active", email="active@example.com"), 800)
        order_for(old_active, days_ago=30)
        lapsed = aged(Customer.objects.create(name="Lapsed", email="lapsed@example.com"), 800)
        order_for(lapsed, days_ago=400)
        never = aged(Customer.objects.create(name="Never", email="never@example.com"), 500)
        newcomer = Customer.objects.create(name="New", email="new@example.com")
        return {"active": old_active, "lapsed": lapsed, "never": never, "new": newcomer}

    def test_deletes_only_customers_without_a_recent_order(
        self, customers: dict[str, Customer], settings: LazySettings, tmp_path: Path
    ) -> None:
        from django.core.management import call_command

        settings.CUSTOMER_CLEANUP_LOG = tmp_path / "customer_cleanup_log.txt"
        call_command("clean_inactive_customers", stdout=open(os.devnull, "w"))  # noqa: SIM115
        assert sorted(Customer.objects.values_list("name", flat=True)) == ["Active", "New"]
        assert not Order.objects.filter(customer__name="Lapsed").exists()
        call_command("clean_inactive_customers", stdout=open(os.devnull, "w"))  # noqa: SIM115
        lines = settings.CUSTOMER_CLEANUP_LOG.read_text().splitlines()
        assert [re.sub(STAMP, "T", line) for line in lines] == [
            "T Deleted 2 inactive customers",
            "T Deleted 0 inactive customers",
        ]

    def test_the_script_runs_the_command_and_logs(self, tmp_path: Path) -> None:
        """As cron runs it: a process of its own. Its database is a scratch SQLite file
        (settings of the test's own), never the developer's."""
        scratch = {
            "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db")}
        }
        (tmp_path / "scratch_settings.py").write_text(
            f"from config.settings import *  # noqa: F403\nDATABASES = {scratch!r}\n"
        )
        log = tmp_path / "customer_cleanup_log.txt"
        env = {
            **os.environ,
            "PYTHON": sys.executable,
            "CUSTOMER_CLEANUP_LOG": str(log),
            "DJANGO_SETTINGS_MODULE": "scratch_settings",
            "PYTHONPATH": os.pathsep.join([str(tmp_path), str(MODULE)]),
        }
        commands = (
            [sys.executable, "manage.py", "migrate", "--noinput"],
            ["bash", str(JOBS / "clean_inactive_customers.sh")],
        )
        for command in commands:
            result = subprocess.run(
                command,
                cwd=MODULE,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert result.returncode == 0, result.stderr
        assert re.fullmatch(rf"{STAMP} Deleted 0 inactive customers", log.read_text().strip())


@pytest.mark.task("extras.jobs")
class TestReminders:
    def test_logs_each_recent_order_over_http(self, live_server: Any, tmp_path: Path) -> None:
        alice = Customer.objects.create(name="Alice", email="alice@example.com")
        recent, old = order_for(alice, days_ago=2), order_for(alice, days_ago=30)
        log = tmp_path / "order_reminders_log.txt"
        env = {
            **os.environ,
            "GRAPHQL_URL": f"{live_server.url}/graphql",
            "ORDER_REMINDERS_LOG": str(log),
        }
        result = subprocess.run(
            [sys.executable, str(JOBS / "send_order_reminders.py")],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "Order reminders processed!"
        assert re.fullmatch(
            rf"{STAMP} Order {recent.pk}: reminder for alice@example.com", log.read_text().strip()
        )
        assert f"Order {old.pk}:" not in log.read_text()

    def test_an_unreachable_api_is_an_error(self, tmp_path: Path) -> None:
        env = {
            **os.environ,
            "GRAPHQL_URL": "http://127.0.0.1:9/graphql",
            "ORDER_REMINDERS_LOG": str(tmp_path / "log.txt"),
        }
        result = subprocess.run(
            [sys.executable, str(JOBS / "send_order_reminders.py")],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 1
        assert "did not answer" in result.stderr
        assert not (tmp_path / "log.txt").exists()


@pytest.mark.task("extras.jobs")
class TestDjangoCrontab:
    def test_heartbeat_says_when_the_api_is_down(
        self, settings: LazySettings, tmp_path: Path
    ) -> None:
        settings.GRAPHQL_URL, settings.HEARTBEAT_LOG = (
            "http://127.0.0.1:9/graphql",
            tmp_path / "hb.txt",
        )
        cron.log_crm_heartbeat()
        assert "CRM is alive, but GraphQL did not answer" in settings.HEARTBEAT_LOG.read_text()

    def test_low_stock_restocks_over_http_and_logs(
        self, live_server: Any, settings: LazySettings, tmp_path: Path
    ) -> None:
        Product.objects.create(name="Cable", price=Decimal("9.99"), stock=3)
        Product.objects.create(name="Phone", price=Decimal("499.00"), stock=40)
        settings.GRAPHQL_URL, settings.LOW_STOCK_LOG = (
            f"{live_server.url}/graphql",
            tmp_path / "low.txt",
        )
        cron.update_low_stock()
        lines = [
            re.sub(STAMP, "T", line) for line in settings.LOW_STOCK_LOG.read_text().splitlines()
        ]
        assert lines == ["T Cable: stock now 13", "T Restocked 1 products"]
        assert Product.objects.get(name="Cable").stock == 13
