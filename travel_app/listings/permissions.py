"""Who may change a listing: hosts theirs, admins any (moderation); anyone reads."""

from __future__ import annotations

from accounts.models import Role, User
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView


class IsHostOrReadOnly(permissions.BasePermission):
    message = "Only hosts can list places."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        return isinstance(user, User) and (user.role == Role.HOST or user.is_admin)
