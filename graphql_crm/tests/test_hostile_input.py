"""Beyond the program: input that reached the database, or a float, before. Prices as
Float or String literals and variables (read from their decimal text, more than 2 decimal
places refused), and values the rules in crm/services.py now refuse before any write:
0.001 (the CHECK constraint's text leaked), NaN, other scripts' digits, ids beyond 64
bits, names and e-mails longer than their columns (SQLite stores them, MariaDB and
PostgreSQL refuse), control characters, dates no database stores."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from crm.models import Customer, Order, Product
from tests.conftest import Run

pytestmark = pytest.mark.task("extras.validation")

CREATE_PRODUCT = """mutation($input: ProductInput!) {
    createProduct(input: $input) { product { name price } } }"""
CREATE_CUSTOMER = """mutation($input: CustomerInput!) {
    createCustomer(input: $input) { customer { name } } }"""
CREATE_ORDER = """mutation($input: OrderInput!) {
    createOrder(input: $input) { order { totalAmount } } }"""


def refusal(answer: dict[str, Any]) -> str:
    assert answer.get("errors"), answer
    return " ".join(str(error["message"]) for error in answer["errors"])


@pytest.mark.parametrize(
    ("price", "stored"),
    [
        (19.99, "19.99"),  # a JSON number: its text, not 19.989999999999998...
        (5, "5.00"),
        ("1e2", "100.00"),
        ("0.10", "0.10"),
        (12.50, "12.50"),
    ],
)
def test_a_price_variable_as_a_number_or_a_string(run: Run, price: Any, stored: str) -> None:
    answer = run(CREATE_PRODUCT, input={"name": "Mouse", "price": price})
    assert answer["data"]["createProduct"]["product"]["price"] == stored, answer
    assert Product.objects.get().price == Decimal(stored)


@pytest.mark.parametrize("literal", ["19.99", '"19.99"', "1999e-2"])
def test_a_price_literal_as_a_float_or_a_string(run: Run, literal: str) -> None:
    answer = run(
        f'mutation {{ createProduct(input: {{name: "Mouse", price: {literal}}}) '
        "{ product { price } } }"
    )
    assert answer["data"]["createProduct"]["product"]["price"] == "19.99", answer


@pytest.mark.parametrize(
    ("price", "message"),
    [
        (0.001, "Price must have at most 2 decimal places"),  # was the CHECK's text
        ("0.001", "Price must have at most 2 decimal places"),
        (2.675, "Price must have at most 2 decimal places"),  # never rounded
        ("NaN", "A price is a decimal number such as 19.99, not 'NaN'."),
        ("Infinity", "A price is a decimal number such as 19.99, not 'Infinity'."),
        ("٣", "A price is a decimal number such as 19.99, not '٣'."),  # was 3
        ("1e400", "Price must be below 100,000,000"),
        (True, "A price is a decimal number such as 19.99, not True."),
    ],
)
def test_a_price_refused_in_words(run: Run, price: Any, message: str) -> None:
    assert message in refusal(run(CREATE_PRODUCT, input={"name": "Mouse", "price": price}))
    assert not Product.objects.exists()


def test_a_stock_of_null_is_no_stock(run: Run) -> None:
    """Found by tests/test_properties.py: `stock: null` reached `stock < 0` as None."""
    answer = run(
        'mutation { createProduct(input: {name: "M", price: 1, stock: null}) '
        "{ product { stock } } }"
    )
    assert answer == {"data": {"createProduct": {"product": {"stock": 0}}}}


def test_a_price_literal_of_three_places_is_refused(run: Run) -> None:
    answer = run('mutation { createProduct(input: {name: "M", price: 0.001}) { product { id } } }')
    assert refusal(answer) == "Price must have at most 2 decimal places"
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("mutation", "record", "message"),
    [
        (CREATE_PRODUCT, {"name": "x" * 101, "price": "1"}, "Name is longer than 100 characters"),
        (CREATE_PRODUCT, {"name": "A\x00B", "price": "1"}, "Name must not contain control"),
        (CREATE_CUSTOMER, {"name": "A\tB", "email": "a@b.co"}, "Name must not contain control"),
        (
            CREATE_CUSTOMER,
            {"name": "Al", "email": f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 63}.com"},
            "Email is longer than 254 characters",  # a valid address, one too long
        ),
        (
            CREATE_CUSTOMER,
            {"name": "Al", "email": "al@example.com", "phone": "+١٢٣٤٥٦٧٨٩٠"},
            "Invalid phone number",
        ),
    ],
)
def test_text_that_would_not_fit_its_column_is_refused(
    run: Run, mutation: str, record: dict[str, str], message: str
) -> None:
    assert message in refusal(run(mutation, input=record))
    assert not Product.objects.exists()
    assert not Customer.objects.exists()


@pytest.mark.parametrize(
    ("customer", "products", "message"),
    [
        ("9223372036854775808", ["laptop"], "Invalid customer ID: 9223372036854775808"),
        ("alice", ["99999999999999999999999"], "Invalid product ID: 99999999999999999999999"),
        ("alice", ["٣"], "Invalid product ID: ٣"),
        ("alice", ["²"], "Invalid product ID: ²"),  # isdigit() says yes, int() raises
        ("٣", ["laptop"], "Invalid customer ID: ٣"),
    ],
)
def test_ids_are_ascii_digits_within_64_bits(
    run: Run, catalogue: dict[str, Any], customer: str, products: list[str], message: str
) -> None:
    before = Order.objects.count()
    answer = run(
        CREATE_ORDER,
        input={
            "customerId": str(catalogue[customer].pk) if customer in catalogue else customer,
            "productIds": [str(catalogue[p].pk) if p in catalogue else p for p in products],
        },
    )
    assert refusal(answer) == message
    assert Order.objects.count() == before


@pytest.mark.parametrize("date", ["0001-01-01T00:00:00+05:00", "0999-12-31T23:59:59+00:00"])
def test_an_order_date_no_database_stores_is_refused(
    run: Run, catalogue: dict[str, Any], date: str
) -> None:
    before = Order.objects.count()
    answer = run(
        CREATE_ORDER,
        input={
            "customerId": str(catalogue["alice"].pk),
            "productIds": [str(catalogue["laptop"].pk)],
            "orderDate": date,
        },
    )
    assert refusal(answer) == "Order date must be between the years 1000 and 9999"
    assert Order.objects.count() == before


def test_an_order_date_without_a_zone_is_the_servers(run: Run, catalogue: dict[str, Any]) -> None:
    answer = run(
        CREATE_ORDER,
        input={
            "customerId": str(catalogue["alice"].pk),
            "productIds": [str(catalogue["laptop"].pk)],
            "orderDate": "2025-05-01T10:00:00",
        },
    )
    assert answer["data"]["createOrder"]["order"]["totalAmount"] == "999.99", answer
    assert Order.objects.latest("pk").order_date.isoformat() == "2025-05-01T10:00:00+00:00"
