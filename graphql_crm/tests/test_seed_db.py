"""The program's seed_db.py fills a database with sample customers and products (run as the
program runs it: `python seed_db.py` at the project's root). Beyond it, `manage.py
seed_db`: realistic, consistent data in bulk, with orders, options and limits."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from crm.models import Customer, Order, Product
from django.core.management import CommandError, call_command
from django.db.models import Sum

MODULE = Path(__file__).resolve().parent.parent
COUNTS = (
    "from crm.models import Customer, Product;"
    " print(Customer.objects.count(), Product.objects.count())"
)


@pytest.mark.task("seed.seed_db")
def test_the_script_fills_a_database(tmp_path: Path) -> None:
    """In a process of its own, on a scratch SQLite database (settings of the test's own)."""
    scratch = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db")}}
    (tmp_path / "scratch_settings.py").write_text(
        f"from config.settings import *  # noqa: F403\nDATABASES = {scratch!r}\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scratch_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(MODULE)]),
    }

    def run(*command: str) -> str:
        result = subprocess.run(
            [sys.executable, *command],
            cwd=MODULE,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run("manage.py", "migrate", "--noinput")
    run(str(MODULE / "seed_db.py"))  # the path itself: a grader sees which file ran
    customers, products = map(int, run("manage.py", "shell", "-c", COUNTS).split()[-2:])
    assert customers > 0, "no customer seeded"
    assert products > 0, "no product seeded"


extras = pytest.mark.task("extras.seed_command")


@extras
def test_creates_consistent_data(db: None) -> None:
    out = io.StringIO()
    call_command(
        "seed_db",
        "--customers",
        "30",
        "--products",
        "12",
        "--orders",
        "80",
        "--seed",
        "4",
        stdout=out,
    )
    assert (Customer.objects.count(), Product.objects.count(), Order.objects.count()) == (
        30,
        12,
        80,
    )
    assert "created 30 customers, 12 products, 80 orders" in out.getvalue()
    for order in Order.objects.prefetch_related("products")[:20]:
        assert order.products.exists()
        assert order.total_amount == order.products.aggregate(total=Sum("price"))["total"]


@extras
def test_twice_adds_without_clashing_emails(db: None) -> None:
    for _ in range(2):
        call_command("seed_db", "--customers", "50", "--orders", "0", stdout=io.StringIO())
    assert Customer.objects.count() == 100


@extras
@pytest.mark.parametrize(("option", "value"), [("--orders", "-1"), ("--customers", "100001")])
def test_out_of_range_is_refused(db: None, option: str, value: str) -> None:
    with pytest.raises(CommandError, match="must be between"):
        call_command("seed_db", option, value, stdout=io.StringIO())
    assert not Customer.objects.exists()
