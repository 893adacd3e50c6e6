import django_filters

from .models import Customer, Order, Product


class CustomerFilter(django_filters.FilterSet):
    phone_pattern = django_filters.CharFilter(method="filter_phone_pattern")
    order_by = django_filters.OrderingFilter(fields=("name", "email", "created_at"))

    class Meta:
        model = Customer
        fields = {
            "name": ["icontains"],
            "email": ["icontains"],
            "created_at": ["gte", "lte"],
        }

    def filter_phone_pattern(self, queryset, name, value):
        return queryset.filter(phone__icontains=value)


class ProductFilter(django_filters.FilterSet):
    order_by = django_filters.OrderingFilter(fields=("name", "price", "stock"))

    class Meta:
        model = Product
        fields = {
            "name": ["icontains"],
            "price": ["gte", "lte"],
            "stock": ["gte", "lte", "lt"],
        }


class OrderFilter(django_filters.FilterSet):
    customer_name = django_filters.CharFilter(
        field_name="customer__name", lookup_expr="icontains"
    )
    product_name = django_filters.CharFilter(
        field_name="products__name", lookup_expr="icontains", distinct=True
    )
    order_by = django_filters.OrderingFilter(fields=("order_date", "total_amount"))

    class Meta:
        model = Order
        fields = {
            "total_amount": ["gte", "lte"],
            "order_date": ["gte", "lte"],
        }
