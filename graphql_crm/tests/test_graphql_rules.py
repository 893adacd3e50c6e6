"""Beyond the program: what POST /graphql refuses before any resolver runs. graphql-core's
standard validation (kept beside this module's limits, never replaced by them), the
limits on depth, aliases, cost, tokens and nesting, paging checked on nested connections
too, node ids read strictly, and no internal exception text in an answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from crm.models import Product
from django.test import Client
from graphql import get_introspection_query
from graphql_relay import to_global_id

pytestmark = pytest.mark.task("graphql.limits")

Ask = Callable[..., tuple[int, dict[str, Any]]]
ORDERS = """allOrders(first: 100) { edges { node {
    customer { name } products { edges { node { name } } } } } }"""
CREATE = 'createProduct(input: {name: "X", price: "1.00"'
PRODUCT = "{ product { name price stock } }"


@pytest.fixture
def ask(client: Client, db: None) -> Ask:
    """ask(document, **variables): the HTTP status and the JSON answer of POST /graphql."""

    def send(document: str, **variables: Any) -> tuple[int, dict[str, Any]]:
        body = json.dumps({"query": document, "variables": variables or None})
        response = client.post("/graphql", body, content_type="application/json")
        return response.status_code, response.json()

    return send


def messages(answer: dict[str, Any]) -> str:
    return " ".join(str(error["message"]) for error in answer.get("errors") or [])


@pytest.mark.parametrize(
    ("document", "variables", "expected"),
    [
        (  # a cycle: graphene's depth validator, alone, recursed until Python gave up
            "fragment A on Query { ...B } fragment B on Query { ...A } { ...A }",
            {},
            "Cannot spread fragment 'A' within itself via 'B'.",
        ),
        ("{ ...Nowhere }", {}, "Unknown fragment 'Nowhere'."),
        ("{ hello bogus }", {}, "Cannot query field 'bogus' on type 'Query'."),
        ("{ hello(loud: true) }", {}, "Unknown argument 'loud' on field 'Query.hello'."),
        (
            f"mutation {{ {CREATE}}}, bogus: 2) {PRODUCT} }}",
            {},
            "Unknown argument 'bogus' on field 'Mutation.createProduct'.",
        ),
        (
            f"mutation {{ {CREATE}, bogus: 2}}) {PRODUCT} }}",
            {},
            "Field 'bogus' is not defined by type 'ProductInput'.",
        ),
        (
            f"mutation($stock: String) {{ {CREATE}, stock: $stock}}) {PRODUCT} }}",
            {"stock": "lots"},
            "Variable '$stock' of type 'String' used in position expecting type 'Int'.",
        ),
    ],
)
def test_standard_validation_refuses_before_anything_runs(
    ask: Ask,
    django_assert_num_queries: Any,
    document: str,
    variables: dict[str, Any],
    expected: str,
) -> None:
    with django_assert_num_queries(0):
        status, answer = ask(document, **variables)
    assert status == 400
    assert expected in messages(answer)
    assert "data" not in answer


def test_the_attack_of_issue_21_is_refused_before_a_query(
    ask: Ask, django_assert_num_queries: Any
) -> None:
    """200 aliases of a full page of orders with their customers and products: 12.4 s and
    2.7 MB in one request before. Its 6,000 tokens are refused before it is even parsed."""
    document = "{ " + " ".join(f"a{n}: {ORDERS}" for n in range(200)) + " }"
    with django_assert_num_queries(0):
        status, answer = ask(document)
    assert status == 400
    assert messages(answer) == "The document has more than 1000 tokens."


def test_more_aliases_than_the_limit_are_refused(ask: Ask) -> None:
    twenty = " ".join(f"a{n}: hello" for n in range(20))
    assert ask(f"{{ {twenty} }}")[0] == 200
    status, answer = ask(f"{{ {twenty} last: hello }}")
    assert status == 400
    assert messages(answer) == "The document uses 21 aliases; the limit is 20."


def test_an_expensive_document_is_refused_by_its_cost(
    ask: Ask, django_assert_num_queries: Any
) -> None:
    """Ten aliases pass the alias limit; ten pages of 100 orders of 100 products do not:
    each alias costs 1 + 100 x (edges 1 + node 1 + customer 2 + products (1 + 100 x 3))."""
    document = "{ " + " ".join(f"a{n}: {ORDERS}" for n in range(10)) + " }"
    with django_assert_num_queries(0):
        status, answer = ask(document)
    assert status == 400
    assert messages(answer) == (
        "'anonymous' may resolve 305,010 field values, more than the limit of 50,000: each"
        " field counts once per row of the connections around it (`first` or `last`, else"
        " 100)."
    )


def test_the_cost_counts_first_or_last_else_a_full_page(
    ask: Ask, catalogue: dict[str, Any], settings: Any
) -> None:
    # 1 + 2 x (edges 1 + node 1 + products (1 + 3 x 3)) = 25
    paged = (
        "allOrders(first: 2) { edges { node { products(last: 3) { edges { node { name } } } } } }"
    )
    # 1 + 100 x (1 + 1 + 1 + 100 x 3) = 30,301, and `hello` makes it 30,302
    unpaged = "{ a: allOrders { edges { node { products { edges { node { name } } } } } } hello }"
    settings.GRAPHQL_MAX_COST = 25
    assert ask(f"{{ {paged} }}")[0] == 200
    assert ask(f"{{ {paged} hello }}")[0] == 400
    settings.GRAPHQL_MAX_COST = 30_301
    assert ask(unpaged)[0] == 400
    settings.GRAPHQL_MAX_COST = 30_302
    assert ask(unpaged)[0] == 200


def test_fragments_that_spread_each_other_twice_over_are_measured_once(ask: Ask) -> None:
    """F40 expands to 2**40 fields: measured fragment by fragment, it is refused at once
    (walking the expansion, as graphene's depth validator does, would never end)."""
    fragments = ["fragment F0 on Query { hello }"] + [
        f"fragment F{n} on Query {{ ...F{n - 1} ...F{n - 1} }}" for n in range(1, 41)
    ]
    status, answer = ask("{ ...F40 } " + " ".join(fragments))
    assert status == 400
    assert "'anonymous' may resolve 1,099,511,627,776 field values" in messages(answer)


def test_introspection_may_not_nest_its_lists(ask: Ask) -> None:
    status, answer = ask(get_introspection_query(descriptions=True))
    assert status == 200, answer  # what GraphiQL and code generators send
    nested = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    status, answer = ask(nested)
    assert status == 400
    assert messages(answer) == "'anonymous': maximum introspection depth exceeded."


def test_a_document_nested_50000_deep_is_a_graphql_error(ask: Ask) -> None:
    """graphql-core's parser is recursive: the nesting is counted by the lexer first."""
    status, answer = ask("{ hello " + "a {" * 50_000 + "}" * 50_000 + " }")
    assert status == 400
    assert messages(answer) == "The document nests more than 50 brackets deep."


def test_a_document_of_too_many_tokens_is_refused(ask: Ask) -> None:
    """graphql-core's overlapping-fields rule is quadratic in repeated fields: 4,000 of
    them took 20 s to validate."""
    status, answer = ask("{ " + "hello " * 4_000 + "}")
    assert status == 400
    assert messages(answer) == "The document has more than 1000 tokens."


def test_a_syntax_error_found_by_the_lexer(ask: Ask) -> None:
    status, answer = ask('{ hello(x: "unterminated) }')
    assert status == 400
    assert messages(answer) == "Syntax Error: Unterminated string."


def test_nested_products_are_paged_like_top_level_connections(
    ask: Ask, catalogue: dict[str, Any]
) -> None:
    order = catalogue["orders"][0]  # a laptop and a cable, and now 100 parts
    Product.objects.bulk_create(Product(name=f"Part {n}", price=1, stock=1) for n in range(100))
    order.products.add(*Product.objects.filter(name__startswith="Part"))
    document = """query($first: Int) { allOrders(first: 1, orderBy: "order_date") {
        edges { node { products(first: $first) {
            totalCount pageInfo { hasNextPage } edges { node { name } } } } } } }"""
    products = ask(document)[1]["data"]["allOrders"]["edges"][0]["node"]["products"]
    assert (len(products["edges"]), products["totalCount"]) == (100, 102)
    assert products["pageInfo"]["hasNextPage"] is True
    answer = ask(document, first=1000)[1]
    assert messages(answer) == (
        "Requesting 1000 records on the `products` connection exceeds the `first` limit of"
        " 100 records."
    )
    assert answer["data"]["allOrders"]["edges"][0]["node"]["products"] is None


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ("first: -1", "`first` on the `allOrders` connection must not be negative."),
        ("last: -1", "`last` on the `allOrders` connection must not be negative."),
        ("offset: -3", "`offset` on the `allOrders` connection must not be negative."),
        ('after: "bm90IGEgY3Vyc29y"', "`after` on the `allOrders` connection is not one of"),
        # "arrayconnection:-5": graphene-django would slice the rows with it
        ('before: "YXJyYXljb25uZWN0aW9uOi01"', "`before` on the `allOrders` connection is not"),
        # graphene-django added the undecodable cursor to the offset: None + 1
        ('offset: 2, after: "x"', "`after` on the `allOrders` connection is not one of"),
    ],
)
def test_paging_arguments_are_checked(
    ask: Ask, catalogue: dict[str, Any], arguments: str, expected: str
) -> None:
    answer = ask(f"{{ allOrders({arguments}) {{ edges {{ node {{ id }} }} }} }}")[1]
    assert messages(answer).startswith(expected)
    assert answer["data"] == {"allOrders": None}


