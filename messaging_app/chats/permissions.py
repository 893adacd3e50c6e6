"""Object-level permissions. The querysets already hide other people's conversations (a
404); these checks hold even for a view that forgets to filter."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from chats.models import Conversation, Message

# What only a message's sender may do to it; any participant may read it or mark it read.
CHANGES = frozenset({"PUT", "PATCH", "DELETE"})


class IsParticipantOfConversation(permissions.BasePermission):
    """Authenticated participants read and post; only a message's sender changes it."""

    message = "Only the sender of a message can change or delete it."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        conversation_id = obj.pk if isinstance(obj, Conversation) else obj.conversation_id
        membership = Conversation.participants.through.objects.filter(
            conversation_id=conversation_id, user_id=request.user.pk
        )
        if not membership.exists():
            return False
        if isinstance(obj, Message) and request.method in CHANGES:
            return bool(obj.sender_id == request.user.pk)
        return True
