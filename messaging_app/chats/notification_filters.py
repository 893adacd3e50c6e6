"""NotificationFilter: the caller's notifications by `?read=true|false`; a malformed
value is a 400 naming the filter."""

from __future__ import annotations

import django_filters

from chats.models import Notification


class NotificationFilter(django_filters.FilterSet):
    # A choice, not a BooleanFilter: that one reads "maybe" as "no filter" instead of an error.
    read = django_filters.TypedChoiceFilter(
        choices=(("true", "true"), ("false", "false")), coerce=lambda value: value == "true"
    )

    class Meta:
        model = Notification
        fields = ("read",)
