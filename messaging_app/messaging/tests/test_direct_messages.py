"""This project's views of the messaging app (/api/direct/): a thread of replies in a
number of queries that grows with its depth, never its width, and a conversation cached
for 60 seconds. (The program names no URL or view for these, so another implementation
cannot be graded on them: their tasks have no curriculum.)"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
import time_machine
from chats.models import User
from django.conf import LazySettings
from django.test import Client
from messaging.models import Message
from tests.support import MakeUser


@pytest.fixture
def local_cache(settings: LazySettings) -> None:
    """Local memory: its entries expire by time.time(), the clock the tests move."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"direct-{uuid.uuid4().hex}",
        }
    }


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def thread(root: Message, width: int, depth: int) -> None:
    """`width` replies to each message, `depth` levels below the root."""
    level = [root]
    for _ in range(depth):
        level = [
            Message.objects.create(
                sender=parent.receiver, receiver=parent.sender, content="re", parent_message=parent
            )
            for parent in level
            for _ in range(width)
        ]


def count_nodes(node: dict[str, Any]) -> int:
    return 1 + sum(count_nodes(reply) for reply in node["replies"])


@pytest.mark.task("signals_orm.threads")
@pytest.mark.parametrize("width", [1, 4])
def test_a_thread_costs_the_same_queries_however_wide(
    make_user: MakeUser, django_assert_num_queries: Any, width: int
) -> None:
    ann, ben = make_user(), make_user()
    root = Message.objects.create(sender=ann, receiver=ben, content="root")
    thread(root, width, depth=3)
    client = signed_in(ann)

    # session and user, the root, then two a level (its replies, and theirs prefetched,
    # which tell whether a next level exists): 2 + 1 + 2 * 3, for 4 messages or for 85.
    with django_assert_num_queries(9):
        response = client.get(f"/api/direct/messages/{root.pk}/thread/")

    assert response.status_code == 200
    assert count_nodes(response.json()) == 1 + width + width**2 + width**3


@pytest.mark.task("signals_orm.threads")
def test_someone_elses_thread_is_404(make_user: MakeUser) -> None:
    ann, ben, cid = make_user(), make_user(), make_user()
    root = Message.objects.create(sender=ann, receiver=ben, content="private")

    hidden = signed_in(cid).get(f"/api/direct/messages/{root.pk}/thread/")
    assert (hidden.status_code, hidden.json()) == (404, {"detail": "Not found."})
    assert Client().get(f"/api/direct/messages/{root.pk}/thread/").status_code == 401


@pytest.mark.task("signals_orm.cache")
@pytest.mark.usefixtures("local_cache")
def test_a_conversation_is_cached_for_60_seconds(make_user: MakeUser) -> None:
    ann, ben = make_user(), make_user()
    client, url = signed_in(ben), f"/api/direct/conversations/{ann.pk}/"

    with time_machine.travel(dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC), tick=False) as clock:
        Message.objects.create(sender=ann, receiver=ben, content="first")
        clock.shift(1)
        before = client.get(url).json()["results"]
        Message.objects.create(sender=ann, receiver=ben, content="second")
        clock.shift(59)
        cached = client.get(url).json()["results"]
        clock.shift(2)
        fresh = client.get(url).json()["results"]

    assert [m["content"] for m in before] == [m["content"] for m in cached] == ["first"]
    assert [m["content"] for m in fresh] == ["first", "second"]


@pytest.mark.task("signals_orm.cache")
@pytest.mark.usefixtures("local_cache")
def test_each_user_has_a_cached_page_of_their_own(make_user: MakeUser) -> None:
    ann, ben, cid = make_user(), make_user(), make_user()
    Message.objects.create(sender=ann, receiver=ben, content="for Ben")

    bens = signed_in(ben).get(f"/api/direct/conversations/{ann.pk}/").json()["results"]
    cids = signed_in(cid).get(f"/api/direct/conversations/{ann.pk}/").json()["results"]

    assert [m["content"] for m in bens] == ["for Ben"]
    assert cids == []


@pytest.mark.task("extras.direct_api")
def test_the_inbox_lists_the_unread_messages(make_user: MakeUser) -> None:
    ann, ben = make_user(), make_user()
    Message.objects.create(sender=ben, receiver=ann, content="new")
    Message.objects.create(sender=ben, receiver=ann, content="old", read=True)

    listed = signed_in(ann).get("/api/direct/inbox/unread/").json()["results"]

    assert [m["content"] for m in listed] == ["new"]


@pytest.mark.task("extras.direct_api")
def test_the_account_endpoint_deletes_the_signed_in_user(make_user: MakeUser) -> None:
    ann = make_user()

    response = signed_in(ann).delete("/api/direct/account/")

    assert response.status_code == 204
    assert not User.objects.filter(pk=ann.pk).exists()


@pytest.mark.task("extras.direct_api")
def test_a_request_without_its_csrf_token_is_a_json_403(make_user: MakeUser) -> None:
    """Signed in by session cookie, a change needs the CSRF token too (else another site
    could send it); the refusal is JSON like every other error."""
    ann = make_user()
    client = Client(enforce_csrf_checks=True)
    client.force_login(ann)

    response = client.delete("/api/direct/account/")

    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF check failed")
    assert User.objects.filter(pk=ann.pk).exists()
