"""Messages with known, distinct send times (two messages sent within the same
microsecond would otherwise tie, and the tests check the order)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from chats import services
from chats.models import Conversation, Message, User

START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def send_messages(
    conversation: Conversation, senders: Sequence[User], count: int, start: datetime = START
) -> list[Message]:
    """`count` messages m0, m1, ... one minute apart from `start`, senders taking turns."""
    messages = []
    for number in range(count):
        message = services.message_send(
            conversation=conversation, sender=senders[number % len(senders)], body=f"m{number}"
        )
        message.sent_at = start + timedelta(minutes=number)
        Message.objects.filter(pk=message.pk).update(sent_at=message.sent_at)
        messages.append(message)
    return messages
