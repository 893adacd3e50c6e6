"""RolepermissionMiddleware: ROLE_PROTECTED_PATHS are for ROLE_ALLOWED only; 401 for
nobody signed in, 403 for a role not allowed (or none at all), other paths untouched."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from chats.middleware import RolepermissionMiddleware
from chats.models import Message
from django.conf import LazySettings
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

pytestmark = pytest.mark.task("extras.roles")

SignedIn = Callable[[str], Client]
MODERATION = "/api/moderation/messages/"


def test_nobody_signed_in_gets_401_json(client: Client):
    response = client.get(MODERATION)

    assert response.status_code == 401
    assert response.json() == {"error": "sign in to use this page"}


@pytest.mark.parametrize("role", ["guest", "host"])
def test_a_role_not_allowed_gets_403_json(signed_in: SignedIn, role: str):
    response = signed_in(role).get(MODERATION)

    assert response.status_code == 403
    assert response.json() == {"error": "this page is for these roles only: admin, moderator"}


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_an_allowed_role_reaches_the_view(signed_in: SignedIn, role: str):
    response = signed_in(role).get(MODERATION)

    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_a_guest_cannot_delete_and_the_message_stays(
    signed_in: SignedIn, make_user: Callable[..., Any]
):
    message = Message.objects.create(sender=make_user("host"), body="keep me")

    response = signed_in("guest").delete(f"{MODERATION}{message.pk}/")

    assert response.status_code == 403
    assert Message.objects.filter(pk=message.pk).exists()


def test_a_moderator_can_delete(signed_in: SignedIn, make_user: Callable[..., Any]):
    message = Message.objects.create(sender=make_user("host"), body="spam")

    response = signed_in("moderator").delete(f"{MODERATION}{message.pk}/")

    assert response.status_code == 204
    assert not Message.objects.filter(pk=message.pk).exists()


@pytest.mark.parametrize("path", ["/api/moderation/messages/1/", "/api/moderation/anything/"])
def test_every_path_under_the_prefix_is_guarded(client: Client, path: str):
    assert client.get(path).status_code == 401  # refused before any 404


def test_other_paths_are_untouched(client: Client, db: None):
    assert client.get("/api/messages/").status_code == 200
    assert client.get("/no/such/page/").status_code == 404


def test_the_protected_paths_come_from_settings(client: Client, settings: LazySettings):
    settings.ROLE_PROTECTED_PATHS = ["/api/messages/"]

    assert client.get("/api/messages/").status_code == 401


def test_the_allowed_roles_come_from_settings(signed_in: SignedIn, settings: LazySettings):
    settings.ROLE_ALLOWED = ("host",)
    client = signed_in("host")

    assert client.get(MODERATION).status_code == 200


def call_with_user(rf: RequestFactory, user: object) -> HttpResponse:
    """The middleware alone, on a request whose user is `user` (None: no attribute)."""
    request = rf.get(MODERATION)
    if user is not None:
        request.user = user

    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("the view")

    return RolepermissionMiddleware(view)(request)


@pytest.mark.parametrize(
    "user",
    [
        SimpleNamespace(is_authenticated=True),  # no role attribute at all
        SimpleNamespace(is_authenticated=True, role=None),
        SimpleNamespace(is_authenticated=True, role=""),
        SimpleNamespace(is_authenticated=True, role=["admin"]),
        SimpleNamespace(is_authenticated=True, role="Admin"),
    ],
)
def test_a_user_without_a_usable_role_gets_403_never_500(rf: RequestFactory, user: object):
    response = call_with_user(rf, user)

    assert response.status_code == 403
    assert json.loads(response.content) == {
        "error": "this page is for these roles only: admin, moderator"
    }


@pytest.mark.parametrize(
    "user", [None, SimpleNamespace(), SimpleNamespace(is_authenticated=False)]
)
def test_no_user_or_an_anonymous_one_gets_401(rf: RequestFactory, user: object):
    assert call_with_user(rf, user).status_code == 401


def test_a_user_object_with_an_allowed_role_passes(rf: RequestFactory):
    response = call_with_user(rf, SimpleNamespace(is_authenticated=True, role="moderator"))

    assert response.content == b"the view"
