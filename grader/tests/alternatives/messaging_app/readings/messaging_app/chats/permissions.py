from rest_framework import permissions


class IsParticipantOfConversation(permissions.BasePermission):
    """Authenticated participants may send, view, update and delete the messages of
    their conversations."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj):
        if hasattr(obj, "participants"):
            return request.user in obj.participants.all()
        if hasattr(obj, "conversation"):
            return request.user in obj.conversation.participants.all()
        return False
