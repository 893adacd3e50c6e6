"""The API's URLs, for the tests."""

from __future__ import annotations

from chats.models import Conversation, Message

CONVERSATIONS = "/api/conversations/"
NOTIFICATIONS = "/api/notifications/"
UNREAD = "/api/messages/unread/"
ME = "/api/users/me/"


def conversation_url(conversation: Conversation) -> str:
    return f"{CONVERSATIONS}{conversation.pk}/"


def messages_url(conversation: Conversation) -> str:
    return f"{CONVERSATIONS}{conversation.pk}/messages/"


def message_url(message: Message, action: str = "") -> str:
    return f"/api/messages/{message.pk}/" + (f"{action}/" if action else "")
