"""GraphQL schema of the CRM: types, queries with filters and sorting, mutations."""

import re

import graphene
from django.db import IntegrityError, transaction
from graphene import relay
from graphene_django import DjangoObjectType
from graphene_django.filter import DjangoFilterConnectionField
from graphql import GraphQLError

from crm.filters import CustomerFilter, OrderFilter, ProductFilter
from crm.models import Customer, Order, Product


class CustomerType(DjangoObjectType):
    class Meta:
        model = Customer
        interfaces = (relay.Node,)
        filterset_class = CustomerFilter
        fields = "__all__"


class ProductType(DjangoObjectType):
    class Meta:
        model = Product
        interfaces = (relay.Node,)
        filterset_class = ProductFilter
        fields = "__all__"


class OrderType(DjangoObjectType):
    class Meta:
        model = Order
        interfaces = (relay.Node,)
        filterset_class = OrderFilter
        fields = "__all__"


class SortedConnectionField(DjangoFilterConnectionField):
    """A filtered connection with `orderBy: [String]` (named in camelCase here: the field
    takes an `order_by` keyword of its own and drops it)."""

    def __init__(self, node, **kwargs):
        kwargs.setdefault("orderBy", graphene.List(of_type=graphene.String))
        super().__init__(node, **kwargs)

    @classmethod
    def resolve_queryset(cls, connection, iterable, info, args, filtering_args, filterset_class):
        queryset = super().resolve_queryset(
            connection, iterable, info, args, filtering_args, filterset_class
        )
        order_by = args.get("orderBy")
        return queryset.order_by(*order_by) if order_by else queryset


class Query(graphene.ObjectType):
    all_customers = SortedConnectionField(CustomerType)
    all_products = SortedConnectionField(ProductType)
    all_orders = SortedConnectionField(OrderType)


# ---------------------------------------------------------------- mutations

PHONE = re.compile(r"^\+?\d{7,15}$|^\d{3}-\d{3}-\d{4}$")


def customer_problem(name, email, phone):
    if not name:
        return "Name is required"
    if Customer.objects.filter(email__iexact=email).exists():
        return "Email already exists"
    if phone and not PHONE.match(phone):
        return "Phone number must look like +1234567890 or 123-456-7890"
    return None


class CustomerInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    email = graphene.String(required=True)
    phone = graphene.String(required=False)


class CreateCustomer(graphene.Mutation):
    class Arguments:
        input = CustomerInput(required=True)

    customer = graphene.Field(CustomerType)
    message = graphene.String()
    success = graphene.Boolean()

    @staticmethod
    def mutate(root, info, input):
        problem = customer_problem(input.name, input.email, input.get("phone"))
        if problem:
            return CreateCustomer(customer=None, message=problem, success=False)
        try:
            customer = Customer.objects.create(
                name=input.name, email=input.email, phone=input.get("phone") or ""
            )
        except IntegrityError:
            return CreateCustomer(customer=None, message="Email already exists", success=False)
        return CreateCustomer(customer=customer, message="Customer created", success=True)


class BulkCreateCustomers(graphene.Mutation):
    class Arguments:
        input = graphene.List(graphene.NonNull(CustomerInput), required=True)

    customers = graphene.List(CustomerType)
    errors = graphene.List(graphene.String)

    @staticmethod
    def mutate(root, info, input):
        customers, errors = [], []
        for record in input:
            problem = customer_problem(record.name, record.email, record.get("phone"))
            if problem:
                errors.append(f"{record.email}: {problem}")
                continue
            sid = transaction.savepoint()
            try:
                customers.append(
                    Customer.objects.create(
                        name=record.name, email=record.email, phone=record.get("phone") or ""
                    )
                )
                transaction.savepoint_commit(sid)
            except IntegrityError:
                transaction.savepoint_rollback(sid)
                errors.append(f"{record.email}: Email already exists")
        return BulkCreateCustomers(customers=customers, errors=errors)


class ProductInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    price = graphene.Decimal(required=True)
    stock = graphene.Int(default_value=0)


class CreateProduct(graphene.Mutation):
    class Arguments:
        input = ProductInput(required=True)

    product = graphene.Field(ProductType)

    @staticmethod
    def mutate(root, info, input):
        if input.price <= 0:
            raise GraphQLError("The price must be greater than zero")
        if input.stock < 0:
            raise GraphQLError("The stock cannot be below zero")
        return CreateProduct(product=Product.objects.create(**input))


class OrderInput(graphene.InputObjectType):
    customer_id = graphene.ID(required=True)
    product_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)
    order_date = graphene.DateTime(required=False)


class CreateOrder(graphene.Mutation):
    class Arguments:
        input = OrderInput(required=True)

    order = graphene.Field(OrderType)

    @staticmethod
    @transaction.atomic
    def mutate(root, info, input):
        customer = Customer.objects.filter(pk=input.customer_id).first()
        if customer is None:
            raise GraphQLError(f"Customer {input.customer_id} does not exist")
        if len(input.product_ids) == 0:
            raise GraphQLError("An order needs at least one product")
        products = list(Product.objects.filter(pk__in=input.product_ids))
        if len(products) != len(set(input.product_ids)):
            found = {str(p.pk) for p in products}
            unknown = [pid for pid in input.product_ids if pid not in found]
            raise GraphQLError(f"Unknown product id(s): {', '.join(unknown)}")
        extra = {"order_date": input.order_date} if input.order_date else {}
        order = Order.objects.create(
            customer=customer, total_amount=sum(p.price for p in products), **extra
        )
        order.products.add(*products)
        return CreateOrder(order=order)


class UpdateLowStockProducts(graphene.Mutation):
    products = graphene.List(ProductType)
    message = graphene.String()

    @staticmethod
    def mutate(root, info):
        ids = list(Product.objects.filter(stock__lt=10).values_list("id", flat=True))
        for product in Product.objects.filter(id__in=ids):
            product.stock = product.stock + 10
            product.save(update_fields=["stock"])
        restocked = list(Product.objects.filter(id__in=ids))
        return UpdateLowStockProducts(products=restocked, message="Low stock products updated")


class Mutation(graphene.ObjectType):
    create_customer = CreateCustomer.Field()
    bulk_create_customers = BulkCreateCustomers.Field()
    create_product = CreateProduct.Field()
    create_order = CreateOrder.Field()
    update_low_stock_products = UpdateLowStockProducts.Field()
