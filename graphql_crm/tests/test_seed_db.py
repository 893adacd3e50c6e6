"""`manage.py seed_db`: realistic, consistent data in bulk."""

from __future__ import annotations

import io

import pytest
from crm.models import Customer, Order, Product
from django.core.management import CommandError, call_command
from django.db.models import Sum

pytestmark = pytest.mark.task("seed.seed_db")


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


def test_twice_adds_without_clashing_emails(db: None) -> None:
    for _ in range(2):
        call_command("seed_db", "--customers", "50", "--orders", "0", stdout=io.StringIO())
    assert Customer.objects.count() == 100


@pytest.mark.parametrize(("option", "value"), [("--orders", "-1"), ("--customers", "100001")])
def test_out_of_range_is_refused(db: None, option: str, value: str) -> None:
    with pytest.raises(CommandError, match="must be between"):
        call_command("seed_db", option, value, stdout=io.StringIO())
    assert not Customer.objects.exists()
