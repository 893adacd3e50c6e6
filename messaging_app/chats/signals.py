"""Receivers: notifications for new messages, the history of edits, the cached lists,
and what a deleted account leaves behind. Thin: the work is in services and cache."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from chats import services
from chats.cache import invalidate_message_list
from chats.models import Conversation, Message, User


@receiver(post_save, sender=Message, dispatch_uid="chats.notify_new_message")
def notify_participants(
    sender: type[Message], instance: Message, created: bool, raw: bool, **kwargs: Any
) -> None:
    """One notification per other participant for a new message; none for an edit."""
    if created and not raw:
        services.notifications_create_for_message(message=instance)


@receiver(pre_save, sender=Message, dispatch_uid="chats.record_edit")
def record_edit(sender: type[Message], instance: Message, raw: bool, **kwargs: Any) -> None:
    """Keep the old content of an edited message (nothing when the body is unchanged)."""
    if not raw and not instance._state.adding:
        services.message_history_record(message=instance)


@receiver(post_save, sender=Message, dispatch_uid="chats.invalidate_on_save")
@receiver(post_delete, sender=Message, dispatch_uid="chats.invalidate_on_delete")
def drop_cached_pages(sender: type[Message], instance: Message, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        invalidate_message_list(instance.conversation_id)


@receiver(m2m_changed, sender=Conversation.participants.through, dispatch_uid="chats.participants")
def drop_pages_on_new_participants(
    sender: type[object],
    instance: Conversation | User,
    action: str,
    reverse: bool,
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    """A cached page skips the membership check: any change of participants drops it."""
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:  # conversation.participants.add/remove/clear
        conversation_ids = [instance.pk]
    elif action == "pre_clear":  # user.conversations.clear(): which ones, before they go
        conversation_ids = list(
            Conversation.objects.filter(participants=instance).values_list("pk", flat=True)
        )
    else:
        conversation_ids = list(pk_set or ())
    for conversation_id in conversation_ids:
        invalidate_message_list(conversation_id)


@receiver(post_delete, sender=User, dispatch_uid="chats.clean_up_after_user")
def clean_up_after_user(sender: type[User], instance: User, **kwargs: Any) -> None:
    """The user's messages, notifications and histories went with them (their foreign keys
    cascade); what no foreign key can do is left here."""
    services.conversations_delete_abandoned()
