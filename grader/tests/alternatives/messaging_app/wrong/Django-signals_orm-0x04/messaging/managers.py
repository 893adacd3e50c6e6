from django.db import models


class UnreadMessagesManager(models.Manager):
    def unread_for_user(self, user):
        # Bug: every field is loaded (no .only()).
        return self.get_queryset().filter(receiver=user, read=False)
