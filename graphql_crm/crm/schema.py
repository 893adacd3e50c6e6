"""The CRM's GraphQL types, queries and mutations (graphene-django): resolvers read
through crm/selectors.py, mutations write through crm/services.py."""

from __future__ import annotations

import json
import re
from datetime import datetime
from decimal import Decimal
from typing import Any

import graphene
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django_filters import FilterSet
from graphene import relay
from graphene.utils.str_converters import to_camel_case
from graphene_django import DjangoObjectType
from graphene_django.filter import DjangoFilterConnectionField
from graphene_django.filter.utils import get_filtering_args_from_filterset
from graphql import FloatValueNode, GraphQLError, IntValueNode, StringValueNode, Undefined
from graphql_relay import from_global_id

from crm import selectors, services
from crm.filters import CustomerFilter, OrderFilter, ProductFilter
from crm.limits import checked_page
from crm.models import MAX_ID, Customer, Order, Product

# A database id: ASCII digits only (str.isdigit() and int() also take "٣" and "²"), and
# no more than a 64-bit id has (int() of thousands of digits is refused, slowly).
DATABASE_ID = re.compile(r"[0-9]{1,19}")
# A decimal number in ASCII: no NaN, no Infinity, no other script's digits.
DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?")


class CountedConnection(graphene.Connection):
    """A connection with `totalCount`: how many rows match, across all pages."""

    class Meta:
        abstract = True

    total_count = graphene.Int(required=True)

    def resolve_total_count(self, info: Any) -> int:
        # graphene-django sets `length` (a COUNT); a nested connection counts its list.
        return int(getattr(self, "length", None) or len(getattr(self, "iterable", self.edges)))


class CustomerType(DjangoObjectType):
    class Meta:
        model = Customer
        interfaces = (relay.Node,)
        connection_class = CountedConnection
        fields = ("id", "name", "email", "phone", "created_at")


class ProductType(DjangoObjectType):
    class Meta:
        model = Product
        interfaces = (relay.Node,)
        connection_class = CountedConnection
        fields = ("id", "name", "price", "stock")


class CheckedPages:
    """For connection fields: the paging arguments checked by crm.limits.checked_page
    before the field pages (the resolver's info is its last positional argument)."""

    @classmethod
    def connection_resolver(cls, *parts: Any, **args: Any) -> Any:
        info = parts[-1]
        return super().connection_resolver(*parts, **checked_page(args, info.field_name))  # type: ignore[misc]


class ListConnectionField(CheckedPages, relay.ConnectionField):
    """A Relay connection over a resolved list, paged like the top-level connections."""


class OrderType(DjangoObjectType):
    # A plain relay connection over the prefetched products: graphene-django's own
    # connection field would query again for every order.
    products = ListConnectionField(ProductType._meta.connection)

    class Meta:
        model = Order
        interfaces = (relay.Node,)
        connection_class = CountedConnection
        fields = ("id", "customer", "products", "total_amount", "order_date")

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Order], info: Any) -> QuerySet[Order]:
        # Every order a connection or `node` reads comes through here.
        return selectors.orders_with_details(queryset)

    def resolve_products(self, info: Any, **kwargs: Any) -> list[Product]:
        return selectors.order_products(self)


class FilterInputConnectionField(CheckedPages, DjangoFilterConnectionField):
    """The filterset's arguments twice: one by one (`allProducts(priceGte: 100)`) and in a
    single `filter:` object (`allProducts(filter: {priceGte: 100})`, the program's form)."""

    def __init__(
        self, node_type: type[DjangoObjectType], filterset_class: type[FilterSet], **kwargs: Any
    ) -> None:
        kwargs.setdefault("filter", filter_input(node_type, filterset_class)())
        super().__init__(node_type, filterset_class=filterset_class, **kwargs)

    @classmethod
    def resolve_queryset(
        cls,
        connection: Any,
        iterable: Any,
        info: Any,
        args: dict[str, Any],
        filtering_args: dict[str, Any],
        filterset_class: type[FilterSet],
    ) -> QuerySet[Any]:
        if args.get("filter"):
            args = merge_filter(args)
        for name, value in args.items():
            if isinstance(value, datetime) and services.storable_date(value) is None:
                raise GraphQLError(
                    f"Invalid {to_camel_case(name)}: a date {services.STORABLE_DATES}."
                )
        try:
            return super().resolve_queryset(
                connection, iterable, info, args, filtering_args, filterset_class
            )
        except ValidationError as error:  # graphene-django's: the form's errors as JSON
            raise GraphQLError(filter_problem(error)) from error


