from django.db import models


class UnreadMessagesManager(models.Manager):
    """Unread messages of a user."""

    def unread_for_user(self, user):
        return self.filter(receiver=user, read=False).only(
            "id", "sender", "receiver", "content", "timestamp"
        )
