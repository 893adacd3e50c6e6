"""The receivers in chats/signals.py: notifications, edit history, account deletion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chats import services
from chats.models import Conversation, Message, MessageHistory, Notification, User
from django.core import serializers
from django.core.management import call_command
from tests.factories import START
from tests.paths import ME, NOTIFICATIONS, message_url, messages_url
from tests.support import ClientFor, MakeUser


@pytest.mark.task("signals.notifications")
class TestNotifications:
    def test_a_new_message_notifies_every_other_participant_once(
        self, client_for: ClientFor, alice: User, bob: User, make_user: MakeUser
    ) -> None:
        carol = make_user(first_name="Carol")
        group = services.conversation_create(creator=alice, participant_ids=[bob.pk, carol.pk])
        response = client_for(alice).post(messages_url(group), {"message_body": "Lunch?"})
        message = Message.objects.get(pk=response.json()["message_id"])
        recipients = Notification.objects.filter(message=message).values_list(
            "recipient", flat=True
        )
        assert sorted(recipients, key=str) == sorted([bob.pk, carol.pk], key=str)

    def test_an_edit_notifies_nobody(self, alice: User, hello: Message) -> None:
        services.message_edit(message=hello, body="Hello again")
        assert Notification.objects.count() == 1  # the one for the new message

    def test_a_fixture_load_creates_no_notification(
        self, alice: User, bob: User, chat: Conversation, tmp_path: Path
    ) -> None:
        message = Message(
            conversation=chat, sender=alice, message_body="from a fixture", sent_at=START
        )
        fixture = tmp_path / "messages.json"
        fixture.write_text(serializers.serialize("json", [message]))
        call_command("loaddata", str(fixture), verbosity=0)
        assert Message.objects.filter(message_body="from a fixture").exists()
        assert not Notification.objects.exists()

    def test_list_filter_and_mark_read(
        self, client_for: ClientFor, bob: User, chat: Conversation, alice: User
    ) -> None:
        first = services.message_send(conversation=chat, sender=alice, body="one")
        services.message_send(conversation=chat, sender=alice, body="two")
        client = client_for(bob)
        listed = client.get(NOTIFICATIONS).json()
        assert listed["count"] == 2
        assert {n["excerpt"] for n in listed["results"]} == {"one", "two"}
        target = next(n for n in listed["results"] if n["message"] == str(first.pk))
        marked = client.post(f"{NOTIFICATIONS}{target['id']}/read/")
        assert (marked.status_code, marked.json()["read"]) == (200, True)
        unread = client.get(NOTIFICATIONS, {"read": "false"}).json()
        assert [n["excerpt"] for n in unread["results"]] == ["two"]
        assert client.post(f"{NOTIFICATIONS}read-all/").json() == {"updated": 1}
        assert client.get(NOTIFICATIONS, {"read": "false"}).json()["count"] == 0

    def test_reading_a_message_reads_its_notification(
        self, client_for: ClientFor, bob: User, hello: Message
    ) -> None:
        assert client_for(bob).post(message_url(hello, "read")).status_code == 204
        assert Notification.objects.get(recipient=bob).read is True

    def test_a_bad_read_filter_is_400(self, client_for: ClientFor, bob: User) -> None:
        response = client_for(bob).get(NOTIFICATIONS, {"read": "maybe"})
        assert response.status_code == 400
        assert "read" in response.json()


@pytest.mark.task("signals.history")
class TestEditHistory:
    def test_an_edit_keeps_the_old_content(
        self, client_for: ClientFor, alice: User, hello: Message
    ) -> None:
        client_for(alice).patch(message_url(hello), {"message_body": "Hello, Bob"})
        [entry] = MessageHistory.objects.filter(message=hello)
        assert (entry.old_content, entry.edited_by) == ("Hello Bob", alice)
        hello.refresh_from_db()
        assert hello.edited is True

    def test_an_unchanged_body_records_nothing(self, alice: User, hello: Message) -> None:
        services.message_edit(message=hello, body="Hello Bob")
        hello.save()
        assert not MessageHistory.objects.exists()
        hello.refresh_from_db()
        assert hello.edited is False

    def test_every_edit_is_kept_newest_first(
        self, client_for: ClientFor, alice: User, bob: User, hello: Message
    ) -> None:
        for body in ("v2", "v3"):
            services.message_edit(message=hello, body=body)
        history = client_for(bob).get(message_url(hello, "history")).json()
        assert [h["old_content"] for h in history] == ["v2", "Hello Bob"]


@pytest.mark.task("signals.account_deletion")
class TestAccountDeletion:
    def test_deleting_an_account_removes_what_it_owns(
        self, client_for: ClientFor, alice: User, bob: User, chat: Conversation, hello: Message
    ) -> None:
        reply = services.message_send(conversation=chat, sender=bob, body="Hi Alice", parent=hello)
        services.message_edit(message=hello, body="Hello Bob!")
        services.message_send(conversation=chat, sender=bob, body="Still there?")
        assert client_for(alice).delete(ME).status_code == 204
        assert not User.objects.filter(pk=alice.pk).exists()
        assert not Message.objects.filter(sender_id=alice.pk).exists()
        assert not Notification.objects.filter(recipient_id=alice.pk).exists()
        assert not MessageHistory.objects.exists()
        # Bob keeps the conversation and his messages; his reply now starts its own thread.
        assert list(chat.participants.all()) == [bob]
        reply.refresh_from_db()
        assert reply.parent_message is None
        assert not Notification.objects.filter(message_id=hello.pk).exists()
        assert Message.objects.filter(conversation=chat).count() == 2

    def test_a_conversation_nobody_is_left_in_goes(
        self, client_for: ClientFor, alice: User, bob: User, chat: Conversation, hello: Message
    ) -> None:
        client_for(alice).delete(ME)
        assert Conversation.objects.filter(pk=chat.pk).exists()
        client_for(bob).delete(ME)
        assert not Conversation.objects.filter(pk=chat.pk).exists()

    def test_the_others_see_fresh_pages_at_once(
        self, client_for: ClientFor, alice: User, bob: User, chat: Conversation, hello: Message
    ) -> None:
        bobs = client_for(bob)
        assert bobs.get(messages_url(chat)).json()["count"] == 1  # cached now
        client_for(alice).delete(ME)
        assert bobs.get(messages_url(chat)).json()["count"] == 0

    def test_a_deleted_user_token_stops_working(self, client_for: ClientFor, alice: User) -> None:
        client = client_for(alice)
        client.delete(ME)
        assert client.get(ME).status_code == 401
        assert client_for(None).delete(ME).status_code == 401

    def test_me_shows_the_account(self, client_for: ClientFor, alice: User) -> None:
        body = client_for(alice).get(ME).json()
        assert (body["email"], body["user_id"]) == (alice.email, str(alice.pk))
        assert json.dumps(body).find("password") == -1
