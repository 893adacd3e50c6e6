"""RolepermissionMiddleware: the actions of ROLE_PROTECTED_ACTIONS are for ROLE_ALLOWED
only; 401 for nobody signed in, 403 for a role not allowed (or none at all), every other
action untouched, each checked for each role."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from chats.middleware import RolepermissionMiddleware
from chats.models import Message
from django.conf import LazySettings
from django.core.exceptions import ImproperlyConfigured
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


def delete_a_message(client: Client, message: Message) -> HttpResponse:
    return client.delete(f"/api/messages/{message.pk}/")


def list_every_message(client: Client, message: Message) -> HttpResponse:
    return client.get(MODERATION)


def read_the_board(client: Client, message: Message) -> HttpResponse:
    return client.get("/api/messages/")


def post_a_message(client: Client, message: Message) -> HttpResponse:
    return client.post("/api/messages/", {"body": "hello"}, content_type="application/json")


# Each action, and what each caller gets: the guarded ones are for moderators and admins
# only; reading and posting are everyone's (posting needs a sign-in, which the view asks).
MATRIX = {
    delete_a_message: {
        "anonymous": 401,
        "guest": 403,
        "host": 403,
        "moderator": 204,
        "admin": 204,
    },
    list_every_message: {
        "anonymous": 401,
        "guest": 403,
        "host": 403,
        "moderator": 200,
        "admin": 200,
    },
    read_the_board: {"anonymous": 200, "guest": 200, "host": 200, "moderator": 200, "admin": 200},
    post_a_message: {"anonymous": 401, "guest": 201, "host": 201, "moderator": 201, "admin": 201},
}


@pytest.mark.parametrize("action", list(MATRIX), ids=lambda action: action.__name__)
@pytest.mark.parametrize("role", ["anonymous", "guest", "host", "moderator", "admin"])
def test_each_action_for_each_role(
    client: Client, make_user: Callable[..., Any], action: Any, role: str
):
    message = Message.objects.create(sender=make_user("host"), body="to moderate")
    if role != "anonymous":
        client.force_login(make_user(role))

    response = action(client, message)

    assert response.status_code == MATRIX[action][role]
    # A refused delete keeps the message; an allowed one removes it.
    assert Message.objects.filter(pk=message.pk).exists() == (
        action is not delete_a_message or response.status_code != 204
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/moderation/messages/1/"),
        ("post", "/api/moderation/anything/"),
        ("delete", "/api/messages/10/"),
        ("delete", "/api/messages/no-such/"),
    ],
)
def test_every_guarded_action_is_refused_before_any_404(client: Client, method: str, path: str):
    assert getattr(client, method)(path).status_code == 401


def test_other_actions_are_untouched(client: Client, db: None):
    assert client.get("/api/messages/").status_code == 200
    assert client.get("/api/messages/10/").status_code == 405  # only DELETE is guarded there
    assert client.get("/no/such/page/").status_code == 404


def test_the_protected_actions_come_from_settings(signed_in: SignedIn, settings: LazySettings):
    settings.ROLE_PROTECTED_ACTIONS = ["GET /api/messages/"]
    client = signed_in("guest")

    assert client.get("/api/messages/").status_code == 403
    assert client.get(MODERATION).status_code == 200
    assert post_a_message(client, None).status_code == 201  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "entries", [["DELETE"], ["delete /api/messages/"], ["GET api/"], ["GET  /a/ b"], [None]]
)
def test_a_malformed_action_stops_the_start(settings: LazySettings, entries: list[object]):
    settings.ROLE_PROTECTED_ACTIONS = entries

    with pytest.raises(ImproperlyConfigured, match="ROLE_PROTECTED_ACTIONS"):
        RolepermissionMiddleware(lambda request: HttpResponse())


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
