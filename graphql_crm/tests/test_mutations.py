"""The program's mutations, in the checkpoint's shape (`createCustomer(input: {...})`,
inputs as literals, so the input types' names are the learner's): what they save, and the
inputs the program says to refuse. A refusal may be a GraphQL error or a payload whose
object is null with a message; either way nothing is written and the answer says what was
wrong (the words are the learner's: "email", "phone", "price", ...)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from crm.models import Customer, Order, Product
from django.utils import timezone
from tests.conftest import Run
from tests.support import (
    Schema,
    created,
    is_list,
    literal,
    money,
    products_of,
    refused,
    unwrap,
    with_products,
)

CUSTOMER = "customer { id name email phone }"


def create_customer(run: Run, **fields: Any) -> dict[str, Any]:
    return run(f"mutation {{ createCustomer(input: {literal(fields)}) {{ {CUSTOMER} message }} }}")


def bulk(run: Run, records: list[dict[str, Any]]) -> dict[str, Any]:
    return run(
        f"mutation {{ bulkCreateCustomers(input: {literal(records)}) "
        "{ customers { name email } errors } }"
    )


def create_product(run: Run, **fields: Any) -> dict[str, Any]:
    """The checkpoint's `price: 999.99`; a price typed Decimal takes the string form."""

    def send(values: dict[str, Any]) -> dict[str, Any]:
        return run(
            f"mutation {{ createProduct(input: {literal(values)}) "
            "{ product { id name price stock } } }"
        )

    answer = send(fields)
    if isinstance(fields.get("price"), float) and answer.get("errors"):
        answer = send({**fields, "price": str(fields["price"])})
    return answer


def create_order(run: Run, **fields: Any) -> dict[str, Any]:
    return with_products(
        run,
        f"mutation {{ createOrder(input: {literal(fields)}) "
        "{ order { id totalAmount orderDate customer { name } PRODUCTS } } }",
    )


@pytest.mark.task("mutations.customers")
class TestCustomers:
    def test_create_with_a_success_message(self, run: Run) -> None:
        answer = create_customer(run, name="Alice", email="alice@example.com", phone="+1234567890")
        assert "errors" not in answer, answer["errors"]
        result = answer["data"]["createCustomer"]
        assert (result["customer"]["name"], result["customer"]["phone"]) == (
            "Alice",
            "+1234567890",
        )
        assert result["message"], "no success message"
        assert Customer.objects.get().email == "alice@example.com"

    @pytest.mark.parametrize("phone", ["+1234567890", "123-456-7890"])
    def test_the_program_phone_styles(self, run: Run, phone: str) -> None:
        answer = create_customer(run, name="A", email="a@example.com", phone=phone)
        assert created(answer, "createCustomer", "customer"), answer

    def test_the_phone_is_optional(self, run: Run) -> None:
        answer = create_customer(run, name="A", email="a@example.com")
        assert created(answer, "createCustomer", "customer"), answer

    @pytest.mark.parametrize("phone", ["call me", "phone-number", "12-ab-34"])
    def test_a_malformed_phone_is_refused(self, run: Run, phone: str) -> None:
        answer = create_customer(run, name="A", email="a@example.com", phone=phone)
        refused(answer, "createCustomer", "customer", "phone")
        assert not Customer.objects.exists()

    def test_a_duplicate_email_is_refused(self, run: Run) -> None:
        create_customer(run, name="A", email="a@example.com")
        answer = create_customer(run, name="B", email="a@example.com")
        refused(answer, "createCustomer", "customer", "email")
        assert Customer.objects.count() == 1

    def test_name_and_email_are_required(self, run: Run) -> None:
        assert "errors" in create_customer(run, email="a@example.com")
        assert "errors" in create_customer(run, name="A")
        assert not Customer.objects.exists()

    def test_bulk_saves_the_valid_ones_and_reports_the_others(self, run: Run) -> None:
        Customer.objects.create(name="Old", email="old@example.com")
        records = [
            {"name": "Ann", "email": "ann@example.com"},
            {"name": "Bad", "email": "bad@example.com", "phone": "call me"},
            {"name": "Cy", "email": "cy@example.com", "phone": "123-456-7890"},
            {"name": "Old again", "email": "old@example.com"},
        ]
        answer = bulk(run, records)
        assert "errors" not in answer, answer["errors"]
        result = answer["data"]["bulkCreateCustomers"]
        assert sorted(c["name"] for c in result["customers"]) == ["Ann", "Cy"], (
            "not a partial success: the valid records must be saved"
        )
        assert len(result["errors"]) == 2, result["errors"]
        assert sorted(Customer.objects.values_list("name", flat=True)) == ["Ann", "Cy", "Old"]


