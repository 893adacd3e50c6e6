"""The program's queries: allCustomers, allProducts and allOrders as Relay connections
that filter, order and page. The filters' argument names are the learner's
(`nameIcontains`, `name_Icontains` or `name`, directly or in a `filter:` object): the
tests find them by what they say."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.conftest import Run
from tests.support import Schema, money, nodes, products_of, with_products

pytestmark = [pytest.mark.task("graphql.connections"), pytest.mark.usefixtures("catalogue")]


def test_every_customer_and_product(run: Run) -> None:
    customers = nodes(
        run("{ allCustomers { edges { node { id name email phone createdAt } } } }"),
        "allCustomers",
    )
    assert {(c["name"], c["email"], c["phone"]) for c in customers} == {
        ("Alice", "alice@example.com", "+1234567890"),
        ("Bob", "bob@example.com", "123-456-7890"),
    }
    products = nodes(run("{ allProducts { edges { node { name price stock } } } }"), "allProducts")
    assert {(p["name"], money(p["price"]), p["stock"]) for p in products} == {
        ("Laptop", Decimal("999.99"), 5),
        ("Phone", Decimal("499.50"), 20),
        ("Cable", Decimal("9.99"), 3),
    }


def test_every_order_with_its_customer_and_products(run: Run) -> None:
    answer = with_products(
        run,
        "{ allOrders { edges { node { id customer { name } PRODUCTS totalAmount orderDate } } } }",
    )
    orders = {order["customer"]["name"]: order for order in nodes(answer, "allOrders")}
    assert set(orders) == {"Alice", "Bob"}
    assert sorted(p["name"] for p in products_of(orders["Alice"])) == ["Cable", "Laptop"]
    assert money(orders["Alice"]["totalAmount"]) == Decimal("1009.98")
    assert orders["Bob"]["orderDate"].startswith("2025-04-01")


def names(run: Run, field: str, arguments: str, node: str = "name") -> list[str]:
    answer = run(f"{{ {field}({arguments}) {{ edges {{ node {{ {node} }} }} }} }}")
    return [row[node] for row in nodes(answer, field)]


def test_customers_by_name_and_creation_date(run: Run) -> None:
    from crm.models import Customer

    Customer.objects.filter(name="Bob").update(created_at="2024-06-01T00:00:00Z")
    schema = Schema(run)
    by_name = schema.arguments("allCustomers", {("name_icontains", "name"): "ali"})
    assert names(run, "allCustomers", by_name) == ["Alice"]
    since = schema.arguments(
        "allCustomers", {("created_at__gte", "created_at_gte", "created_at_after"): "2025-01-01"}
    )
    assert names(run, "allCustomers", since) == ["Alice"]


def test_products_by_price_range(run: Run) -> None:
    arguments = Schema(run).arguments(
        "allProducts",
        {
            ("price__gte", "price_gte", "min_price", "price_min"): 100,
            ("price__lte", "price_lte", "max_price", "price_max"): 1000,
        },
    )
    assert sorted(names(run, "allProducts", arguments)) == ["Laptop", "Phone"]


def test_orders_by_customer_name_product_name_and_total(run: Run) -> None:
    schema = Schema(run)
    for readings, value, expected in (
        (("customer_name", "customer__name__icontains", "customer__name"), "alice", ["1009.98"]),
        (("product_name", "products__name__icontains", "products__name"), "Phone", ["499.50"]),
        (("total_amount__gte", "total_amount_gte", "min_total"), 500, ["1009.98"]),
    ):
        arguments = schema.arguments("allOrders", {readings: value})
        found = names(run, "allOrders", arguments, node="totalAmount")
        assert [str(money(total)) for total in found] == expected, arguments


def test_ordering(run: Run) -> None:
    descending = Schema(run).order_by("allProducts", "-stock")
    assert names(run, "allProducts", descending) == ["Phone", "Laptop", "Cable"]


def test_relay_pages(run: Run) -> None:
    first = run(
        "{ allProducts(first: 2) { pageInfo { hasNextPage endCursor } edges { node { name } } } }"
    )
    page = first["data"]["allProducts"]
    assert len(page["edges"]) == 2
    assert page["pageInfo"]["hasNextPage"] is True
    rest = run(
        "query($after: String) {"
        " allProducts(first: 2, after: $after) { edges { node { name } } } }",
        after=page["pageInfo"]["endCursor"],
    )
    seen = [e["node"]["name"] for e in page["edges"] + rest["data"]["allProducts"]["edges"]]
    assert sorted(seen) == ["Cable", "Laptop", "Phone"]


def test_the_connections_over_http(over_http: Run) -> None:
    for field, expected in (("allCustomers", 2), ("allProducts", 3), ("allOrders", 2)):
        assert (
            len(nodes(over_http(f"{{ {field} {{ edges {{ node {{ id }} }} }} }}"), field))
            == expected
        )
