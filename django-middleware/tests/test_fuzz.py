"""A property over every route and method of the API, through the whole middleware stack:
whatever a client sends (any JSON, any bytes, any content type, made-up headers, a query
string, as nobody or as any role, with or without a CSRF check), the answer is never a
5xx, and every refusal is JSON saying what is wrong.

The project has no OpenAPI schema (plain Django views), so the requests are built here
with hypothesis: derandomized, no example database, a bounded number of examples.
"""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import quote

import pytest
from chats.models import Message
from django.conf import LazySettings
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import MakeUser

pytestmark = [pytest.mark.task("app.project"), pytest.mark.django_db]

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
ROLES = (None, "guest", "host", "moderator", "admin")
CONTENT_TYPES = (
    "application/json",
    "application/vnd.api+json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/octet-stream",
    "",
)

# Any text, with the hostile characters often: lone surrogates (json.dumps writes them as
# \ud800 escapes, which no database stores), NUL, line and bidi controls.
HOSTILE = st.sampled_from(["\ud800", "\udfff", "\x00", "\u2028", "\u202e", "\\", '"'])
any_text = st.text(max_size=20) | st.lists(
    st.characters(exclude_categories=()) | HOSTILE, max_size=20
).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=8,
)
# Half of them a message (hostile characters in its text), half anything else.
bodies = st.one_of(
    st.fixed_dictionaries({"body": any_text}).map(json.dumps),
    st.one_of(
        st.fixed_dictionaries({"body": json_values}).map(json.dumps),
        json_values.map(json.dumps),
        st.binary(max_size=40),
        # Nested arrays: 50,000 deep is a RecursionError in json.loads.
        st.integers(min_value=1, max_value=50_000).map(lambda n: "[" * n + "]" * n),
    ),
)
content_types = st.one_of(st.just("application/json"), st.sampled_from(CONTENT_TYPES))
message_ids = st.integers(min_value=0, max_value=10**30)
paths = st.one_of(
    st.just("/api/messages/"),
    st.just("/api/moderation/messages/"),
    message_ids.map(lambda n: f"/api/messages/{n}/"),
    any_text.map(lambda text: f"/api/{quote(text, safe='', errors='surrogatepass')}/"),
)
# Each route with its own methods as often as any method on any path.
requests = st.one_of(
    st.tuples(st.just("POST"), st.just("/api/messages/")),
    st.tuples(st.just("GET"), st.sampled_from(["/api/messages/", "/api/moderation/messages/"])),
    st.tuples(st.just("DELETE"), message_ids.map(lambda n: f"/api/messages/{n}/")),
    st.tuples(st.sampled_from(METHODS), paths),
)
# Header values as a WSGI server hands them over: latin-1 text, no line breaks.
header_values = st.text(st.characters(max_codepoint=255, exclude_characters="\r\n"), max_size=80)

_addresses = (f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}" for n in itertools.count(1))


@pytest.fixture
def users(make_user: MakeUser) -> dict[str | None, Any]:
    return {role: role and make_user(role) for role in ROLES}


@settings(
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=requests,
    query=any_text,
    body=bodies,
    content_type=content_types,
    role=st.sampled_from(ROLES),
    enforce_csrf=st.booleans(),
    proxies=st.sampled_from([0, 1]),
    request_id=header_values,
    forwarded=header_values,
)
def test_no_request_gets_a_server_error(
    users: dict[str | None, Any],
    settings: LazySettings,
    route: tuple[str, str],
    query: str,
    body: str | bytes,
    content_type: str,
    role: str | None,
    enforce_csrf: bool,
    proxies: int,
    request_id: str,
    forwarded: str,
) -> None:
    method, path = route
    settings.TRUSTED_PROXIES = proxies
    # A client of its own, whether the socket or a trusted proxy names it: the limit is
    # not the subject here (tests/test_rate_limit.py). The made-up entries go left of it.
    address = next(_addresses)
    client = Client(enforce_csrf_checks=enforce_csrf, raise_request_exception=False)
    if role is not None:
        client.force_login(users[role])
    messages_before = Message.objects.count()

    response = client.generic(
        method,
        f"{path}?{quote(query, errors='surrogatepass')}",
        body,
        content_type=content_type,
        REMOTE_ADDR=address,
        HTTP_X_REQUEST_ID=request_id,
        HTTP_X_FORWARDED_FOR=f"{forwarded}, {address}",
    )

    assert response.status_code < 500, response.content
    if response.status_code >= 400 and method != "HEAD":  # HEAD answers carry no body
        problem = response.json()
        assert problem.get("error") or problem.get("detail"), problem
        assert Message.objects.count() <= messages_before  # a refusal writes nothing


@settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=any_text)
def test_any_message_text_is_stored_as_sent_or_refused_naming_it(
    users: dict[str | None, Any], text: str
) -> None:
    """The one field, through a signed-in post: whatever its characters, the message is
    stored exactly (stripped) or refused with a 400 that names the body, writing nothing."""
    client = Client()
    client.force_login(users["host"])
    before = Message.objects.count()

    response = client.post(
        "/api/messages/",
        json.dumps({"body": text}),
        content_type="application/json",
        REMOTE_ADDR=next(_addresses),
    )

    if response.status_code == 201:
        assert Message.objects.get(pk=response.json()["id"]).body == text.strip()
    else:
        assert response.status_code == 400, response.content
        problem = response.json()
        assert problem.get("field") == "body" or "JSON body" in problem.get("detail", "")
        assert Message.objects.count() == before
