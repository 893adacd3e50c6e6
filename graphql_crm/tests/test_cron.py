"""The program's cron units, run as cron runs them and graded on what the program asks:
the right customers deleted and the count logged with a timestamp; a line for each recent
order's customer; the heartbeat's `DD/MM/YYYY-HH:MM:SS CRM is alive`; the restock logged.

The program's jobs log to fixed files in /tmp and ask the API at http://localhost:8000:
the tests read the lines added to those files (or to the file this module's settings
name), and send that address to a live server of the test's own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from crm.models import Customer, Product
from django.conf import LazySettings
from tests.factories import order_for
from tests.support import Appended, mentions

MODULE = Path(__file__).resolve().parent.parent
JOBS = MODULE / "crm" / "cron_jobs"
A_TIME = re.compile(r"\d{1,2}:\d{2}")


def crontab_fields(name: str) -> list[str]:
    [line] = [
        line
        for line in (JOBS / name).read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return line.split()


def child_environment(**extra: str) -> dict[str, str]:
    """A job's environment: this Python first on PATH (as `python` and `python3`)."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return {**os.environ, "PATH": path, "PYTHON": sys.executable, **extra}


# Customers of a scratch database: an old one who ordered last month, one whose last
# order is 400 days old, and one who never ordered in 500 days.
SEED = """
from datetime import timedelta
from decimal import Decimal
from django.utils import timezone
from crm.models import Customer, Order, Product
now = timezone.now()
pen = Product.objects.create(name="Pen", price=Decimal("2.00"), stock=50)
for name, joined, ordered in (("Active", 800, 30), ("Lapsed", 800, 400), ("Never", 500, None)):
    customer = Customer.objects.create(name=name, email=name.lower() + "@example.com")
    Customer.objects.filter(pk=customer.pk).update(created_at=now - timedelta(days=joined))
    if ordered is not None:
        order = Order.objects.create(
            customer=customer,
            total_amount=Decimal("2.00"),
            order_date=now - timedelta(days=ordered),
        )
        order.products.set([pen])
"""
NAMES = (
    "from crm.models import Customer;"
    " print(sorted(Customer.objects.values_list('name', flat=True)))"
)


@pytest.mark.task("cron.cleanup")
class TestCleanup:
    def test_the_script_deletes_inactive_customers_and_logs_how_many(self, tmp_path: Path) -> None:
        """As cron runs it: a process of its own, on a scratch SQLite database (settings
        of the test's own), never the developer's."""
        scratch = {
            "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db")}
        }
        (tmp_path / "scratch_settings.py").write_text(
            f"from config.settings import *  # noqa: F403\nDATABASES = {scratch!r}\n"
        )
        ours = tmp_path / "customer_cleanup_log.txt"
        env = child_environment(
            CUSTOMER_CLEANUP_LOG=str(ours),
            DJANGO_SETTINGS_MODULE="scratch_settings",
            PYTHONPATH=os.pathsep.join([str(tmp_path), str(MODULE)]),
        )

        def run(*command: str) -> str:
            result = subprocess.run(
                command, cwd=MODULE, env=env, capture_output=True, text=True, timeout=120
            )
            assert result.returncode == 0, result.stdout + result.stderr
            return result.stdout

        run(sys.executable, "manage.py", "migrate", "--noinput")
        run(sys.executable, "manage.py", "shell", "-c", SEED)
        log = Appended(ours, Path("/tmp/customer_cleanup_log.txt"))
        run("bash", str(JOBS / "clean_inactive_customers.sh"))
        left = run(sys.executable, "manage.py", "shell", "-c", NAMES).strip().splitlines()[-1]
        assert left == "['Active']", f"customers left: {left}"
        lines = log.lines()
        assert any(re.search(r"\b2\b", line) for line in lines), f"no count of 2 in {lines}"
        assert any(A_TIME.search(line) for line in lines), f"no timestamp in {lines}"

    def test_the_crontab_runs_it_sundays_at_two(self) -> None:
        fields = crontab_fields("customer_cleanup_crontab.txt")
        assert fields[:5] == ["0", "2", "*", "*", "0"]
        assert fields[-1].endswith("crm/cron_jobs/clean_inactive_customers.sh")


