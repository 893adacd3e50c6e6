"""MessageFilter: a conversation's messages by `?sender=<user id>` and
`?sent_at_after=<ISO date-time>&sent_at_before=<ISO date-time>`. A malformed value is
a 400 naming the filter. (The notifications' filter is in chats/notification_filters.py:
this file holds what the program's chats/filters.py holds.)"""

from __future__ import annotations

import django_filters

from chats.models import Message


class MessageFilter(django_filters.FilterSet):
    sender = django_filters.UUIDFilter(field_name="sender_id", help_text="The sender's user id.")
    sent_at = django_filters.IsoDateTimeFromToRangeFilter(
        help_text="sent_at_after and sent_at_before: ISO 8601 date-times, both inclusive."
    )

    class Meta:
        model = Message
        fields = ("sender", "sent_at")
