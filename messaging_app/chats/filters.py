"""Filters: a conversation's messages by `?sender=<user id>` and
`?sent_at_after=<ISO date-time>&sent_at_before=<ISO date-time>`; notifications by
`?read=true|false`. A malformed value is a 400 naming the filter."""

from __future__ import annotations

import django_filters

from chats.models import Message, Notification


class MessageFilter(django_filters.FilterSet):
    sender = django_filters.UUIDFilter(field_name="sender_id", help_text="The sender's user id.")
    sent_at = django_filters.IsoDateTimeFromToRangeFilter(
        help_text="sent_at_after and sent_at_before: ISO 8601 date-times, both inclusive."
    )

    class Meta:
        model = Message
        fields = ("sender", "sent_at")


class NotificationFilter(django_filters.FilterSet):
    # A choice, not a BooleanFilter: that one reads "maybe" as "no filter" instead of an error.
    read = django_filters.TypedChoiceFilter(
        choices=(("true", "true"), ("false", "false")), coerce=lambda value: value == "true"
    )

    class Meta:
        model = Notification
        fields = ("read",)
