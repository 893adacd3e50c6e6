"""Users with a role, and the messages they post."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

MESSAGE_MAX_LENGTH = 1000


class Role(models.TextChoices):
    GUEST = "guest"
    HOST = "host"
    MODERATOR = "moderator"
    ADMIN = "admin"


class User(AbstractUser):
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.GUEST)

    class Meta:
        constraints = (
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            ),
        )


class Message(models.Model):
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages"
    )
    body = models.CharField(max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.pk,
            "sender": self.sender.get_username(),
            "body": self.body,
            "created_at": self.created_at.isoformat(),
        }
