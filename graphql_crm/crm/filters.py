"""The filters of allCustomers, allProducts and allOrders (django-filter FilterSets);
graphene-django turns each into arguments (`nameIcontains`, `orderBy`, ...)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from crm.models import Customer, Order, Product
from crm.services import LOW_STOCK


class CustomerFilter(django_filters.FilterSet):
    name_icontains = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    email_icontains = django_filters.CharFilter(field_name="email", lookup_expr="icontains")
    created_at_gte = django_filters.DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_at_lte = django_filters.DateTimeFilter(field_name="created_at", lookup_expr="lte")
    phone_pattern = django_filters.CharFilter(
        method="filter_phone_pattern", help_text="Phone numbers that start with this, e.g. +1"
    )
    order_by = django_filters.OrderingFilter(fields=("name", "email", "created_at"))

    class Meta:
        model = Customer
        fields = ()

    def filter_phone_pattern(
        self, queryset: QuerySet[Customer], name: str, value: str
    ) -> QuerySet[Customer]:
        return queryset.filter(phone__startswith=value)


class ProductFilter(django_filters.FilterSet):
    name_icontains = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    price_gte = django_filters.NumberFilter(field_name="price", lookup_expr="gte")
    price_lte = django_filters.NumberFilter(field_name="price", lookup_expr="lte")
    stock_gte = django_filters.NumberFilter(field_name="stock", lookup_expr="gte")
    stock_lte = django_filters.NumberFilter(field_name="stock", lookup_expr="lte")
    low_stock = django_filters.BooleanFilter(
        method="filter_low_stock", help_text=f"Stock below {LOW_STOCK}"
    )
    order_by = django_filters.OrderingFilter(fields=("name", "price", "stock"))

    class Meta:
        model = Product
        fields = ()

    def filter_low_stock(
        self, queryset: QuerySet[Product], name: str, value: bool
    ) -> QuerySet[Product]:
        return (
            queryset.filter(stock__lt=LOW_STOCK)
            if value
            else queryset.filter(stock__gte=LOW_STOCK)
        )


class OrderFilter(django_filters.FilterSet):
    total_amount_gte = django_filters.NumberFilter(field_name="total_amount", lookup_expr="gte")
    total_amount_lte = django_filters.NumberFilter(field_name="total_amount", lookup_expr="lte")
    order_date_gte = django_filters.DateTimeFilter(field_name="order_date", lookup_expr="gte")
    order_date_lte = django_filters.DateTimeFilter(field_name="order_date", lookup_expr="lte")
    customer_name = django_filters.CharFilter(field_name="customer__name", lookup_expr="icontains")
    product_name = django_filters.CharFilter(
        field_name="products__name", lookup_expr="icontains", distinct=True
    )
    product_id = django_filters.NumberFilter(field_name="products__id", distinct=True)
    order_by = django_filters.OrderingFilter(fields=("order_date", "total_amount"))

    class Meta:
        model = Order
        fields = ()
