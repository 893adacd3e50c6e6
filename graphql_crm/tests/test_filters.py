"""The program's filters, through the FilterSets themselves: CustomerFilter (name and
e-mail contain, case-insensitive; created_at from and to; phone_pattern: the phone starts
with), ProductFilter (name contains; price from and to; stock), OrderFilter (total_amount
and order_date from and to; the customer's name; a product's name).

A filter is found by what it filters (its field and lookup), whatever the learner named
it: `name_icontains`, `name` with lookup_expr="icontains", or Meta.fields' `name__icontains`
all do; a `RangeFilter` or `DateFromToRangeFilter` is a from-and-to pair too."""

from __future__ import annotations

from typing import Any

import pytest
from crm.models import Customer, Order, Product

pytestmark = [pytest.mark.task("filters.crm"), pytest.mark.usefixtures("catalogue")]

GTE, LTE = ("gte", "gt"), ("lte", "lt")


def filtersets() -> dict[str, Any]:
    from crm import filters

    return {
        "customer": filters.CustomerFilter,
        "product": filters.ProductFilter,
        "order": filters.OrderFilter,
    }


def find(
    filterset: Any, field: str, lookups: tuple[str, ...], named: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The query data that applies a filter on `field` with one of `lookups` (the value
    goes in later): {name: None}, or the two keys of a range filter's bound. A method
    filter says nothing of its field: one `named` as the program names it will do."""
    for name in filterset.base_filters:
        if name in named:
            return {name: None}
    for name, declared in filterset.base_filters.items():
        if declared.field_name != field:
            continue
        if declared.lookup_expr.split("__")[-1] in lookups:
            return {name: None}
        if declared.lookup_expr == "range" and ("gte" in lookups or "lte" in lookups):
            suffixes = ("min", "after") if "gte" in lookups else ("max", "before")
            return {f"{name}_{suffix}": None for suffix in suffixes}
    raise NotFound(
        f"{filterset.__name__} has no filter on {field} ({' or '.join(lookups)}): "
        f"{ {n: (f.field_name, f.lookup_expr) for n, f in filterset.base_filters.items()} }"
    )


class NotFound(AssertionError, LookupError):
    """No filter of the filterset does what the program asks."""


def by_name_part(filterset: Any, part: str) -> str:
    """A method filter named after `part` (the program's phone_pattern)."""
    for name in filterset.base_filters:
        if part in name.lower():
            return str(name)
    raise AssertionError(f"{filterset.__name__} has no filter named like {part}")


def apply(kind: str, data: dict[str, Any]) -> list[Any]:
    filterset = filtersets()[kind]
    model = {"customer": Customer, "product": Product, "order": Order}[kind]
    found = filterset(data, queryset=model.objects.all())
    assert found.is_valid(), found.errors
    return list(found.qs)


def query(kind: str, *conditions: tuple[Any, ...]) -> list[Any]:
    """Rows of `kind` through its filterset, each condition (field, lookups, value[, the
    program's names of the filter])."""
    filterset = filtersets()[kind]
    data: dict[str, Any] = {}
    for field, lookups, value, *named in conditions:
        data.update(dict.fromkeys(find(filterset, field, lookups, *named), value))
    return apply(kind, data)


def names(rows: list[Any]) -> list[str]:
    return sorted(row.name for row in rows)


def totals(rows: list[Any]) -> list[str]:
    return sorted(str(row.total_amount) for row in rows)


def test_customers_by_name_and_email_case_insensitive() -> None:
    assert names(query("customer", ("name", ("icontains",), "ALI"))) == ["Alice"]
    assert names(query("customer", ("email", ("icontains",), "BOB@"))) == ["Bob"]


def test_customers_by_creation_date_range() -> None:
    Customer.objects.filter(name="Bob").update(created_at="2024-06-01T00:00:00Z")
    assert names(query("customer", ("created_at", GTE, "2025-01-01"))) == ["Alice"]
    assert names(query("customer", ("created_at", LTE, "2024-12-31"))) == ["Bob"]


@pytest.mark.parametrize(("pattern", "expected"), [("+1", ["Alice"]), ("123", ["Bob"])])
def test_customers_by_phone_pattern(pattern: str, expected: list[str]) -> None:
    name = by_name_part(filtersets()["customer"], "phone")
    found = names(apply("customer", {name: pattern}))
    assert found == expected, f"phone pattern {pattern!r} found {found}: phones that start with it"


def test_products_by_name_price_and_stock() -> None:
    assert names(query("product", ("name", ("icontains",), "LAP"))) == ["Laptop"]
    in_range = query("product", ("price", GTE, "100"), ("price", LTE, "1000"))
    assert names(in_range) == ["Laptop", "Phone"]

    # Stock: a range, an exact match, or below a level (stock__lt for low stock).
    for lookups, value, expected in (
        (("lt", "lte"), "10", ["Cable", "Laptop"]),
        (("gte", "gt"), "10", ["Phone"]),
        (("exact",), "3", ["Cable"]),
    ):
        try:
            assert names(query("product", ("stock", lookups, value))) == expected
            return
        except LookupError:
            continue
    raise AssertionError("ProductFilter has no filter on stock")


def test_orders_by_total_and_date_range() -> None:
    assert totals(query("order", ("total_amount", GTE, "400"), ("total_amount", LTE, "600"))) == [
        "499.50"
    ]
    assert totals(query("order", ("order_date", GTE, "2025-03-15"))) == ["499.50"]
    assert totals(query("order", ("order_date", LTE, "2025-03-15"))) == ["1009.98"]


def test_orders_by_customer_name_and_product_name() -> None:
    exactly = ("icontains", "iexact", "exact")
    by_customer = query("order", ("customer__name", exactly, "Alice", ("customer_name",)))
    assert totals(by_customer) == ["1009.98"]
    by_product = query("order", ("products__name", exactly, "Laptop", ("product_name",)))
    assert totals(by_product) == ["1009.98"]
