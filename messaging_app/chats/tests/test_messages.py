"""A conversation's messages: post, page through, read, edit and delete one."""

from __future__ import annotations

import pytest
from chats import services
from chats.models import Conversation, Message, User
from django.conf import LazySettings
from django.test import Client
from tests.factories import send_messages
from tests.paths import message_url, messages_url
from tests.support import ClientFor, MakeUser

pytestmark = pytest.mark.task("api.messages")


def test_post_a_message(client_for: ClientFor, alice: User, chat: Conversation) -> None:
    response = client_for(alice).post(messages_url(chat), {"message_body": "  Hi Bob  "})
    assert response.status_code == 201
    body = response.json()
    assert (body["message_body"], body["sender"]["email"]) == ("Hi Bob", alice.email)
    assert body["conversation"] == str(chat.pk)
    assert Message.objects.get(pk=body["message_id"]).sender == alice


def test_sender_and_conversation_in_the_body_are_ignored(
    client_for: ClientFor, alice: User, bob: User, chat: Conversation, mallory: User
) -> None:
    elsewhere = services.conversation_create(creator=mallory, participant_ids=[bob.pk])
    response = client_for(alice).post(
        messages_url(chat),
        {
            "message_body": "mine",
            "sender": str(bob.pk),
            "conversation": str(elsewhere.pk),
            "edited": True,
        },
    )
    assert response.status_code == 201
    message = Message.objects.get()
    assert (message.sender, message.conversation, message.edited) == (alice, chat, False)


def test_the_list_is_newest_first_twenty_a_page(
    client_for: ClientFor, alice: User, bob: User, chat: Conversation
) -> None:
    send_messages(chat, [bob, alice], 25)
    client = client_for(bob)
    first = client.get(messages_url(chat)).json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["results"][0]["message_body"] == "m24"
    assert first["previous"] is None
    assert first["next"].endswith("?page=2")
    second = client.get(first["next"]).json()
    assert [m["message_body"] for m in second["results"]] == ["m4", "m3", "m2", "m1", "m0"]
    assert second["next"] is None
    assert client.get(messages_url(chat), {"page": 3}).status_code == 404


def test_a_reply_names_its_parent_in_the_same_conversation(
    client_for: ClientFor,
    alice: User,
    bob: User,
    chat: Conversation,
    hello: Message,
    mallory: User,
) -> None:
    response = client_for(bob).post(
        messages_url(chat), {"message_body": "Hi!", "parent_message": str(hello.pk)}
    )
    assert response.status_code == 201
    assert Message.objects.get(pk=response.json()["message_id"]).parent_message == hello
    other = services.conversation_create(creator=bob, participant_ids=[mallory.pk])
    foreign = services.message_send(conversation=other, sender=mallory, body="elsewhere")
    refused = client_for(bob).post(
        messages_url(chat), {"message_body": "x", "parent_message": str(foreign.pk)}
    )
    assert refused.status_code == 400
    assert "does not exist" in refused.json()["parent_message"][0]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"message_body": ""},
        {"message_body": "   "},
        {"message_body": "x" * 100_000},
        {"message_body": None},
    ],
)
def test_bad_bodies_are_400_naming_the_field(
    client_for: ClientFor, alice: User, chat: Conversation, body: dict[str, object]
) -> None:
    response = client_for(alice).post(messages_url(chat), body, format="json")
    assert response.status_code == 400
    assert "message_body" in response.json()
    assert not Message.objects.exists()


def test_retrieve_a_message(client_for: ClientFor, bob: User, hello: Message) -> None:
    response = client_for(bob).get(message_url(hello))
    assert response.status_code == 200
    assert response.json()["message_body"] == "Hello Bob"


@pytest.mark.parametrize("method", ["patch", "put"])
def test_the_sender_edits(client_for: ClientFor, alice: User, hello: Message, method: str) -> None:
    response = getattr(client_for(alice), method)(
        message_url(hello), {"message_body": "Hello, Bob!"}
    )
    assert response.status_code == 200
    assert (response.json()["message_body"], response.json()["edited"]) == ("Hello, Bob!", True)
    hello.refresh_from_db()
    assert hello.message_body == "Hello, Bob!"


def test_an_edit_cannot_be_empty(client_for: ClientFor, alice: User, hello: Message) -> None:
    response = client_for(alice).patch(message_url(hello), {"message_body": ""})
    assert response.status_code == 400
    assert "message_body" in response.json()
    hello.refresh_from_db()
    assert hello.message_body == "Hello Bob"


def test_only_the_sender_changes_or_deletes(
    client_for: ClientFor, bob: User, hello: Message
) -> None:
    client = client_for(bob)
    assert client.patch(message_url(hello), {"message_body": "hijacked"}).status_code == 403
    assert client.delete(message_url(hello)).status_code == 403
    hello.refresh_from_db()
    assert hello.message_body == "Hello Bob"


def test_the_sender_deletes(client_for: ClientFor, alice: User, hello: Message) -> None:
    assert client_for(alice).delete(message_url(hello)).status_code == 204
    assert not Message.objects.filter(pk=hello.pk).exists()


@pytest.mark.parametrize("method", ["post", "patch", "put"])
def test_a_body_is_at_most_message_max_length_characters(
    client_for: ClientFor,
    alice: User,
    chat: Conversation,
    hello: Message,
    settings: LazySettings,
    method: str,
) -> None:
    """Sending and editing alike: the longest body passes, one character more is a 400
    naming the field, and nothing changes."""
    url = messages_url(chat) if method == "post" else message_url(hello)
    send = getattr(client_for(alice), method)
    longest = "é" * settings.MESSAGE_MAX_LENGTH  # characters, not bytes
    refused = send(url, {"message_body": longest + "é"})
    assert refused.status_code == 400
    assert "no more than 4000 characters" in refused.json()["message_body"][0]
    assert list(Message.objects.values_list("message_body", flat=True)) == ["Hello Bob"]
    assert send(url, {"message_body": longest}).status_code in {200, 201}


def test_the_admin_keeps_the_same_limit(
    client: Client, make_user: MakeUser, hello: Message, settings: LazySettings
) -> None:
    """The model bounds the body too, so the admin's form refuses what the API does."""
    admin = make_user(first_name="Admin")
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = f"/admin/chats/message/{hello.pk}/change/"
    form = {"conversation": hello.conversation_id, "sender": hello.sender_id}
    too_long = "x" * (settings.MESSAGE_MAX_LENGTH + 1)

    refused = client.post(url, {**form, "message_body": too_long})

    assert refused.status_code == 200  # the form again, with its error
    assert "at most 4000 characters" in refused.content.decode()
    hello.refresh_from_db()
    assert hello.message_body == "Hello Bob"
    assert client.post(url, {**form, "message_body": too_long[1:]}).status_code == 302