def test_a_filter_the_form_refuses_names_the_filter(ask: Ask) -> None:
    answer = ask('{ allProducts(priceGte: "NaN") { edges { node { id } } } }')[1]
    assert messages(answer) == "Invalid priceGte: Enter a number."


def test_a_date_filter_no_database_stores_is_refused(ask: Ask) -> None:
    """Found by tests/test_properties.py: year 1 at +14:00 is before UTC's year 1, and
    converting it for the query raised OverflowError."""
    answer = ask('{ allOrders(orderDateGte: "0001-01-01T00:00:00+14:00") { totalCount } }')[1]
    assert messages(answer) == "Invalid orderDateGte: a date between the years 1000 and 9999."


@pytest.mark.parametrize(
    "global_id",
    [
        "not-an-id",
        "Q3VzdG9tZXJUeXBlOtmj",  # CustomerType:٣, an Arabic-Indic three
        "Tm9TdWNoVHlwZTox",  # NoSuchType:1
    ],
)
def test_node_refuses_a_malformed_id_in_its_own_words(ask: Ask, global_id: str) -> None:
    answer = ask("query($id: ID!) { node(id: $id) { id } }", id=global_id)[1]
    assert messages(answer) == f"Invalid ID: {global_id}"


def test_node_of_an_id_beyond_64_bits_is_null(ask: Ask) -> None:
    """CustomerType:9999999999999999999: SQLite cannot even compare it with an id."""
    status, answer = ask('{ node(id: "Q3VzdG9tZXJUeXBlOjk5OTk5OTk5OTk5OTk5OTk5OTk=") { id } }')
    assert (status, answer) == (200, {"data": {"node": None}})


def test_node_finds_an_order(ask: Ask, catalogue: dict[str, Any]) -> None:
    order = to_global_id("OrderType", catalogue["orders"][0].pk)
    answer = ask(f'{{ node(id: "{order}") {{ ... on OrderType {{ totalAmount }} }} }}')[1]
    assert answer == {"data": {"node": {"totalAmount": "1009.98"}}}


def test_an_unexpected_exception_is_answered_without_its_text(
    ask: Ask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug or a database error in a resolver: logged, and the client reads no internals."""

    def broken(*args: Any) -> None:
        raise RuntimeError("secret internals: table crm_order")

    from config.schema import schema

    total_revenue = schema.graphql_schema.query_type.fields["totalRevenue"]
    monkeypatch.setattr(total_revenue, "resolve", broken)
    answer = ask("{ hello totalRevenue }")[1]
    assert answer["errors"][0]["message"] == "Internal server error"
    assert "secret" not in json.dumps(answer)
    assert "secret internals" in caplog.text  # the log keeps what the client does not see
