"""RolepermissionMiddleware: 401/403 on the actions of settings.ROLE_PROTECTED_ACTIONS."""

from __future__ import annotations

import re
from functools import lru_cache

from django.conf import settings  # type: ignore[import-untyped]
from django.core.exceptions import ImproperlyConfigured  # type: ignore[import-untyped]
from django.http import HttpRequest, HttpResponse  # type: ignore[import-untyped]

from chats.middleware.common import GetResponse, as_tuple, json_error, path_in

# "DELETE /api/messages/": a method (or * for any) and a path prefix.
ACTION = re.compile(r"(\*|[A-Z]+) (/\S*)")


@lru_cache(maxsize=16)
def protected_actions(entries: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """ROLE_PROTECTED_ACTIONS parsed into (method, path prefix) pairs, or
    ImproperlyConfigured naming the entry that is not "METHOD /prefix"."""
    actions = []
    for entry in entries:
        match = ACTION.fullmatch(entry.strip()) if isinstance(entry, str) else None
        if match is None:
            raise ImproperlyConfigured(
                f"ROLE_PROTECTED_ACTIONS: expected 'METHOD /path-prefix' (METHOD in capitals "
                f"or *), got {entry!r}"
            )
        actions.append((match[1], match[2]))
    return tuple(actions)


def current_protected_actions() -> tuple[tuple[str, str], ...]:
    return protected_actions(as_tuple(settings.ROLE_PROTECTED_ACTIONS))


def is_protected(request: HttpRequest, actions: tuple[tuple[str, str], ...]) -> bool:
    """Whether the request is one of the actions (its path by path_in)."""
    return any(
        method in ("*", request.method) and path_in(request, prefix) for method, prefix in actions
    )


def role_refusal(request: HttpRequest) -> HttpResponse | None:
    """401 for nobody signed in, 403 for a role not allowed, None to let the request on.
    A user object without a role (or an empty one) has no role: 403, never a 500."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return json_error(401, "sign in to use this page")
    role = getattr(user, "role", None)
    if not isinstance(role, str) or role not in as_tuple(settings.ROLE_ALLOWED):
        allowed = ", ".join(as_tuple(settings.ROLE_ALLOWED))
        return json_error(403, f"this page is for these roles only: {allowed}")
    return None


class RolepermissionMiddleware:
    """Admins and moderators only for the actions of settings.ROLE_PROTECTED_ACTIONS
    (deleting a chat message, the moderation pages); every other request passes. Needs
    request.user, so it must run after AuthenticationMiddleware (tests/test_order.py
    shows what breaks if not)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        current_protected_actions()  # a malformed setting fails at startup

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_protected(request, current_protected_actions()):
            refusal = role_refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)
