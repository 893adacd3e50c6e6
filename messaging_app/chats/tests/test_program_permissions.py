"""The program's IsParticipantOfConversation (chats/permissions.py): only authenticated
users use the API, and only a conversation's participants send, view, update and
delete its messages.

Graded on the class itself (has_permission / has_object_permission, as DRF calls them)
and through this project's endpoints that use it. The program does not say whether a
participant may change another participant's message, nor whether a stranger learns
that a conversation exists (403) or not (404): both readings pass. This project's own
stricter rules are graded by tests/test_permissions.py (extras.permissions).
"""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from chats.models import Conversation, Message, User
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIRequestFactory
from tests.paths import conversation_url, message_url
from tests.support import ClientFor

pytestmark = pytest.mark.task("permissions.participants")

METHODS = ("get", "post", "put", "patch", "delete")


def permission() -> Any:
    """A new IsParticipantOfConversation, from whatever chats/permissions.py holds."""
    module = importlib.import_module("chats.permissions")
    found = getattr(module, "IsParticipantOfConversation", None)
    assert found is not None, "chats/permissions.py defines no IsParticipantOfConversation"
    return found()


def request(method: str, user: Any) -> Any:
    made = getattr(APIRequestFactory(), method)("/")
    made.user = user
    return made


def view(obj: Conversation | Message) -> Any:
    """What a DRF view offers a permission: its URL's keyword arguments and its action."""
    conversation = obj if isinstance(obj, Conversation) else obj.conversation
    return SimpleNamespace(
        kwargs={
            "pk": str(obj.pk),
            "conversation_pk": str(conversation.pk),
            "conversation_id": str(conversation.pk),
        },
        action="retrieve",
    )


def allowed(method: str, user: Any, obj: Conversation | Message) -> bool:
    check, asked = permission(), request(method, user)
    return bool(
        check.has_permission(asked, view(obj))
        and check.has_object_permission(asked, view(obj), obj)
    )


def test_anonymous_users_are_refused(chat: Conversation, hello: Message) -> None:
    for obj in (chat, hello):
        assert not permission().has_permission(request("get", AnonymousUser()), view(obj)), (
            "an anonymous request was allowed"
        )


@pytest.mark.parametrize("method", METHODS)
def test_a_stranger_can_do_nothing_in_a_conversation(
    mallory: User, chat: Conversation, hello: Message, method: str
) -> None:
    assert not allowed(method, mallory, chat), f"a stranger may {method.upper()} the conversation"
    assert not allowed(method, mallory, hello), f"a stranger may {method.upper()} a message"


def test_participants_view_the_conversation_and_its_messages(
    alice: User, bob: User, chat: Conversation, hello: Message
) -> None:
    for user in (alice, bob):
        assert allowed("get", user, chat), f"{user.first_name} may not view the conversation"
        assert allowed("get", user, hello), f"{user.first_name} may not view a message"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_sender_updates_and_deletes_a_message(
    alice: User, hello: Message, method: str
) -> None:
    assert allowed(method, alice, hello), f"the sender may not {method.upper()} her message"


def test_through_the_api_participants_are_served_and_strangers_refused(
    client_for: ClientFor,
    alice: User,
    bob: User,
    mallory: User,
    chat: Conversation,
    hello: Message,
) -> None:
    assert client_for(bob).get(conversation_url(chat)).status_code == 200
    assert client_for(bob).get(message_url(hello)).status_code == 200
    edited = client_for(alice).patch(message_url(hello), {"message_body": "Hi Bob"}, format="json")
    assert edited.status_code == 200
    assert client_for(mallory).get(message_url(hello)).status_code in (403, 404)
    assert client_for(None).get(message_url(hello)).status_code in (401, 403)
    hello.refresh_from_db()
    assert hello.message_body == "Hi Bob"
