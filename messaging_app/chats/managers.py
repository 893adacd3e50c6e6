"""Custom managers: `Message.unread.unread_for_user(user)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from chats.models import User

# What an inbox row needs, and no more: `.only()` leaves the body of the query small.
UNREAD_FIELDS = ("message_id", "conversation_id", "sender_id", "message_body", "sent_at")


class UnreadMessagesManager(models.Manager["models.Model"]):
    """Messages someone has not read yet."""

    def unread_for_user(self, user: User) -> models.QuerySet[Any]:
        """Messages in `user`'s conversations, sent by someone else, with no read mark
        from `user`; newest first, loading only UNREAD_FIELDS."""
        return (
            self.get_queryset()
            .filter(conversation__participants=user)
            .exclude(sender=user)
            .exclude(reads__user=user)
            .only(*UNREAD_FIELDS)
            .order_by("-sent_at", "-message_id")
        )
