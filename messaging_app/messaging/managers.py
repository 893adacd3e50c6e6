"""UnreadMessagesManager: `Message.unread.unread_for_user(user)`."""

from __future__ import annotations

from typing import Any

from django.db import models

# What an inbox row shows, and no more: .only() keeps the query's columns to these.
INBOX_FIELDS = ("id", "sender", "content", "timestamp")


class UnreadMessagesManager(models.Manager["models.Model"]):
    def unread_for_user(self, user: Any) -> models.QuerySet[Any]:
        """The messages `user` has received and not read, newest first, loading only
        INBOX_FIELDS."""
        return (
            self.get_queryset()
            .filter(receiver=user, read=False)
            .only(*INBOX_FIELDS)
            .order_by("-timestamp", "-id")
        )
