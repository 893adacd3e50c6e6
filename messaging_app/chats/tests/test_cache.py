"""The conversation's message pages are cached per user and page, and no write leaves a
stale page behind."""

from __future__ import annotations

from typing import Any

import pytest
from chats import services
from chats.models import Conversation, Message, User
from django.conf import LazySettings, settings
from rest_framework.test import APIClient
from tests.factories import send_messages
from tests.paths import message_url, messages_url
from tests.support import ClientFor

pytestmark = pytest.mark.task("cache.message_list")


def bodies(client: APIClient, chat: Conversation, **params: str) -> list[str]:
    return [m["message_body"] for m in client.get(messages_url(chat), params).json()["results"]]


def test_a_second_read_makes_no_message_query(
    client_for: ClientFor,
    alice: User,
    chat: Conversation,
    hello: Message,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(alice)
    first = client.get(messages_url(chat)).json()
    # Only the JWT's user: the page comes from the cache, and so does the right to see it.
    with django_assert_num_queries(1):
        assert client.get(messages_url(chat)).json() == first


def test_pages_are_cached_per_user_and_page(
    client_for: ClientFor,
    alice: User,
    bob: User,
    chat: Conversation,
    django_assert_num_queries: Any,
) -> None:
    send_messages(chat, [alice], 25)
    alices, bobs = client_for(alice), client_for(bob)
    alices.get(messages_url(chat))
    services.message_mark_read(message=Message.objects.get(message_body="m24"), user=bob)
    # Bob's page is his own (his read marks), not Alice's cached one; page 2 is its own key.
    with django_assert_num_queries(4):
        bob_page = bobs.get(messages_url(chat)).json()
    assert bob_page["results"][0]["is_read"] is True
    assert bodies(alices, chat, page="2") == ["m4", "m3", "m2", "m1", "m0"]


def test_the_timeout_is_the_setting(
    settings: LazySettings,
    client_for: ClientFor,
    alice: User,
    chat: Conversation,
    hello: Message,
    django_assert_num_queries: Any,
) -> None:
    assert settings.MESSAGE_LIST_CACHE_SECONDS == 60
    settings.MESSAGE_LIST_CACHE_SECONDS = 0  # Django: expire at once, i.e. never cached
    client = client_for(alice)
    client.get(messages_url(chat))
    with django_assert_num_queries(4):
        client.get(messages_url(chat))


def test_a_new_message_shows_at_once(
    client_for: ClientFor, alice: User, bob: User, chat: Conversation, hello: Message
) -> None:
    bobs = client_for(bob)
    assert bodies(bobs, chat) == ["Hello Bob"]
    client_for(alice).post(messages_url(chat), {"message_body": "Are you there?"})
    assert bodies(bobs, chat) == ["Are you there?", "Hello Bob"]


def test_an_edit_shows_at_once(
    client_for: ClientFor, alice: User, bob: User, chat: Conversation, hello: Message
) -> None:
    bobs = client_for(bob)
    bodies(bobs, chat)
    client_for(alice).patch(message_url(hello), {"message_body": "Hello, Bob!"})
    assert bodies(bobs, chat) == ["Hello, Bob!"]


def test_a_delete_shows_at_once(
    client_for: ClientFor, alice: User, bob: User, chat: Conversation, hello: Message
) -> None:
    bobs = client_for(bob)
    bodies(bobs, chat)
    client_for(alice).delete(message_url(hello))
    assert bodies(bobs, chat) == []


def test_a_write_outside_the_api_drops_the_pages_too(
    client_for: ClientFor, alice: User, bob: User, chat: Conversation, hello: Message
) -> None:
    """An ORM save (the admin, a shell) goes through the same signals."""
    bobs = client_for(bob)
    bodies(bobs, chat)
    Message.objects.create(conversation=chat, sender=alice, message_body="from the admin")
    assert "from the admin" in bodies(bobs, chat)


def test_other_conversations_stay_cached(
    client_for: ClientFor,
    alice: User,
    bob: User,
    mallory: User,
    chat: Conversation,
    hello: Message,
    django_assert_num_queries: Any,
) -> None:
    other = services.conversation_create(creator=bob, participant_ids=[mallory.pk])
    bobs = client_for(bob)
    bodies(bobs, chat)
    services.message_send(conversation=other, sender=mallory, body="elsewhere")
    with django_assert_num_queries(1):
        bodies(bobs, chat)


@pytest.mark.parametrize("side", ["conversation", "user"])
def test_a_removed_participant_loses_the_cached_page(
    client_for: ClientFor, bob: User, chat: Conversation, hello: Message, side: str
) -> None:
    bobs = client_for(bob)
    assert bobs.get(messages_url(chat)).status_code == 200  # cached for Bob now
    if side == "conversation":
        chat.participants.remove(bob)
    else:
        bob.conversations.clear()
    assert bobs.get(messages_url(chat)).status_code == 404


def test_the_url_spelling_does_not_matter(
    client_for: ClientFor, alice: User, bob: User, chat: Conversation, hello: Message
) -> None:
    """Upper case and hyphen-free UUIDs name the same page, so a write drops it too."""
    bobs = client_for(bob)
    upper = f"/api/conversations/{str(chat.pk).upper()}/messages/"
    assert bobs.get(upper).json()["count"] == 1
    services.message_send(conversation=chat, sender=alice, body="again")
    assert bobs.get(upper).json()["count"] == 2
    assert bobs.get(f"/api/conversations/{chat.pk.hex}/messages/").json()["count"] == 2


@pytest.mark.services("redis")
def test_fresh_after_writes_on_real_redis(
    client_for: ClientFor, alice: User, bob: User, chat: Conversation, hello: Message
) -> None:
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    bobs = client_for(bob)
    bodies(bobs, chat)
    services.message_edit(message=hello, body="edited on Redis")
    services.message_send(conversation=chat, sender=alice, body="new on Redis")
    assert bodies(bobs, chat) == ["new on Redis", "edited on Redis"]
