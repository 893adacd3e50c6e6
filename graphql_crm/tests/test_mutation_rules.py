"""Beyond the program's contract: this module's own rules and words. Its exact messages
("Email already exists", "Record 1: ..."), e-mails checked for their form and compared in
any case, names required to hold more than spaces, international phone numbers, Relay
global ids for an order's customer and products, duplicates within one bulk request, and
the restock's message."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from crm.models import Customer, Order, Product
from graphql_relay import to_global_id
from tests.conftest import Run

CREATE_CUSTOMER = """mutation($input: CustomerInput!) {
    createCustomer(input: $input) { customer { id name email phone } message } }"""
BULK = """mutation($input: [CustomerInput!]!) {
    bulkCreateCustomers(input: $input) { customers { name email } errors } }"""
CREATE_PRODUCT = """mutation($input: ProductInput!) {
    createProduct(input: $input) { product { id name price stock } } }"""
CREATE_ORDER = """mutation($input: OrderInput!) {
    createOrder(input: $input) { order { id totalAmount orderDate customer { name }
    products { edges { node { name price } } } } } }"""
RESTOCK = "mutation { updateLowStockProducts { products { name stock } message } }"


def error(answer: dict[str, Any]) -> str:
    assert "errors" in answer, answer
    return str(answer["errors"][0]["message"])


@pytest.mark.task("extras.validation")
class TestCustomers:
    def test_create(self, run: Run) -> None:
        answer = run(
            CREATE_CUSTOMER,
            input={"name": "Alice", "email": "alice@example.com", "phone": "+1234567890"},
        )
        result = answer["data"]["createCustomer"]
        assert result["message"] == "Customer created successfully"
        assert (result["customer"]["name"], result["customer"]["phone"]) == (
            "Alice",
            "+1234567890",
        )
        assert Customer.objects.get().email == "alice@example.com"

    @pytest.mark.parametrize("phone", ["+1234567890", "123-456-7890", "+251911234567", ""])
    def test_accepted_phone_styles(self, run: Run, phone: str) -> None:
        assert "errors" not in run(
            CREATE_CUSTOMER, input={"name": "A", "email": "a@example.com", "phone": phone}
        )

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"phone": "12345"}, "Invalid phone number"),
            ({"phone": "123-4567-890"}, "Invalid phone number"),
            ({"email": "not-an-email"}, "Invalid email"),
            ({"name": "   "}, "Name is required"),
        ],
    )
    def test_bad_input_is_an_error_and_writes_nothing(
        self, run: Run, fields: dict[str, str], message: str
    ) -> None:
        answer = run(CREATE_CUSTOMER, input={"name": "A", "email": "a@example.com", **fields})
        assert message in error(answer)
        assert answer["data"] == {"createCustomer": None}
        assert not Customer.objects.exists()

    def test_a_duplicate_email_in_any_case(self, run: Run) -> None:
        run(CREATE_CUSTOMER, input={"name": "A", "email": "a@example.com"})
        assert (
            error(run(CREATE_CUSTOMER, input={"name": "B", "email": "A@Example.com"}))
            == "Email already exists"
        )
        assert Customer.objects.count() == 1

    def test_bulk_saves_the_valid_and_reports_the_rest_by_index(self, run: Run) -> None:
        records = [
            {"name": "Ann", "email": "ann@example.com"},
            {"name": "Bad", "email": "bad", "phone": "x"},
            {"name": "Cy", "email": "cy@example.com", "phone": "123-456-7890"},
            {"name": "Ann again", "email": "ann@example.com"},
        ]
        result = run(BULK, input=records)["data"]["bulkCreateCustomers"]
        assert [c["name"] for c in result["customers"]] == ["Ann", "Cy"]
        assert result["errors"] == [
            "Record 1: Invalid email: 'bad'",
            "Record 3: Email already exists",
        ]
        assert sorted(Customer.objects.values_list("name", flat=True)) == ["Ann", "Cy"]

    def test_a_missing_required_field_is_a_graphql_error(self, run: Run) -> None:
        assert "name" in error(run(CREATE_CUSTOMER, input={"email": "a@example.com"}))


@pytest.mark.task("extras.validation")
class TestProducts:
    def test_create_with_stock_defaulting_to_zero(self, run: Run) -> None:
        product = run(CREATE_PRODUCT, input={"name": "Laptop", "price": "999.99"})["data"][
            "createProduct"
        ]["product"]
        assert (product["price"], product["stock"]) == ("999.99", 0)

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"price": "0"}, "Price must be positive"),
            ({"price": "-5"}, "Price must be positive"),
            ({"stock": -1}, "Stock cannot be negative"),
            ({"price": "abc"}, "Decimal"),
        ],
    )
    def test_bad_price_or_stock(self, run: Run, fields: dict[str, Any], message: str) -> None:
        assert message in error(
            run(CREATE_PRODUCT, input={"name": "X", "price": "1.00", **fields})
        )
        assert not Product.objects.exists()

    def test_restock_the_low_ones(self, run: Run, catalogue: dict[str, Any]) -> None:
        result = run(RESTOCK)["data"]["updateLowStockProducts"]
        assert {(p["name"], p["stock"]) for p in result["products"]} == {
            ("Laptop", 15),
            ("Cable", 13),
        }
        assert result["message"] == "Restocked 2 products"
        assert Product.objects.get(name="Phone").stock == 20


@pytest.mark.task("extras.validation")
class TestOrders:
    def order(self, run: Run, customer: Any, *products: Any, **extra: Any) -> dict[str, Any]:
        return run(
            CREATE_ORDER,
            input={"customerId": str(customer), "productIds": [str(p) for p in products], **extra},
        )

    def test_total_is_the_exact_sum_with_nested_data(
        self, run: Run, catalogue: dict[str, Any]
    ) -> None:
        c = catalogue
        answer = self.order(
            run,
            c["alice"].pk,
            c["laptop"].pk,
            c["phone"].pk,
            c["cable"].pk,
            orderDate="2025-05-01T10:00:00+00:00",
        )
        order = answer["data"]["createOrder"]["order"]
        assert order["totalAmount"] == "1509.48"  # 999.99 + 499.50 + 9.99, no float drift
        assert order["customer"] == {"name": "Alice"}
        assert len(order["products"]["edges"]) == 3
        assert order["orderDate"].startswith("2025-05-01T10:00:00")
        assert Order.objects.latest("pk").total_amount == Decimal("1509.48")

    def test_relay_global_ids_work_too(self, run: Run, catalogue: dict[str, Any]) -> None:
        alice = to_global_id("CustomerType", catalogue["alice"].pk)
        laptop = to_global_id("ProductType", catalogue["laptop"].pk)
        assert (
            self.order(run, alice, laptop)["data"]["createOrder"]["order"]["totalAmount"]
            == "999.99"
        )

    @pytest.mark.parametrize(
        ("customer", "products", "message"),
        [
            ("alice", [], "At least one product is required"),
            ("999", ["laptop"], "Invalid customer ID: 999"),
            ("alice", ["laptop", "888"], "Invalid product ID: 888"),
            ("alice", ["not-an-id"], "Invalid product ID: not-an-id"),
        ],
    )
    def test_bad_ids_write_nothing(
        self, run: Run, catalogue: dict[str, Any], customer: str, products: list[str], message: str
    ) -> None:
        before = Order.objects.count()
        customer_id = catalogue[customer].pk if customer in catalogue else customer
        product_ids = [catalogue[p].pk if p in catalogue else p for p in products]
        assert error(self.order(run, customer_id, *product_ids)) == message
        assert Order.objects.count() == before

    def test_a_malformed_date_is_an_error(self, run: Run, catalogue: dict[str, Any]) -> None:
        answer = self.order(
            run, catalogue["alice"].pk, catalogue["laptop"].pk, orderDate="yesterday"
        )
        assert "DateTime" in error(answer)


@pytest.mark.task("extras.validation")
def test_the_checkpoint_mutations_over_http(over_http: Run) -> None:
    """createCustomer, createProduct and createOrder in a row, as a client sends them."""

    def post(document: str, **variables: Any) -> dict[str, Any]:
        answer = over_http(document, **variables)
        assert "errors" not in answer, answer
        return dict(answer["data"])

    customer = post(CREATE_CUSTOMER, input={"name": "Alice", "email": "alice@example.com"})
    product = post(CREATE_PRODUCT, input={"name": "Laptop", "price": "999.99", "stock": 10})
    order = post(
        CREATE_ORDER,
        input={
            "customerId": customer["createCustomer"]["customer"]["id"],
            "productIds": [product["createProduct"]["product"]["id"]],
        },
    )["createOrder"]["order"]
    assert (order["customer"]["name"], order["totalAmount"]) == ("Alice", "999.99")
    assert post(RESTOCK)["updateLowStockProducts"]["message"] == "Restocked 0 products"
