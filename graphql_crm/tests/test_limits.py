"""Beyond the program: limits. A page at most 100 long, a query at most so deep, and nested
orders in a fixed number of queries; no GraphiQL page when DEBUG is off."""

from __future__ import annotations

from typing import Any

import pytest
from crm.models import Order
from tests.conftest import Run


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
