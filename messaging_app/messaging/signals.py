"""Receivers: a notification for each new message, the old content of an edited one,
and what a deleted user leaves behind."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from messaging.models import Message, MessageHistory, Notification


@receiver(post_save, sender=Message, dispatch_uid="messaging.notify_receiver")
def notify_receiver(
    sender: type[Message], instance: Message, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """A new message notifies its receiver; an edit (or a fixture load) does not."""
    if created and not raw:
        Notification.objects.create(user_id=instance.receiver_id, message=instance)


@receiver(pre_save, sender=Message, dispatch_uid="messaging.log_edit")
def log_edit(sender: type[Message], instance: Message, raw: bool = False, **kwargs: Any) -> None:
    """Before an existing message is saved with new content, keep the old content and
    mark the message edited. No save() here: the instance being saved carries the flag."""
    if raw or instance._state.adding:
        return
    old = Message.objects.filter(pk=instance.pk).values_list("content", flat=True).first()
    if old is None or old == instance.content:
        return
    MessageHistory.objects.create(
        message=instance, old_content=old, edited_by_id=instance.sender_id
    )
    instance.edited = True


@receiver(post_delete, sender=get_user_model(), dispatch_uid="messaging.clean_up_after_user")
def clean_up_after_user(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    """The user's messages (sent and received), notifications and edit histories go with
    them. Their foreign keys cascade, so Django has deleted those rows before this runs;
    the receiver states the rule where a reader looks for it, and holds it even for a row
    written in between."""
    Message.objects.filter(Q(sender_id=instance.pk) | Q(receiver_id=instance.pk)).delete()
    Notification.objects.filter(user_id=instance.pk).delete()
    MessageHistory.objects.filter(edited_by_id=instance.pk).delete()
