"""RolepermissionMiddleware: 401/403 on settings.ROLE_PROTECTED_PATHS."""

from __future__ import annotations

from django.conf import settings  # type: ignore[import-untyped]
from django.http import HttpRequest, HttpResponse  # type: ignore[import-untyped]

from chats.middleware.common import GetResponse, as_tuple, json_error, path_in


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
    """Guards settings.ROLE_PROTECTED_PATHS as a whole. Needs request.user, so it must
    run after AuthenticationMiddleware (tests/test_order.py shows what breaks if not)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if path_in(request, settings.ROLE_PROTECTED_PATHS):
            refusal = role_refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)
