"""Reads of the message board: each query fetches the senders with the messages, so
that listing N messages costs one query, not N + 1."""

from __future__ import annotations

from django.db.models import QuerySet

from chats.models import Message


def newest_messages(limit: int) -> QuerySet[Message]:
    """The `limit` newest messages (Message.Meta.ordering), newest first."""
    return Message.objects.select_related("sender")[:limit]


def all_messages() -> QuerySet[Message]:
    """Every message, newest first: the moderators' view."""
    return Message.objects.select_related("sender")