@pytest.mark.task("cron.reminders")
class TestReminders:
    def test_logs_each_recent_order_over_http(
        self, api_port: int, tmp_path: Path, transactional_db: None
    ) -> None:
        # Addresses of this run's own: another run may append to the same /tmp file.
        token = uuid.uuid4().hex[:8]
        alice = Customer.objects.create(name="Alice", email=f"alice-{token}@example.com")
        bob = Customer.objects.create(name="Bob", email=f"bob-{token}@example.com")
        order_for(alice, days_ago=2)
        order_for(bob, days_ago=30)
        ours = tmp_path / "order_reminders_log.txt"
        log = Appended(ours, Path("/tmp/order_reminders_log.txt"))
        result = subprocess.run(
            [sys.executable, str(JOBS / "send_order_reminders.py")],
            env=child_environment(
                ORDER_REMINDERS_LOG=str(ours),
                CRM_TEST_API_PORT=str(api_port),
                PYTHONPATH=os.pathsep.join(
                    [str(MODULE / "tests" / "program_address"), os.environ.get("PYTHONPATH", "")]
                ),
            ),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert "Order reminders processed!" in result.stdout
        lines = log.lines()
        assert mentions(lines, alice.email), f"no reminder for Alice's order: {lines}"
        assert not mentions(lines, bob.email), "a reminder for an order 30 days old"
        assert any(A_TIME.search(line) for line in lines), f"no timestamp in {lines}"

    def test_the_crontab_runs_it_daily_at_eight(self) -> None:
        fields = crontab_fields("order_reminders_crontab.txt")
        assert fields[:5] == ["0", "8", "*", "*", "*"]
        assert fields[-1].endswith("crm/cron_jobs/send_order_reminders.py")


@pytest.mark.task("cron.django_crontab")
class TestDjangoCrontab:
    def test_the_jobs_and_their_timing(self, settings: LazySettings) -> None:
        assert ("*/5 * * * *", "crm.cron.log_crm_heartbeat") in settings.CRONJOBS
        assert ("0 */12 * * *", "crm.cron.update_low_stock") in settings.CRONJOBS

    def test_heartbeat(self, api_port: int, settings: LazySettings, tmp_path: Path) -> None:
        from crm import cron

        settings.HEARTBEAT_LOG = tmp_path / "crm_heartbeat_log.txt"
        log = Appended(settings.HEARTBEAT_LOG, Path("/tmp/crm_heartbeat_log.txt"))
        cron.log_crm_heartbeat()
        lines = log.lines()
        assert any(
            re.match(r"\d{2}/\d{2}/\d{4}-\d{2}:\d{2}:\d{2} CRM is alive", line) for line in lines
        ), f"no `DD/MM/YYYY-HH:MM:SS CRM is alive` line in {lines}"

    def test_low_stock_restocks_over_http_and_logs(
        self, api_port: int, settings: LazySettings, tmp_path: Path
    ) -> None:
        from crm import cron

        # Names of this run's own: another run may append to the same /tmp file.
        cable, phone = (f"{name}-{uuid.uuid4().hex[:8]}" for name in ("Cable", "Phone"))
        Product.objects.create(name=cable, price=Decimal("9.99"), stock=3)
        Product.objects.create(name=phone, price=Decimal("499.00"), stock=40)
        settings.LOW_STOCK_LOG = tmp_path / "low_stock_updates_log.txt"
        log = Appended(settings.LOW_STOCK_LOG, Path("/tmp/low_stock_updates_log.txt"))
        cron.update_low_stock()
        assert dict(Product.objects.values_list("name", "stock")) == {cable: 13, phone: 40}
        lines = log.lines()
        assert any(cable in line and re.search(r"\b13\b", line) for line in lines), (
            f"no line with {cable}'s new stock, 13: {lines}"
        )
        assert not mentions(lines, phone), f"{phone} was not low on stock"
