from chats.models import Conversation
from rest_framework.permissions import SAFE_METHODS, BasePermission


class IsParticipantOfConversation(BasePermission):
    """Only participants see a conversation; only the sender changes a message."""

    message = "You are not a participant of this conversation."

    def has_permission(self, request, view):
        return request.user.is_authenticated

    def has_object_permission(self, request, view, obj):
        conversation = obj if isinstance(obj, Conversation) else obj.conversation
        if not conversation.participants.filter(pk=request.user.pk).exists():
            return False
        if request.method in SAFE_METHODS or isinstance(obj, Conversation):
            return True
        return obj.sender_id == request.user.pk
