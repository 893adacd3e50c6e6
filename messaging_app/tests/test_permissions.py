"""IsParticipantOfConversation on every endpoint: anonymous 401, a stranger 404 (no
existence leak) and nothing changed, a participant served."""

from __future__ import annotations

from typing import Any

import pytest
from chats import services
from chats.models import Conversation, Message, MessageHistory, MessageRead, Notification, User
from chats.permissions import IsParticipantOfConversation
from rest_framework.test import APIRequestFactory
from tests.paths import NOTIFICATIONS, conversation_url, message_url, messages_url
from tests.support import ClientFor

pytestmark = pytest.mark.task("extras.permissions")

# Every endpoint that reaches into a conversation: method, URL maker, body.
ENDPOINTS = [
    pytest.param("get", lambda c, m: conversation_url(c), {}, id="conversation"),
    pytest.param("get", lambda c, m: messages_url(c), {}, id="list messages"),
    pytest.param("post", lambda c, m: messages_url(c), {"message_body": "intrusion"}, id="post"),
    pytest.param("get", lambda c, m: message_url(m), {}, id="message"),
    pytest.param("patch", lambda c, m: message_url(m), {"message_body": "intrusion"}, id="patch"),
    pytest.param("put", lambda c, m: message_url(m), {"message_body": "intrusion"}, id="put"),
    pytest.param("delete", lambda c, m: message_url(m), {}, id="delete"),
    pytest.param("get", lambda c, m: message_url(m, "thread"), {}, id="thread"),
    pytest.param("get", lambda c, m: message_url(m, "history"), {}, id="history"),
    pytest.param("post", lambda c, m: message_url(m, "read"), {}, id="mark read"),
]


def snapshot() -> tuple[int, ...]:
    """Row counts and the message bodies: anything a refused request might have changed."""
    counts = (Message.objects.count(), MessageRead.objects.count(), MessageHistory.objects.count())
    return (*counts, hash(tuple(Message.objects.values_list("message_body", flat=True))))


@pytest.mark.parametrize(
    ("caller", "status"), [("anonymous", 401), ("stranger", 404)], ids=["anonymous", "stranger"]
)
@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_outsiders_are_refused_and_change_nothing(
    client_for: ClientFor,
    mallory: User,
    chat: Conversation,
    hello: Message,
    caller: str,
    status: int,
    method: str,
    url: Any,
    body: dict[str, Any],
) -> None:
    """Anonymous: 401. Signed in but not a participant: 404, as if nothing were there."""
    client = client_for(mallory if caller == "stranger" else None)
    before = snapshot()
    response = getattr(client, method)(url(chat, hello), body, format="json")
    assert response.status_code == status
    assert snapshot() == before


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_the_sender_is_served(
    client_for: ClientFor,
    alice: User,
    chat: Conversation,
    hello: Message,
    method: str,
    url: Any,
    body: dict[str, Any],
) -> None:
    response = getattr(client_for(alice), method)(url(chat, hello), body, format="json")
    assert response.status_code in {200, 201, 204}


def test_someone_elses_notification_is_404(
    client_for: ClientFor, mallory: User, bob: User, hello: Message
) -> None:
    notification = Notification.objects.get(recipient=bob)
    response = client_for(mallory).post(f"{NOTIFICATIONS}{notification.pk}/read/")
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read is False
    assert client_for(mallory).get(NOTIFICATIONS).json()["count"] == 0


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/conversations/not-a-uuid/messages/"),
        ("get", "/api/conversations/%00/"),
        ("get", "/api/messages/12345/"),
        ("post", "/api/messages/%00/read/"),
        ("post", f"{NOTIFICATIONS}99999999999999999999999/read/"),  # past any integer column
        ("post", f"{NOTIFICATIONS}-1/read/"),
    ],
)
def test_a_malformed_or_out_of_range_id_is_404(
    client_for: ClientFor, alice: User, method: str, url: str
) -> None:
    response = getattr(client_for(alice), method)(url)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_the_permission_itself_refuses_strangers_and_non_senders(
    alice: User, bob: User, mallory: User, chat: Conversation, hello: Message
) -> None:
    """Even a view that forgot to filter its queryset would be refused."""
    permission = IsParticipantOfConversation()

    def allowed(user: User, method: str, obj: Conversation | Message) -> bool:
        request = getattr(APIRequestFactory(), method)("/")
        request.user = user
        return permission.has_permission(request, None) and permission.has_object_permission(  # type: ignore[arg-type]
            request,
            None,
            obj,  # type: ignore[arg-type]
        )

    assert allowed(alice, "get", chat)
    assert allowed(bob, "get", hello)
    assert not allowed(mallory, "get", chat)
    assert not allowed(mallory, "get", hello)
    assert allowed(alice, "patch", hello)
    assert not allowed(bob, "patch", hello)
    assert not allowed(bob, "delete", hello)
    services.conversation_create(creator=mallory, participant_ids=[bob.pk])
    assert not allowed(mallory, "delete", hello)
