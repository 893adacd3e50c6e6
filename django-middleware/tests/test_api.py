"""The message board API behind the middlewares: reads, posts, bad input, moderation."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from chats.models import MESSAGE_MAX_LENGTH, Message
from chats.views import message_body
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.conftest import MakeUser

pytestmark = [pytest.mark.task("app.project"), pytest.mark.django_db]

URL = "/api/messages/"


def post(client: Client, payload: Any, **extra: Any) -> Any:
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(URL, body, content_type="application/json", **extra)


def test_a_signed_in_user_posts_and_everyone_reads(
    signed_in: Callable[[str], Client], client: Client
) -> None:
    author = signed_in("guest")
    response = post(author, {"body": "  Hello, board!  "})
    assert response.status_code == 201
    created = response.json()
    assert created["body"] == "Hello, board!"
    assert Message.objects.get().body == "Hello, board!"
    client.logout()
    listed = client.get(URL).json()["results"]
    assert [(m["id"], m["sender"], m["body"]) for m in listed] == [
        (created["id"], created["sender"], "Hello, board!")
    ]


def test_newest_first_in_a_fixed_number_of_queries(make_user: MakeUser, client: Client) -> None:
    for index in range(3):
        Message.objects.create(sender=make_user(), body=f"message {index}")
    client.get(URL)  # the first request also reads ip_tracking's blocklist into the cache
    with CaptureQueriesContext(connection) as few:
        bodies = [m["body"] for m in client.get(URL).json()["results"]]
    assert bodies == ["message 2", "message 1", "message 0"]
    for index in range(3, 8):
        Message.objects.create(sender=make_user(), body=f"message {index}")
    with CaptureQueriesContext(connection) as more:
        client.get(URL)
    assert len(more) == len(few)  # the senders come in the same query: no N+1


def test_anonymous_posts_are_refused(client: Client) -> None:
    response = post(client, {"body": "hi"})
    assert response.status_code == 401
    assert response.json() == {"error": "sign in to post a message"}
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{not json", "the request body must be a JSON object"),
        ("[1, 2]", "body must be a non-empty string"),
        ({}, "body must be a non-empty string"),
        ({"body": "   "}, "body must be a non-empty string"),
        ({"body": 42}, "body must be a non-empty string"),
        ({"body": "x" * (MESSAGE_MAX_LENGTH + 1)}, f"at most {MESSAGE_MAX_LENGTH} characters"),
        ({"body": "a\x00b"}, "body must not contain the NUL character"),
    ],
    ids=["malformed", "a list", "no body", "blank", "a number", "too long", "NUL"],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(
    signed_in: Callable[[str], Client], payload: Any, message: str
) -> None:
    response = post(signed_in("guest"), payload)
    assert response.status_code == 400
    assert response.json()["field"] == "body"
    assert message in response.json()["error"]
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/octet-stream", "multipart/form-data; boundary=x"]
)
def test_a_body_not_sent_as_json_is_a_415_naming_the_header(
    signed_in: Callable[[str], Client], content_type: str
) -> None:
    """Not parsed as JSON whatever it holds: config.security checks only JSON bodies, so a
    lone surrogate or deep nesting sent as anything else must never reach json.loads."""
    client = signed_in("guest")
    for payload in ['{"body": "hi"}', '{"body": "\\ud800"}', "[" * 50_000 + "]" * 50_000]:
        response = client.post(URL, payload, content_type=content_type)
        assert response.status_code == 415
        assert response.json() == {
            "error": "send the message as application/json",
            "field": "Content-Type",
        }
    assert not Message.objects.exists()


def test_bytes_that_are_not_utf_8_are_not_a_message() -> None:
    """Through the stack, config.security refuses them first (tests/test_security.py)."""
    assert message_body(b"\xff\xfe") == ("", "the request body must be a JSON object")


def test_the_longest_message_is_accepted(signed_in: Callable[[str], Client]) -> None:
    response = post(signed_in("guest"), {"body": "x" * MESSAGE_MAX_LENGTH})
    assert response.status_code == 201


def test_other_methods_are_a_json_405_naming_the_allowed_ones(client: Client) -> None:
    # (A DELETE here is a guarded action: a 401 first, tests/test_role_permission.py.)
    for response in (client.put(URL), client.patch(URL), client.head(URL)):
        assert response.status_code == 405
        assert response["Allow"] == "GET, POST"
    assert client.put(URL).json() == {"error": "this URL accepts GET, POST only"}


def test_an_unknown_url_is_a_json_404(client: Client) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert response.json() == {"error": "not found"}


def test_an_id_beyond_any_column_is_a_404(signed_in: Callable[[str], Client]) -> None:
    response = signed_in("moderator").delete(f"/api/messages/{10**30}/")
    assert response.status_code == 404
    assert response.json() == {"error": "not found"}


def test_a_failed_csrf_check_is_a_json_403_naming_it(make_user: MakeUser) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("guest"))
    response = post(client, {"body": "hi"})
    assert response.status_code == 403
    assert response.json() == {"error": "CSRF check failed: CSRF cookie not set."}
    assert not Message.objects.exists()


def test_an_unknown_host_is_a_json_400(client: Client) -> None:
    response = client.get(URL, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json() == {"error": "the request is malformed"}


def test_a_crash_is_a_json_500_that_names_no_exception(client: Client) -> None:
    client.raise_request_exception = False
    with mock.patch("chats.views.JsonResponse", side_effect=KeyError("secret detail")):
        response = client.get(URL)
    assert response.status_code == 500
    assert response.json() == {"error": "internal error"}
    assert b"secret detail" not in response.content


def test_a_moderator_sees_emails_and_deletes(
    signed_in: Callable[[str], Client], make_user: MakeUser
) -> None:
    message = Message.objects.create(sender=make_user(username="ann"), body="spam")
    moderator = signed_in("moderator")
    listed = moderator.get("/api/moderation/messages/").json()["results"]
    assert [(m["id"], m["sender_email"]) for m in listed] == [(message.pk, "ann@example.com")]
    assert moderator.delete(f"/api/messages/{message.pk}/").status_code == 204
    assert not Message.objects.exists()
    assert moderator.delete(f"/api/messages/{message.pk}/").status_code == 404
