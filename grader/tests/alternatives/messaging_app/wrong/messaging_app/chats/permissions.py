from rest_framework import permissions


class IsParticipantOfConversation(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.is_authenticated

    def has_object_permission(self, request, view, obj):
        # Bug: any signed-in user passes; nobody checks the participants.
        return request.user.is_authenticated
