"""The ORM lessons: a reply tree in fixed queries, the unread manager with .only(), and
query budgets that do not grow with rows."""

from __future__ import annotations

from typing import Any

import pytest
from chats import services
from chats.managers import UNREAD_FIELDS
from chats.models import Conversation, Message, User
from tests.factories import send_messages
from tests.paths import NOTIFICATIONS, UNREAD, message_url, messages_url
from tests.support import ClientFor, MakeUser


def build_thread(
    chat: Conversation, users: list[User], root: Message, depth: int, width: int
) -> int:
    """Under `root`, `width` replies per message, `depth` levels; returns how many."""
    made, level = 0, [root]
    for _ in range(depth):
        below = []
        for parent in level:
            for number in range(width):
                below.append(
                    services.message_send(
                        conversation=chat,
                        sender=users[number % 2],
                        body=f"re {parent.message_body}",
                        parent=parent,
                    )
                )
        made += len(below)
        level = below
    return made


def count_nodes(node: dict[str, Any]) -> int:
    return 1 + sum(count_nodes(reply) for reply in node["replies"])


@pytest.mark.task("orm.threads")
class TestThreads:
    def test_the_whole_tree_nested(
        self, client_for: ClientFor, alice: User, bob: User, chat: Conversation, hello: Message
    ) -> None:
        made = build_thread(chat, [alice, bob], hello, depth=4, width=2)
        services.message_send(conversation=chat, sender=bob, body="not in the thread")
        tree = client_for(bob).get(message_url(hello, "thread")).json()
        assert tree["message"]["message_id"] == str(hello.pk)
        assert count_nodes(tree) == made + 1 == 31
        deepest = tree
        for _ in range(4):
            deepest = deepest["replies"][0]
        assert deepest["replies"] == []
        assert deepest["message"]["message_body"].startswith("re re re re")

    def test_a_reply_shows_its_own_subtree(
        self, client_for: ClientFor, alice: User, bob: User, chat: Conversation, hello: Message
    ) -> None:
        build_thread(chat, [alice, bob], hello, depth=3, width=2)
        child = Message.objects.filter(parent_message=hello).first()
        assert child is not None
        tree = client_for(alice).get(message_url(child, "thread")).json()
        assert count_nodes(tree) == 7

    @pytest.mark.parametrize(("depth", "width"), [(1, 2), (5, 2)])
    def test_fixed_queries_however_deep(
        self,
        client_for: ClientFor,
        alice: User,
        bob: User,
        chat: Conversation,
        hello: Message,
        depth: int,
        width: int,
        django_assert_num_queries: Any,
    ) -> None:
        build_thread(chat, [alice, bob], hello, depth=depth, width=width)
        client = client_for(alice)
        # The user (JWT), the message, the participant check, the CTE, the replies.
        with django_assert_num_queries(5):
            response = client.get(message_url(hello, "thread"))
        assert count_nodes(response.json()) == 1 + sum(
            width**level for level in range(1, depth + 1)
        )


@pytest.mark.task("orm.unread")
class TestUnread:
    def test_unread_for_user(self, alice: User, bob: User, chat: Conversation) -> None:
        first, second, mine = (
            services.message_send(conversation=chat, sender=alice, body="one"),
            services.message_send(conversation=chat, sender=alice, body="two"),
            services.message_send(conversation=chat, sender=bob, body="my own"),
        )
        assert set(Message.unread.unread_for_user(bob)) == {first, second}
        services.message_mark_read(message=first, user=bob)
        assert list(Message.unread.unread_for_user(bob)) == [second]
        assert list(Message.unread.unread_for_user(alice)) == [mine]

    def test_only_the_listed_fields_are_loaded(
        self, alice: User, bob: User, hello: Message
    ) -> None:
        [row] = Message.unread.unread_for_user(bob)
        loaded = {f.attname for f in Message._meta.concrete_fields} - row.get_deferred_fields()
        assert loaded == set(UNREAD_FIELDS)

    def test_strangers_messages_are_not_mine_to_read(self, mallory: User, hello: Message) -> None:
        assert not Message.unread.unread_for_user(mallory).exists()

    def test_the_unread_endpoint(
        self, client_for: ClientFor, alice: User, bob: User, chat: Conversation
    ) -> None:
        send_messages(chat, [alice], 3)
        client = client_for(bob)
        body = client.get(UNREAD).json()
        assert [m["message_body"] for m in body["results"]] == ["m2", "m1", "m0"]
        assert set(body["results"][0]) == {
            "message_id",
            "conversation",
            "sender",
            "message_body",
            "sent_at",
        }
        newest = Message.objects.get(message_body="m2")
        client.post(message_url(newest, "read"))
        assert client.get(UNREAD).json()["count"] == 2


@pytest.mark.task("orm.query_budgets")
class TestQueryBudgets:
    """Each list costs the same number of queries for 3 rows as for 30 (no N+1)."""

    @pytest.fixture(params=[3, 30], ids=["3 rows", "30 rows"])
    def busy(
        self, request: pytest.FixtureRequest, make_user: MakeUser, alice: User, chat: Conversation
    ) -> int:
        senders = [make_user() for _ in range(3)]
        for sender in senders:
            chat.participants.add(sender)
        send_messages(chat, senders, request.param)
        return int(request.param)

    @pytest.mark.parametrize(
        ("url", "budget"),
        [
            # user, membership, count, page (sender and read state joined in)
            pytest.param("messages", 4, id="messages"),
            # user, count, page (message and sender joined in)
            pytest.param(NOTIFICATIONS, 3, id="notifications"),
            # user, count, page
            pytest.param(UNREAD, 3, id="unread"),
        ],
    )
    def test_lists(
        self,
        client_for: ClientFor,
        alice: User,
        chat: Conversation,
        busy: int,
        url: str,
        budget: int,
        django_assert_num_queries: Any,
    ) -> None:
        client = client_for(alice)
        path = messages_url(chat) if url == "messages" else url
        with django_assert_num_queries(budget):
            response = client.get(path)
        assert response.json()["count"] == busy
        assert response.json()["results"][0]["message_body" if url != NOTIFICATIONS else "excerpt"]
