"""Reads: what a user may see, fetched in a number of queries that does not grow with rows.

Every queryset here is already limited to the caller's conversations, so a view built on
it answers 404 for anyone else's object: no existence leak.
"""

from __future__ import annotations

import uuid

from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber

from chats.models import Conversation, Message, MessageRead, Notification, User


def conversations_for(user: User) -> QuerySet[Conversation]:
    """The user's conversations, newest first, with participants and the last message
    (`latest`: a list of at most one) prefetched: three queries for any page."""
    latest = (
        Message.objects.select_related("sender")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("conversation_id"),
                order_by=(F("sent_at").desc(), F("message_id").desc()),
            )
        )
        .filter(rank=1)
    )
    return (
        Conversation.objects.filter(participants=user)
        .prefetch_related("participants", Prefetch("messages", queryset=latest, to_attr="latest"))
        .order_by("-created_at", "-conversation_id")
    )


def messages_in_conversation(conversation: Conversation, user: User) -> QuerySet[Message]:
    """The conversation's messages, newest first, with the sender and whether `user` has
    read each one (`is_read`), in one query per page."""
    return (
        _with_read_state(Message.objects.filter(conversation=conversation), user)
        .select_related("sender")
        .order_by("-sent_at", "-message_id")
    )


def messages_visible_to(user: User) -> QuerySet[Message]:
    """Every message in the user's conversations."""
    return _with_read_state(
        Message.objects.filter(conversation__participants=user), user
    ).select_related("sender")


def _with_read_state(messages: QuerySet[Message], user: User) -> QuerySet[Message]:
    """`is_read` on each message: whether `user` has a read mark on it (a subquery)."""
    return messages.annotate(
        is_read=Exists(MessageRead.objects.filter(message=OuterRef("pk"), user=user))
    )


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("message__sender")


def message_thread(root: Message) -> list[Message]:
    """`root` and every reply below it, however deep, oldest first, in two queries: a
    recursive CTE finds the ids of every descendant, then one query loads them with
    their senders."""
    replies = Message.objects.filter(pk__in=_descendant_ids(root.pk)).select_related("sender")
    return [root, *replies.order_by("sent_at", "message_id")]


def _descendant_ids(root_id: uuid.UUID) -> list[object]:
    """Ids of every reply, reply of a reply, and so on, below `root_id` (root excluded).
    WITH RECURSIVE runs on SQLite, MariaDB 10.2+, MySQL 8 and PostgreSQL alike."""
    table = connection.ops.quote_name(Message._meta.db_table)
    pk_field = Message._meta.pk
    assert pk_field is not None
    parent = connection.ops.quote_name(Message._meta.get_field("parent_message").column)
    pk = connection.ops.quote_name(pk_field.column)
    sql = (
        f"WITH RECURSIVE thread (id) AS ("
        f" SELECT {pk} FROM {table} WHERE {parent} = %s"
        f" UNION ALL SELECT m.{pk} FROM {table} m JOIN thread t ON m.{parent} = t.id"
        f") SELECT id FROM thread"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk_field.get_db_prep_value(root_id, connection)])
        return [row[0] for row in cursor.fetchall()]
