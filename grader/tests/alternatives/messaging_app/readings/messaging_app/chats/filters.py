import django_filters

from .models import Message


class MessageFilter(django_filters.FilterSet):
    """Messages of a user, or sent between two moments."""

    user = django_filters.UUIDFilter(field_name="sender__user_id")
    start_date = django_filters.DateTimeFilter(field_name="sent_at", lookup_expr="gte")
    end_date = django_filters.DateTimeFilter(field_name="sent_at", lookup_expr="lte")

    class Meta:
        model = Message
        fields = ("user", "start_date", "end_date")
