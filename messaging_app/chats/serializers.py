"""What goes over the wire. Validation names the field; writes go through services."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chats.models import Conversation, Message, MessageHistory, Notification, User

PHONE_NUMBER = re.compile(r"^\+?[0-9][0-9 ()-]{5,18}[0-9]$")
MAX_PARTICIPANTS = 50


class UserSerializer(serializers.ModelSerializer[User]):
    """The caller's own account."""

    class Meta:
        model = User
        fields = (
            "user_id",
            "email",
            "first_name",
            "last_name",
            "phone_number",
            "role",
            "created_at",
        )
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer[User]):
    """Someone else, as the people in a conversation see them: no phone number, no role."""

    class Meta:
        model = User
        fields = ("user_id", "email", "first_name", "last_name")
        read_only_fields = fields


class RegisterSerializer(serializers.Serializer[User]):
    """A new account. The role is not the caller's to choose: everyone starts a guest."""

    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        write_only=True, max_length=128, style={"input_type": "password"}
    )
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    phone_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default=""
    )

    def validate_email(self, value: str) -> str:
        email = value.strip().lower()
        if User.objects.filter(email=email).exists():
            raise serializers.ValidationError("A user with this e-mail address already exists.")
        return email

    def validate_phone_number(self, value: str) -> str:
        if value and not PHONE_NUMBER.fullmatch(value):
            raise serializers.ValidationError(
                "Enter digits, spaces, dashes or brackets, e.g. +251911234567."
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        candidate = User(
            email=attrs["email"], first_name=attrs["first_name"], last_name=attrs["last_name"]
        )
        try:
            password_validation.validate_password(attrs["password"], candidate)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"password": error.messages}) from error
        return attrs


class MessageSerializer(serializers.ModelSerializer[Message]):
    sender = ParticipantSerializer(read_only=True)
    is_read = serializers.BooleanField(read_only=True, default=False)
    message_body = serializers.CharField(
        max_length=settings.MESSAGE_MAX_LENGTH, trim_whitespace=True
    )

    class Meta:
        model = Message
        fields = (
            "message_id",
            "conversation",
            "sender",
            "message_body",
            "sent_at",
            "edited",
            "parent_message",
            "is_read",
        )
        read_only_fields = ("message_id", "conversation", "sender", "sent_at", "edited")
        extra_kwargs: ClassVar = {"parent_message": {"required": False, "allow_null": True}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A reply's parent must be in the same conversation; a message anywhere else is
        # "does not exist", whether or not it does.
        if conversation := self.context.get("conversation"):
            parent = self.fields["parent_message"]
            parent.queryset = Message.objects.filter(conversation=conversation)  # type: ignore[attr-defined]


class MessageEditSerializer(serializers.ModelSerializer[Message]):
    """Only the body of a message can change."""

    message_body = serializers.CharField(max_length=settings.MESSAGE_MAX_LENGTH)

    class Meta:
        model = Message
        fields = ("message_body",)


class UnreadMessageSerializer(serializers.ModelSerializer[Message]):
    """An inbox row: exactly the fields UnreadMessagesManager loads with .only()."""

    conversation = serializers.UUIDField(source="conversation_id", read_only=True)
    sender = serializers.UUIDField(source="sender_id", read_only=True)

    class Meta:
        model = Message
        fields = ("message_id", "conversation", "sender", "message_body", "sent_at")
        read_only_fields = fields


class ConversationSerializer(serializers.ModelSerializer[Conversation]):
    participants = ParticipantSerializer(many=True, read_only=True)
    participant_ids = serializers.ListField(
        child=serializers.UUIDField(),
        write_only=True,
        allow_empty=False,
        max_length=MAX_PARTICIPANTS,
        help_text="The other participants' user ids; you are always a participant.",
    )
    last_message = serializers.SerializerMethodField()

    class Meta:
        model = Conversation
        fields = (
            "conversation_id",
            "participants",
            "participant_ids",
            "created_at",
            "last_message",
        )
        read_only_fields = ("conversation_id", "created_at")

    def validate_participant_ids(self, ids: list[Any]) -> list[Any]:
        unique = set(ids) - {self.context["request"].user.pk}
        if not unique:
            raise serializers.ValidationError("Name at least one other participant.")
        found = set(User.objects.filter(pk__in=unique).values_list("pk", flat=True))
        if missing := unique - found:
            raise serializers.ValidationError(
                f"Unknown user ids: {', '.join(sorted(map(str, missing)))}."
            )
        return sorted(unique, key=str)

    @extend_schema_field(MessageSerializer(allow_null=True))
    def get_last_message(self, conversation: Conversation) -> dict[str, Any] | None:
        latest = getattr(conversation, "latest", None)
        return MessageSerializer(latest[0]).data if latest else None


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    message = serializers.UUIDField(source="message_id", read_only=True)
    conversation = serializers.UUIDField(source="message.conversation_id", read_only=True)
    sender = serializers.EmailField(source="message.sender.email", read_only=True)
    excerpt = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ("id", "message", "conversation", "sender", "excerpt", "read", "created_at")
        read_only_fields = fields

    def get_excerpt(self, notification: Notification) -> str:
        body = notification.message.message_body
        return body if len(body) <= 80 else body[:79] + "…"


class MessageHistorySerializer(serializers.ModelSerializer[MessageHistory]):
    class Meta:
        model = MessageHistory
        fields = ("old_content", "edited_at", "edited_by")
        read_only_fields = fields


@extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/Thread"}})
class RepliesField(serializers.ListField):
    """Replies, each a thread of its own (a recursive schema)."""


class ThreadSerializer(serializers.Serializer[dict[str, Any]]):
    """The shape of thread_tree() in the schema: a message and its replies, each with theirs."""

    message = MessageSerializer(read_only=True)
    replies = RepliesField(child=serializers.DictField(), read_only=True)


def thread_tree(messages: list[Message]) -> dict[str, Any]:
    """Nest a thread's messages (its root first) as {"message": ..., "replies": [...]},
    siblings in the order given. One list serializer renders every message: a
    serializer per node would rebuild its fields hundreds of times."""
    rows = MessageSerializer(messages, many=True).data
    nodes = {str(row["message_id"]): {"message": row, "replies": []} for row in rows}
    for row in rows[1:]:
        nodes[str(row["parent_message"])]["replies"].append(nodes[str(row["message_id"])])
    return nodes[str(rows[0]["message_id"])]
