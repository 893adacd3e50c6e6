from chats.models import Message
from django.contrib.auth import get_user_model
from django_filters import rest_framework as filters

User = get_user_model()


class MessageFilterSet(filters.FilterSet):
    sender = filters.ModelChoiceFilter(queryset=User.objects.all())
    period = filters.DateFromToRangeFilter(field_name="sent_at")

    class Meta:
        model = Message
        fields = ("sender", "period")
