"""/api/conversations/: the caller's conversations, and starting one."""

from __future__ import annotations

import uuid

import pytest
from chats import services
from chats.models import Conversation, User
from tests.paths import CONVERSATIONS, conversation_url
from tests.support import ClientFor, MakeUser

pytestmark = pytest.mark.task("api.conversations")


def test_create_with_participant_ids_includes_the_caller(
    client_for: ClientFor, alice: User, bob: User
) -> None:
    response = client_for(alice).post(CONVERSATIONS, {"participant_ids": [str(bob.pk)]})
    assert response.status_code == 201
    body = response.json()
    assert {p["user_id"] for p in body["participants"]} == {str(alice.pk), str(bob.pk)}
    assert body["last_message"] is None
    assert all(
        set(p) == {"user_id", "email", "first_name", "last_name"} for p in body["participants"]
    )
    conversation = Conversation.objects.get(pk=body["conversation_id"])
    assert set(conversation.participants.all()) == {alice, bob}


def test_naming_yourself_or_a_duplicate_counts_once(
    client_for: ClientFor, alice: User, bob: User
) -> None:
    ids = [str(bob.pk), str(bob.pk), str(alice.pk)]
    response = client_for(alice).post(CONVERSATIONS, {"participant_ids": ids})
    assert response.status_code == 201
    assert len(response.json()["participants"]) == 2


def test_list_shows_only_mine_with_the_last_message(
    client_for: ClientFor, alice: User, bob: User, mallory: User
) -> None:
    ours = services.conversation_create(creator=alice, participant_ids=[bob.pk])
    services.conversation_create(creator=bob, participant_ids=[mallory.pk])
    services.message_send(conversation=ours, sender=alice, body="first")
    services.message_send(conversation=ours, sender=bob, body="second")
    body = client_for(alice).get(CONVERSATIONS).json()
    assert body["count"] == 1
    [conversation] = body["results"]
    assert conversation["conversation_id"] == str(ours.pk)
    assert conversation["last_message"]["message_body"] == "second"
    assert conversation["last_message"]["sender"]["email"] == bob.email


def test_retrieve_one_of_mine(client_for: ClientFor, alice: User, chat: Conversation) -> None:
    response = client_for(alice).get(conversation_url(chat))
    assert response.status_code == 200
    assert response.json()["conversation_id"] == str(chat.pk)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "required"),
        ({"participant_ids": []}, "may not be empty"),
        ({"participant_ids": ["not-a-uuid"]}, "valid UUID"),
        ({"participant_ids": "abc"}, "list"),
        ({"participant_ids": [str(uuid.uuid4()) for _ in range(51)]}, "no more than 50"),
    ],
)
def test_bad_participant_ids_are_400_and_write_nothing(
    client_for: ClientFor, alice: User, body: dict[str, object], message: str
) -> None:
    response = client_for(alice).post(CONVERSATIONS, body, format="json")
    assert response.status_code == 400
    assert message in str(response.json()["participant_ids"])
    assert not Conversation.objects.exists()


def test_unknown_or_only_self_participants_are_400(
    client_for: ClientFor, alice: User, bob: User
) -> None:
    ghost = uuid.uuid4()
    response = client_for(alice).post(
        CONVERSATIONS, {"participant_ids": [str(bob.pk), str(ghost)]}
    )
    assert response.status_code == 400
    assert str(ghost) in response.json()["participant_ids"][0]
    alone = client_for(alice).post(CONVERSATIONS, {"participant_ids": [str(alice.pk)]})
    assert alone.status_code == 400
    assert "at least one other" in alone.json()["participant_ids"][0]
    assert not Conversation.objects.exists()


@pytest.mark.parametrize("conversations", [2, 12])
def test_the_list_costs_the_same_queries_for_any_number(
    client_for: ClientFor,
    make_user: MakeUser,
    alice: User,
    conversations: int,
    django_assert_num_queries: pytest.FixtureRequest,
) -> None:
    for _ in range(conversations):
        others = [make_user().pk for _ in range(3)]
        conversation = services.conversation_create(creator=alice, participant_ids=others)
        services.message_send(conversation=conversation, sender=alice, body="hi")
    client = client_for(alice)
    # The user (JWT), the count, the page, its participants, their last messages.
    with django_assert_num_queries(5):  # type: ignore[operator]
        response = client.get(CONVERSATIONS)
    assert response.json()["count"] == conversations
