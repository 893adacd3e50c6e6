from django_filters import rest_framework as filters

from crm.models import Customer, Order, Product


class CustomerFilter(filters.FilterSet):
    name = filters.CharFilter(lookup_expr="icontains")
    email = filters.CharFilter(lookup_expr="icontains")
    created_at_gte = filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_at_lte = filters.DateFilter(field_name="created_at", lookup_expr="date__lte")
    phone_pattern = filters.CharFilter(field_name="phone", lookup_expr="startswith")

    class Meta:
        model = Customer
        fields = ["name", "email"]


class ProductFilter(filters.FilterSet):
    name = filters.CharFilter(lookup_expr="icontains")
    price_gte = filters.NumberFilter(field_name="price", lookup_expr="gte")
    price_lte = filters.NumberFilter(field_name="price", lookup_expr="lte")
    stock = filters.NumberFilter(field_name="stock", lookup_expr="exact")
    low_stock = filters.NumberFilter(field_name="stock", lookup_expr="lt")

    class Meta:
        model = Product
        fields = ["name"]


class OrderFilter(filters.FilterSet):
    total_amount_gte = filters.NumberFilter(field_name="total_amount", lookup_expr="gte")
    total_amount_lte = filters.NumberFilter(field_name="total_amount", lookup_expr="lte")
    order_date_gte = filters.DateTimeFilter(field_name="order_date", lookup_expr="gte")
    order_date_lte = filters.DateTimeFilter(field_name="order_date", lookup_expr="lte")
    customer_name = filters.CharFilter(field_name="customer__name", lookup_expr="icontains")
    product_name = filters.CharFilter(method="by_product_name")

    class Meta:
        model = Order
        fields = []

    def by_product_name(self, queryset, name, value):
        return queryset.filter(products__name__icontains=value).distinct()
