import django_filters

from .models import Message


class MessageFilter(django_filters.FilterSet):
    sender = django_filters.UUIDFilter(field_name="sender__user_id")
    start = django_filters.DateTimeFilter(field_name="sent_at", lookup_expr="exact")
    end = django_filters.DateTimeFilter(field_name="sent_at", lookup_expr="exact")

    class Meta:
        model = Message
        fields = ("sender", "start", "end")