def filter_problem(error: ValidationError) -> str:
    """`Invalid priceGte: Enter a number.` for each filter the FilterSet's form refused."""
    fields = json.loads(error.messages[0])
    return " ".join(
        f"Invalid {to_camel_case(name)}: {problem['message']}"
        for name, problems in fields.items()
        for problem in problems
    )


def merge_filter(args: dict[str, Any]) -> dict[str, Any]:
    """The arguments with the `filter:` object's fields among them (the object's win), so
    that `filter: {priceGte: 100}` filters as `priceGte: 100` does."""
    return {**args, **dict(args["filter"])}


def filter_input(
    node_type: type[DjangoObjectType], filterset_class: type[FilterSet]
) -> type[graphene.InputObjectType]:
    """An input type with one field per filter of the filterset (ordering aside)."""
    arguments = get_filtering_args_from_filterset(filterset_class, node_type)
    fields = {
        name: graphene.InputField(argument.type, description=argument.description)
        for name, argument in arguments.items()
        if name != "order_by"
    }
    return type(
        f"{node_type._meta.name.removesuffix('Type')}FilterInput",
        (graphene.InputObjectType,),
        fields,
    )


NODE_TYPES: dict[str, type[DjangoObjectType]] = {
    node_type._meta.name: node_type for node_type in (CustomerType, ProductType, OrderType)
}


class Query(graphene.ObjectType):
    hello = graphene.String(default_value="Hello, GraphQL!")
    total_revenue = graphene.Decimal(required=True, description="The sum of every order's total")
    node = graphene.Field(
        relay.Node,
        id=graphene.ID(required=True),
        description="The customer, product or order of a Relay global id, or null",
    )
    all_customers = FilterInputConnectionField(CustomerType, filterset_class=CustomerFilter)
    all_products = FilterInputConnectionField(ProductType, filterset_class=ProductFilter)
    all_orders = FilterInputConnectionField(OrderType, filterset_class=OrderFilter)

    def resolve_node(self, info: Any, id: str) -> Model | None:
        type_name, pk = from_global_id(id)
        node_type = NODE_TYPES.get(type_name)
        if node_type is None or not DATABASE_ID.fullmatch(pk):
            raise GraphQLError(f"Invalid ID: {id}")
        return node_type.get_node(info, pk) if int(pk) <= MAX_ID else None

    def resolve_total_revenue(self, info: Any) -> Decimal:
        return selectors.total_revenue()


# --- mutations ---------------------------------------------------------------------------


class CustomerInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    email = graphene.String(required=True)
    phone = graphene.String()


class PriceDecimal(graphene.Decimal):
    """A price: a string ("19.99") or a number (19.99, the program's literal, or a JSON
    number in the variables), read from its decimal text, never through a binary float.
    ASCII digits only; NaN and Infinity are refused. At most 2 decimal places: 19.999 is
    refused, never rounded."""

    @classmethod
    def parse_literal(cls, node: Any, _variables: Any = None) -> Any:
        if isinstance(node, StringValueNode | IntValueNode | FloatValueNode):
            return cls.parse_value(node.value)
        return Undefined

    @staticmethod
    def parse_value(value: Any) -> Decimal:
        # A JSON number arrives as an int or a float: its shortest text is what was sent.
        number = isinstance(value, int | float) and not isinstance(value, bool)
        text = str(value) if number else value
        if not isinstance(text, str) or not DECIMAL_TEXT.fullmatch(text):
            # graphql-core puts this after "Expected type 'PriceDecimal'", with the field.
            raise ValueError(f"A price is a decimal number such as 19.99, not {value!r}.")
        return Decimal(text)


class ProductInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    price = PriceDecimal(required=True)
    stock = graphene.Int(default_value=0)


class OrderInput(graphene.InputObjectType):
    customer_id = graphene.ID(required=True)
    product_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)
    order_date = graphene.DateTime()


def customer_data(value: Any) -> services.CustomerData:
    return services.CustomerData(name=value.name, email=value.email, phone=value.phone or "")


def pk_from_id(value: str, node_type: type[DjangoObjectType], label: str) -> int:
    """A database id from a raw one ("3") or a Relay global id of `node_type`."""
    name = node_type._meta.name
    type_name, pk = (name, value) if DATABASE_ID.fullmatch(value) else from_global_id(value)
    if type_name != name or not DATABASE_ID.fullmatch(pk):
        raise GraphQLError(f"Invalid {label} ID: {value}")
    return int(pk)


class CreateCustomer(graphene.Mutation):
    class Arguments:
        input = CustomerInput(required=True)

    customer = graphene.Field(CustomerType)
    message = graphene.String()

    def mutate(self, info: Any, input: CustomerInput) -> CreateCustomer:
        try:
            customer = services.customer_create(data=customer_data(input))
        except services.CrmError as error:
            raise GraphQLError(str(error)) from error
        return CreateCustomer(customer=customer, message="Customer created successfully")


class BulkCreateCustomers(graphene.Mutation):
    class Arguments:
        input = graphene.List(graphene.NonNull(CustomerInput), required=True)

    customers = graphene.List(CustomerType)
    errors = graphene.List(graphene.String)

    def mutate(self, info: Any, input: list[CustomerInput]) -> BulkCreateCustomers:
        customers, errors = services.customers_bulk_create(
            records=[customer_data(v) for v in input]
        )
        return BulkCreateCustomers(customers=customers, errors=errors)


class CreateProduct(graphene.Mutation):
    class Arguments:
        input = ProductInput(required=True)

    product = graphene.Field(ProductType)

    def mutate(self, info: Any, input: ProductInput) -> CreateProduct:
        try:
            product = services.product_create(
                name=input.name, price=Decimal(input.price), stock=input.stock or 0
            )  # `stock: null` is no stock given
        except services.CrmError as error:
            raise GraphQLError(str(error)) from error
        return CreateProduct(product=product)


class CreateOrder(graphene.Mutation):
    class Arguments:
        input = OrderInput(required=True)

    order = graphene.Field(OrderType)

    def mutate(self, info: Any, input: OrderInput) -> CreateOrder:
        try:
            order = services.order_create(
                customer_id=pk_from_id(input.customer_id, CustomerType, "customer"),
                product_ids=[
                    pk_from_id(value, ProductType, "product") for value in input.product_ids
                ],
                order_date=input.order_date,
            )
        except services.CrmError as error:
            raise GraphQLError(str(error)) from error
        return CreateOrder(order=selectors.order_with_details(order.pk))


class UpdateLowStockProducts(graphene.Mutation):
    """Every product with stock below 10 gets 10 more."""

    products = graphene.List(ProductType)
    message = graphene.String()

    def mutate(self, info: Any) -> UpdateLowStockProducts:
        products = services.products_restock_low()
        return UpdateLowStockProducts(
            products=products, message=f"Restocked {len(products)} products"
        )


class Mutation(graphene.ObjectType):
    create_customer = CreateCustomer.Field()
    bulk_create_customers = BulkCreateCustomers.Field()
    create_product = CreateProduct.Field()
    create_order = CreateOrder.Field()
    update_low_stock_products = UpdateLowStockProducts.Field()
