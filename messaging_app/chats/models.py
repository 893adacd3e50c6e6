"""Users, conversations between them, threaded messages, their history and notifications."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from chats.managers import UnreadMessagesManager


class Role(models.TextChoices):
    GUEST = "guest"
    HOST = "host"
    ADMIN = "admin"
    MODERATOR = "moderator"


class UserManager(BaseUserManager["User"]):
    """Users log in with their e-mail address, stored in lower case."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("a user needs an e-mail address")
        user = self.model(email=email.strip().lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    user_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    username = None  # type: ignore[assignment]
    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    phone_number = models.CharField(max_length=20, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.GUEST)
    created_at = models.DateTimeField(auto_now_add=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["first_name", "last_name"]
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        constraints = (
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            ),
        )

    def __str__(self) -> str:
        return self.email


class Conversation(models.Model):
    conversation_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="conversations")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"conversation {self.conversation_id}"


class Message(models.Model):
    message_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_messages"
    )
    # Bounded here too, not only in the API's serializers: the admin's forms read it.
    message_body = models.TextField(max_length=settings.MESSAGE_MAX_LENGTH)
    sent_at = models.DateTimeField(auto_now_add=True)
    edited = models.BooleanField(default=False)
    # A reply outlives its parent: deleting a message (or its author) keeps other people's
    # replies, which become the start of their own thread.
    parent_message = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    read_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="MessageRead", related_name="read_messages"
    )

    objects = models.Manager()
    unread = UnreadMessagesManager()

    class Meta:
        ordering = ("-sent_at", "-message_id")
        indexes = (
            # The conversation's page, newest first, and its sender filter.
            models.Index(fields=("conversation", "-sent_at"), name="message_conversation_sent"),
            models.Index(fields=("sender", "-sent_at"), name="message_sender_sent"),
        )

    def __str__(self) -> str:
        return f"message {self.message_id}"


class MessageRead(models.Model):
    """The read state per recipient: a row when `user` has read `message`."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("message", "user"), name="message_read_once"),
        )


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="notifications")
    read = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("recipient", "message"), name="notification_once_per_recipient"
            ),
        )
        indexes = (models.Index(fields=("recipient", "read"), name="notification_recipient_read"),)


class MessageHistory(models.Model):
    """A message's content before one of its edits."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="history")
    old_content = models.TextField()
    edited_at = models.DateTimeField(auto_now_add=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_edits"
    )

    class Meta:
        ordering = ("-edited_at", "-id")
        verbose_name_plural = "message histories"
