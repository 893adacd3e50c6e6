"""The program's checkpoint queries: hello, and the three filtered connections, through the
schema and over real HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from crm.models import Order
from tests.conftest import Run

HELLO = "{ hello }"
CUSTOMERS = """{ allCustomers(filter: {nameIcontains: "Ali", createdAtGte: "2025-01-01"}) {
    edges { node { name email createdAt } } } }"""
PRODUCTS = """{ allProducts(filter: {priceGte: 100, priceLte: 1000}, orderBy: "-stock") {
    edges { node { name price stock } } } }"""
ORDERS = """{ allOrders(filter: {customerName: "Alice", productName: "Laptop",
    totalAmountGte: 500}) { edges { node { id customer { name }
    products { edges { node { name } } } totalAmount orderDate } } } }"""


def nodes(answer: dict[str, Any], field: str) -> list[dict[str, Any]]:
    assert "errors" not in answer, answer["errors"]
    return [edge["node"] for edge in answer["data"][field]["edges"]]


@pytest.mark.task("graphql.hello")
def test_hello(run: Run) -> None:
    assert run(HELLO) == {"data": {"hello": "Hello, GraphQL!"}}


@pytest.mark.task("graphql.hello")
def test_hello_over_http(over_http: Run) -> None:
    assert over_http(HELLO) == {"data": {"hello": "Hello, GraphQL!"}}


@pytest.mark.task("graphql.connections")
@pytest.mark.usefixtures("catalogue")
def test_the_checkpoint_documents(run: Run) -> None:
    assert nodes(run(CUSTOMERS), "allCustomers")[0]["email"] == "alice@example.com"
    assert [(p["name"], p["stock"]) for p in nodes(run(PRODUCTS), "allProducts")] == [
        ("Phone", 20),
        ("Laptop", 5),
    ]
    [order] = nodes(run(ORDERS), "allOrders")
    assert order["customer"] == {"name": "Alice"}
    assert [e["node"]["name"] for e in order["products"]["edges"]] == ["Cable", "Laptop"]
    assert order["totalAmount"] == "1009.98"


@pytest.mark.task("graphql.connections")
@pytest.mark.usefixtures("catalogue")
def test_the_checkpoint_documents_over_http(over_http: Run) -> None:
    for document, field, expected in (
        (CUSTOMERS, "allCustomers", 1),
        (PRODUCTS, "allProducts", 2),
        (ORDERS, "allOrders", 1),
    ):
        assert len(over_http(document)["data"][field]["edges"]) == expected


@pytest.mark.task("graphql.connections")
def test_relay_pages(run: Run, catalogue: dict[str, Any]) -> None:
    first = run(
        "{ allProducts(first: 2) { pageInfo { hasNextPage endCursor } edges { node { name } } } }"
    )
    page = first["data"]["allProducts"]
    assert [e["node"]["name"] for e in page["edges"]] == ["Cable", "Laptop"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = run(
        "query($after: String) {"
        " allProducts(first: 2, after: $after) { edges { node { name } } } }",
        after=page["pageInfo"]["endCursor"],
    )
    assert [e["node"]["name"] for e in rest["data"]["allProducts"]["edges"]] == ["Phone"]


@pytest.mark.task("graphql.limits")
def test_a_page_larger_than_the_limit_is_refused(run: Run) -> None:
    answer = run("{ allOrders(first: 1000) { edges { node { id } } } }")
    assert answer["data"] == {"allOrders": None}
    assert "exceeds the `first` limit of 100 records" in answer["errors"][0]["message"]


@pytest.mark.task("graphql.limits")
def test_a_query_nested_too_deep_is_refused_before_it_runs(
    post: Run, django_assert_num_queries: Any
) -> None:
    nested = "node { id }"
    for _ in range(6):
        nested = f"node {{ customer {{ id }} products {{ edges {{ {nested} }} }} }}"
    with django_assert_num_queries(0):
        answer = post(f"{{ allOrders {{ edges {{ {nested} }} }} }}")
    assert "exceeds maximum operation depth" in answer["errors"][0]["message"]


@pytest.mark.task("graphql.limits")
@pytest.mark.parametrize("orders", [2, 30])
def test_nested_orders_cost_the_same_queries_for_any_number(
    run: Run, catalogue: dict[str, Any], orders: int, django_assert_num_queries: Any
) -> None:
    for number in range(orders - 2):
        order = Order.objects.create(customer=catalogue["bob"], total_amount=number + 1)
        order.products.set([catalogue["phone"], catalogue["cable"]])
    document = """{ allOrders { edges { node { customer { name }
        products { edges { node { name } } } } } } }"""
    # the count, the orders with their customers, their products
    with django_assert_num_queries(3):
        answer = run(document)
    assert len(answer["data"]["allOrders"]["edges"]) == orders


@pytest.mark.task("graphql.limits")
def test_no_graphiql_when_debug_is_off(client: Any, db: None) -> None:
    """Tests run with DEBUG off, as production does: a browser gets no GraphiQL page."""
    page = client.get("/graphql", HTTP_ACCEPT="text/html")
    assert page.status_code == 400
    assert b"graphiql" not in page.content.lower()
