"""Writes to the message board. The views check who may write; these only write."""

from __future__ import annotations

from chats.models import Message, User


def post_message(*, sender: User, body: str) -> Message:
    """Saves a message already checked (views.message_body)."""
    return Message.objects.create(sender=sender, body=body)


def delete_message(*, message_id: int) -> bool:
    """Deletes the message; False if there was none with that id."""
    deleted, _ = Message.objects.filter(pk=message_id).delete()
    return deleted > 0
