import re
from decimal import Decimal

import graphene
from django.db import transaction
from django.utils import timezone
from graphene import relay
from graphene_django import DjangoObjectType
from graphene_django.filter import DjangoFilterConnectionField

from .filters import CustomerFilter, OrderFilter, ProductFilter
from .models import Customer, Order, Product

PHONE_RE = re.compile(r"^(\+\d{10,15}|\d{3}-\d{3}-\d{4})$")


class CustomerNode(DjangoObjectType):
    class Meta:
        model = Customer
        interfaces = (relay.Node,)
        fields = ("id", "name", "email", "phone", "created_at")


class ProductNode(DjangoObjectType):
    class Meta:
        model = Product
        interfaces = (relay.Node,)
        fields = ("id", "name", "price", "stock")


class ProductType(DjangoObjectType):
    class Meta:
        model = Product
        fields = ("id", "name", "price", "stock")


class OrderNode(DjangoObjectType):
    products = graphene.List(ProductType)

    class Meta:
        model = Order
        interfaces = (relay.Node,)
        fields = ("id", "customer", "products", "total_amount", "order_date")

    def resolve_products(self, info):
        return self.products.all()


class CustomerInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    email = graphene.String(required=True)
    phone = graphene.String()


def validate_customer(data):
    if Customer.objects.filter(email=data.email).exists():
        raise Exception("Email already exists")
    if data.phone and not PHONE_RE.match(data.phone):
        raise Exception("Invalid phone format. Use +1234567890 or 123-456-7890")


class CreateCustomer(graphene.Mutation):
    class Arguments:
        input = CustomerInput(required=True)

    customer = graphene.Field(CustomerNode)
    message = graphene.String()

    def mutate(self, info, input):
        validate_customer(input)
        customer = Customer.objects.create(
            name=input.name, email=input.email, phone=input.phone or ""
        )
        return CreateCustomer(customer=customer, message="Customer created successfully!")


class BulkCreateCustomers(graphene.Mutation):
    class Arguments:
        input = graphene.List(CustomerInput, required=True)

    customers = graphene.List(CustomerNode)
    errors = graphene.List(graphene.String)

    def mutate(self, info, input):
        errors = []
        for i, data in enumerate(input):
            try:
                validate_customer(data)
            except Exception as e:
                errors.append(f"Customer {i + 1}: {e}")
        if errors:
            # keep the database clean: nothing is saved unless every record is valid
            return BulkCreateCustomers(customers=[], errors=errors)
        created = [
            Customer.objects.create(name=d.name, email=d.email, phone=d.phone or "")
            for d in input
        ]
        return BulkCreateCustomers(customers=created, errors=[])


class ProductInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    price = graphene.Float(required=True)
    stock = graphene.Int()


class CreateProduct(graphene.Mutation):
    class Arguments:
        input = ProductInput(required=True)

    product = graphene.Field(ProductNode)

    def mutate(self, info, input):
        if input.price <= 0:
            raise Exception("Price must be a positive value")
        stock = input.stock if input.stock is not None else 0
        if stock < 0:
            raise Exception("Stock can not be negative")
        product = Product.objects.create(
            name=input.name, price=Decimal(str(input.price)), stock=stock
        )
        return CreateProduct(product=product)


class OrderInput(graphene.InputObjectType):
    customer_id = graphene.ID(required=True)
    product_ids = graphene.List(graphene.ID, required=True)
    order_date = graphene.DateTime()


class CreateOrder(graphene.Mutation):
    class Arguments:
        input = OrderInput(required=True)

    order = graphene.Field(OrderNode)

    def mutate(self, info, input):
        try:
            customer = Customer.objects.get(pk=input.customer_id)
        except Customer.DoesNotExist:
            raise Exception("Invalid customer ID")
        if not input.product_ids:
            raise Exception("You must select at least one product")
        products = []
        for pid in input.product_ids:
            try:
                products.append(Product.objects.get(pk=pid))
            except Product.DoesNotExist:
                raise Exception(f"Invalid product ID: {pid}")
        with transaction.atomic():
            order = Order.objects.create(
                customer=customer,
                order_date=input.order_date or timezone.now(),
                total_amount=Decimal("0.00"),
            )
            order.products.set(products)
            order.save()  # total_amount is updated once the products are set
        return CreateOrder(order=order)


class UpdateLowStockProducts(graphene.Mutation):
    updated_products = graphene.List(ProductType)
    success = graphene.String()

    def mutate(self, info):
        low = list(Product.objects.filter(stock__lt=10))
        for product in low:
            product.stock += 10
            product.save()
        return UpdateLowStockProducts(
            updated_products=low, success=f"{len(low)} products restocked"
        )


class Query(graphene.ObjectType):
    hello = graphene.String()
    node = relay.Node.Field()
    all_customers = DjangoFilterConnectionField(CustomerNode, filterset_class=CustomerFilter)
    all_products = DjangoFilterConnectionField(ProductNode, filterset_class=ProductFilter)
    all_orders = DjangoFilterConnectionField(OrderNode, filterset_class=OrderFilter)

    def resolve_hello(root, info):
        return "Hello, GraphQL!"


class Mutation(graphene.ObjectType):
    create_customer = CreateCustomer.Field()
    bulk_create_customers = BulkCreateCustomers.Field()
    create_product = CreateProduct.Field()
    create_order = CreateOrder.Field()
    update_low_stock_products = UpdateLowStockProducts.Field()
