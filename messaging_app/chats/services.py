"""Writes: every change to users, conversations, messages and notifications goes here.

Views, serializers and signal receivers stay thin and call these functions.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import transaction

from chats.models import Conversation, Message, MessageHistory, MessageRead, Notification, User


def user_register(
    *, email: str, password: str, first_name: str, last_name: str, phone_number: str = ""
) -> User:
    return User.objects.create_user(
        email, password, first_name=first_name, last_name=last_name, phone_number=phone_number
    )


def user_delete(*, user: User) -> None:
    """Delete an account; the post_delete receiver tidies what it leaves behind."""
    with transaction.atomic():
        user.delete()


def conversation_create(*, creator: User, participant_ids: Iterable[uuid.UUID]) -> Conversation:
    """A conversation between the creator and the given users (ids already checked)."""
    with transaction.atomic():
        conversation = Conversation.objects.create()
        conversation.participants.add(creator.pk, *set(participant_ids))
    return conversation


def message_send(
    *, conversation: Conversation, sender: User, body: str, parent: Message | None = None
) -> Message:
    with transaction.atomic():
        return Message.objects.create(
            conversation=conversation, sender=sender, message_body=body, parent_message=parent
        )


def message_edit(*, message: Message, body: str) -> Message:
    """Change the body; the pre_save receiver keeps the old one in the history."""
    with transaction.atomic():
        message.message_body = body
        message.save(update_fields=["message_body", "edited"])
    return message


def message_delete(*, message: Message) -> None:
    with transaction.atomic():
        message.delete()


def message_history_record(*, message: Message) -> None:
    """Before an existing message is saved: if its body changed, keep the old body and mark
    the message edited. Only its sender may edit it, so the sender is the editor."""
    old_body = Message.objects.filter(pk=message.pk).values_list("message_body", flat=True).first()
    if old_body is None or old_body == message.message_body:
        return
    MessageHistory.objects.create(
        message=message, old_content=old_body, edited_by_id=message.sender_id
    )
    message.edited = True


def message_mark_read(*, message: Message, user: User) -> None:
    """Mark read for `user` (again is harmless), with the notifications it raised."""
    with transaction.atomic():
        MessageRead.objects.get_or_create(message=message, user=user)
        Notification.objects.filter(message=message, recipient=user, read=False).update(read=True)


def notifications_create_for_message(*, message: Message) -> list[Notification]:
    """One unread notification for each participant but the sender (two queries)."""
    recipients = message.conversation.participants.exclude(pk=message.sender_id).values_list(
        "pk", flat=True
    )
    return Notification.objects.bulk_create(
        Notification(recipient_id=recipient, message=message) for recipient in recipients
    )


def notification_mark_read(*, notification: Notification) -> Notification:
    if not notification.read:
        notification.read = True
        notification.save(update_fields=["read"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of `user` read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read=False).update(read=True)


def conversations_delete_abandoned() -> int:
    """Delete conversations nobody takes part in any more (their last participant deleted
    their account); returns how many."""
    _, deleted = Conversation.objects.filter(participants=None).delete()
    return deleted.get(Conversation._meta.label, 0)