@pytest.mark.task("mutations.products")
class TestProducts:
    def test_create_as_the_checkpoint_does(self, run: Run) -> None:
        answer = create_product(run, name="Laptop", price=999.99, stock=10)
        product = created(answer, "createProduct", "product")
        assert product, answer
        assert (product["name"], money(product["price"]), product["stock"]) == (
            "Laptop",
            Decimal("999.99"),
            10,
        )
        assert Product.objects.get().price == Decimal("999.99")

    def test_stock_defaults_to_zero(self, run: Run) -> None:
        product = created(create_product(run, name="Pen", price=2), "createProduct", "product")
        assert product
        assert product["stock"] == 0

    @pytest.mark.parametrize(
        ("fields", "about"),
        [
            ({"price": 0}, "price"),
            ({"price": -5}, "price"),
            ({"price": 5, "stock": -1}, "stock"),
        ],
    )
    def test_a_price_not_positive_or_a_negative_stock_is_refused(
        self, run: Run, fields: dict[str, Any], about: str
    ) -> None:
        refused(create_product(run, name="X", **fields), "createProduct", "product", about)
        assert not Product.objects.exists()

    def test_update_low_stock_products(self, run: Run, catalogue: dict[str, Any]) -> None:
        """Products with stock below 10 get 10 more; the payload lists them with a message."""
        payload = Schema(run).type_fields(mutation_payload(run, "updateLowStockProducts"))
        lists = [name for name, field in payload.items() if is_list(field["type"])]
        texts = [
            name
            for name, field in payload.items()
            if unwrap(field["type"]).get("name") == "String" and not is_list(field["type"])
        ]
        assert lists, f"updateLowStockProducts returns no list of products: {list(payload)}"
        selection = " ".join([f"{lists[0]} {{ name stock }}", *texts])
        answer = run(f"mutation {{ updateLowStockProducts {{ {selection} }} }}")
        assert "errors" not in answer, answer["errors"]
        result = answer["data"]["updateLowStockProducts"]
        assert {(p["name"], p["stock"]) for p in result[lists[0]]} == {
            ("Laptop", 15),
            ("Cable", 13),
        }
        assert any(result[name] for name in texts), "no success message"
        stock = dict(Product.objects.values_list("name", "stock"))
        assert stock == {"Laptop": 15, "Cable": 13, "Phone": 20}


def mutation_payload(run: Run, field: str) -> str:
    answer = run(
        "{ __schema { mutationType { fields { name type { name kind ofType { name } } } } } }"
    )
    fields = {f["name"]: f for f in answer["data"]["__schema"]["mutationType"]["fields"]}
    assert field in fields, f"no {field} mutation"
    kind = fields[field]["type"]
    return str(kind["name"] or kind["ofType"]["name"])


@pytest.mark.task("mutations.orders")
class TestOrders:
    def test_total_is_the_sum_of_the_prices_with_nested_data(
        self, run: Run, catalogue: dict[str, Any]
    ) -> None:
        c = catalogue
        answer = create_order(
            run,
            customerId=str(c["alice"].pk),
            productIds=[str(c["laptop"].pk), str(c["phone"].pk), str(c["cable"].pk)],
        )
        assert "errors" not in answer, answer["errors"]
        order = answer["data"]["createOrder"]["order"]
        assert money(order["totalAmount"]) == Decimal("1509.48"), "not 999.99 + 499.50 + 9.99"
        assert order["customer"] == {"name": "Alice"}
        assert sorted(p["name"] for p in products_of(order)) == ["Cable", "Laptop", "Phone"]
        saved = Order.objects.get(pk=Order.objects.latest("pk").pk)
        assert saved.total_amount == Decimal("1509.48")
        assert saved.products.count() == 3
        assert abs(saved.order_date - timezone.now()) < timedelta(days=1), "not dated now"

    def test_an_order_date_given(self, run: Run, catalogue: dict[str, Any]) -> None:
        answer = create_order(
            run,
            customerId=str(catalogue["bob"].pk),
            productIds=[str(catalogue["cable"].pk)],
            orderDate="2025-05-01T10:00:00+00:00",
        )
        assert "errors" not in answer, answer["errors"]
        assert answer["data"]["createOrder"]["order"]["orderDate"].startswith("2025-05-01")

    @pytest.mark.parametrize(
        ("customer", "products", "about"),
        [
            ("alice", [], "product"),
            ("999999", ["laptop"], "customer"),
            ("alice", ["laptop", "888888"], "product"),
        ],
    )
    def test_bad_ids_or_no_product_are_refused(
        self,
        run: Run,
        catalogue: dict[str, Any],
        customer: str,
        products: list[str],
        about: str,
    ) -> None:
        before = Order.objects.count()
        customer_id = catalogue[customer].pk if customer in catalogue else customer
        product_ids = [str(catalogue[p].pk) if p in catalogue else p for p in products]
        answer = create_order(run, customerId=str(customer_id), productIds=product_ids)
        refused(answer, "createOrder", "order", about)
        assert Order.objects.count() == before


@pytest.mark.task("mutations.orders")
def test_the_checkpoint_mutations_over_http(over_http: Run) -> None:
    """createCustomer, createProduct and createOrder in a row, as a client sends them."""
    assert created(
        create_customer(over_http, name="Alice", email="alice@example.com"),
        "createCustomer",
        "customer",
    )
    assert created(
        create_product(over_http, name="Laptop", price=999.99, stock=10),
        "createProduct",
        "product",
    )
    customer, product = Customer.objects.get(), Product.objects.get()
    answer = create_order(over_http, customerId=str(customer.pk), productIds=[str(product.pk)])
    assert "errors" not in answer, answer
    order = answer["data"]["createOrder"]["order"]
    assert (order["customer"]["name"], money(order["totalAmount"])) == ("Alice", Decimal("999.99"))
