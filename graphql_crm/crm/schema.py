"""The CRM's GraphQL types, queries and mutations (graphene-django)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import graphene
from django.db.models import QuerySet, Sum
from django_filters import FilterSet
from graphene import relay
from graphene_django import DjangoObjectType
from graphene_django.filter import DjangoFilterConnectionField
from graphene_django.filter.utils import get_filtering_args_from_filterset
from graphql import FloatValueNode, GraphQLError
from graphql_relay import from_global_id

from crm import services
from crm.filters import CustomerFilter, OrderFilter, ProductFilter
from crm.models import Customer, Order, Product


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


class OrderType(DjangoObjectType):
    # A plain relay connection over the prefetched products: graphene-django's own
    # connection field would query again for every order.
    products = relay.ConnectionField(ProductType._meta.connection)

    class Meta:
        model = Order
        interfaces = (relay.Node,)
        connection_class = CountedConnection
        fields = ("id", "customer", "products", "total_amount", "order_date")

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Order], info: Any) -> QuerySet[Order]:
        """Every order's customer joined and products prefetched: three queries per page
        (the count, the orders, their products), however many orders it holds."""
        return queryset.select_related("customer").prefetch_related("products")

    def resolve_products(self, info: Any, **kwargs: Any) -> list[Product]:
        return list(self.products.all())


class FilterInputConnectionField(DjangoFilterConnectionField):
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
        return super().resolve_queryset(
            connection, iterable, info, args, filtering_args, filterset_class
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


class Query(graphene.ObjectType):
    hello = graphene.String(default_value="Hello, GraphQL!")
    total_revenue = graphene.Decimal(required=True, description="The sum of every order's total")
    node = relay.Node.Field()
    all_customers = FilterInputConnectionField(CustomerType, filterset_class=CustomerFilter)
    all_products = FilterInputConnectionField(ProductType, filterset_class=ProductFilter)
    all_orders = FilterInputConnectionField(OrderType, filterset_class=OrderFilter)

    def resolve_total_revenue(self, info: Any) -> Decimal:
        total = Order.objects.aggregate(total=Sum("total_amount", default=Decimal("0")))["total"]
        return Decimal(total).quantize(Decimal("0.01"))  # SQLite sums to Decimal("60")


# --- mutations ---------------------------------------------------------------------------


class CustomerInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    email = graphene.String(required=True)
    phone = graphene.String()


class PriceDecimal(graphene.Decimal):
    """A Decimal that also takes a number literal (the program's `price: 999.99`), read from
    its text: exact, never through a float. (A scalar of its own name: the schema's other
    Decimals are graphene's.)"""

    @classmethod
    def parse_literal(cls, node: Any, _variables: Any = None) -> Any:
        if isinstance(node, FloatValueNode):
            return cls.parse_value(node.value)
        return super().parse_literal(node, _variables)


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
    if value.isdigit():
        return int(value)
    try:
        type_name, pk = from_global_id(value)
    except Exception:  # graphql_relay raises on anything that is not base64 "Type:id"
        type_name, pk = "", ""
    if type_name != node_type._meta.name or not pk.isdigit():
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
                name=input.name, price=Decimal(input.price), stock=input.stock
            )
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
        return CreateOrder(
            order=OrderType.get_queryset(Order.objects.filter(pk=order.pk), info).get()
        )


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
