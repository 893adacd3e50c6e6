"""The program's RolepermissionMiddleware: it checks the user's role before allowing
access to specific actions; a user who is not an admin or a moderator gets 403.

Which actions are guarded is the implementer's choice (the moderation pages, the admin
site, every path...), so a guest must be refused at least one of the moderation
actions this project offers, and an admin or a moderator none of them. An admin here
has the role "admin" and Django's staff and superuser flags; a moderator has the role
"moderator" and is in the "moderator" group: whichever of these an implementation
reads, it finds them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from chats.models import Message, User
from django.conf import LazySettings
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.test import Client
from tests.contract import EVENING, alone, clock_at

pytestmark = pytest.mark.task("middleware.role_permission")

Attempt = Callable[[Client, Message], HttpResponse]


@pytest.fixture(autouse=True)
def only_this_middleware(settings: LazySettings) -> None:
    alone(settings, "RolepermissionMiddleware")


def person(role: str) -> User:
    name = f"{role}-{uuid.uuid4().hex[:8]}"
    user = User.objects.create_user(
        name,
        f"{name}@example.com",
        "pw-123456",
        role=role,
        is_staff=role == "admin",
        is_superuser=role == "admin",
    )
    if role == "moderator":
        user.groups.add(Group.objects.get_or_create(name="moderator")[0])
    return user


def delete_a_message(client: Client, message: Message) -> HttpResponse:
    return client.delete(f"/api/messages/{message.pk}/")


def list_every_message(client: Client, message: Message) -> HttpResponse:
    return client.get("/api/moderation/messages/")


def open_the_admin(client: Client, message: Message) -> HttpResponse:
    return client.get("/admin/")


ATTEMPTS: list[Attempt] = [delete_a_message, list_every_message, open_the_admin]


def attempts_by(role: str, client: Client) -> dict[str, int]:
    client.force_login(person(role))
    message = Message.objects.create(sender=person("host"), body="to moderate")
    with clock_at(EVENING):
        return {attempt.__name__: attempt(client, message).status_code for attempt in ATTEMPTS}


@pytest.mark.parametrize("role", ["guest", "host"])
def test_a_user_who_is_neither_admin_nor_moderator_gets_403(
    client: Client, db: None, role: str
) -> None:
    codes = attempts_by(role, client)

    assert 403 in codes.values(), f"a {role} was refused nothing with 403: {codes}"
    if codes["delete_a_message"] != 204:
        assert Message.objects.filter(body="to moderate").exists()


@pytest.mark.parametrize("role", ["admin", "moderator"])
def test_admins_and_moderators_are_let_through(client: Client, db: None, role: str) -> None:
    codes = attempts_by(role, client)

    refused = {name: code for name, code in codes.items() if code in (401, 403)}
    assert not refused, f"a {role} was refused: {refused}"
    assert codes["delete_a_message"] == 204
    assert not Message.objects.filter(body="to moderate").exists()
