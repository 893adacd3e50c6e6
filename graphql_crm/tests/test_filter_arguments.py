"""Beyond the program's contract: this schema's filter arguments by their names, one by one
and as one `filter:` object; the filters the program leaves as a challenge (lowStock,
productId); malformed filters refused."""

from __future__ import annotations

from typing import Any

import pytest
from crm.models import Customer
from tests.conftest import Run

pytestmark = [pytest.mark.task("extras.filter_input"), pytest.mark.usefixtures("catalogue")]


def names(run: Run, field: str, arguments: str, node: str = "name") -> list[str]:
    answer = run(f"{{ {field}({arguments}) {{ edges {{ node {{ {node} }} }} }} }}")
    assert "errors" not in answer, answer["errors"]
    return [edge["node"][node] for edge in answer["data"][field]["edges"]]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ('phonePattern: "+1"', ["Alice"]),
        ('filter: {phonePattern: "123-"}', ["Bob"]),
        ('emailIcontains: "BOB@"', ["Bob"]),
        ('filter: {nameIcontains: "o"}, orderBy: "-name"', ["Bob"]),
        ('orderBy: "-name"', ["Bob", "Alice"]),
    ],
)
def test_customers(run: Run, arguments: str, expected: list[str]) -> None:
    assert names(run, "allCustomers", arguments) == expected


def test_customers_by_creation_date(run: Run) -> None:
    Customer.objects.filter(name="Bob").update(created_at="2024-06-01T00:00:00Z")
    assert names(run, "allCustomers", 'filter: {createdAtGte: "2025-01-01"}') == ["Alice"]
    assert names(run, "allCustomers", 'createdAtLte: "2024-12-31T23:59:59Z"') == ["Bob"]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ('filter: {priceGte: 100, priceLte: 1000}, orderBy: "-stock"', ["Phone", "Laptop"]),
        ("stockLte: 5", ["Cable", "Laptop"]),
        ('filter: {lowStock: true}, orderBy: "price"', ["Cable", "Laptop"]),
        ("lowStock: false", ["Phone"]),
        ('nameIcontains: "a", orderBy: "-price"', ["Laptop", "Cable"]),
    ],
)
def test_products(run: Run, arguments: str, expected: list[str]) -> None:
    assert names(run, "allProducts", arguments) == expected


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            'filter: {customerName: "alice", productName: "Laptop", totalAmountGte: 500}',
            ["1009.98"],
        ),
        ('productName: "e"', ["499.50", "1009.98"]),
        ('filter: {orderDateGte: "2025-03-15T00:00:00Z"}', ["499.50"]),
        ('totalAmountLte: 500, orderBy: "-total_amount"', ["499.50"]),
        ('orderBy: "total_amount"', ["499.50", "1009.98"]),
    ],
)
def test_orders(run: Run, arguments: str, expected: list[str]) -> None:
    assert names(run, "allOrders", arguments, node="totalAmount") == expected


def test_orders_by_product_id(run: Run, catalogue: dict[str, Any]) -> None:
    assert names(run, "allOrders", f"productId: {catalogue['cable'].pk}", node="totalAmount") == [
        "1009.98"
    ]


@pytest.mark.parametrize(
    "document",
    [
        '{ allOrders(filter: {orderDateGte: "yesterday"}) { edges { node { id } } } }',
        '{ allProducts(priceGte: "cheap") { edges { node { id } } } }',
        '{ allProducts(orderBy: "password") { edges { node { id } } } }',
        "{ allCustomers(filter: {nosuch: 1}) { edges { node { id } } } }",
    ],
)
def test_malformed_filters_are_errors(run: Run, document: str) -> None:
    answer = run(document)
    assert answer.get("errors"), answer
