"""The program's models for signals and the ORM: a message from a sender to a receiver,
the notification it raises, and the history of its edits."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from messaging.managers import UnreadMessagesManager


class Message(models.Model):
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="direct_messages_sent"
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="direct_messages_received",
    )
    content = models.TextField()
    timestamp = models.DateTimeField(auto_now_add=True, db_index=True)
    edited = models.BooleanField(default=False)
    # A reply outlives its parent: deleting a message keeps the replies to it.
    parent_message = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    read = models.BooleanField(default=False)

    objects = models.Manager()
    unread = UnreadMessagesManager()

    class Meta:
        ordering = ("timestamp", "id")
        indexes = (models.Index(fields=("receiver", "read"), name="direct_message_inbox"),)

    def __str__(self) -> str:
        return f"message {self.pk} from {self.sender_id} to {self.receiver_id}"


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="direct_notifications"
    )
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="notifications")
    is_read = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")


class MessageHistory(models.Model):
    """A message's content before one of its edits."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="history")
    old_content = models.TextField()
    edited_at = models.DateTimeField(auto_now_add=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="direct_message_edits"
    )

    class Meta:
        ordering = ("-edited_at", "-id")
        verbose_name_plural = "message histories"
