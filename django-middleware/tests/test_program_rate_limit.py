"""The program's OffensiveLanguageMiddleware: at most 5 messages (POST requests) per IP
address in a minute; past that, the sender is blocked.

Blocked is 403 or 429 (the program names no status). "A minute" may be a sliding
window or a fixed one, from the first message or on the clock's minutes: the tests
post within one clock minute and come back well after it. Each test is a client of
its own address, with the clock frozen at 19:30:00 and moved by hand.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from chats.models import Message
from django.conf import LazySettings
from django.http import HttpResponse
from django.test import Client
from tests.contract import EVENING, alone, clock_at, new_address

pytestmark = pytest.mark.task("middleware.rate_limit")

SignedIn = Callable[[str], Client]
BLOCKED = (403, 429)


@pytest.fixture(autouse=True)
def only_this_middleware(settings: LazySettings) -> None:
    alone(settings, "OffensiveLanguageMiddleware")


def post(client: Client, address: str) -> HttpResponse:
    return client.post(
        "/api/messages/", {"body": "hello"}, content_type="application/json", REMOTE_ADDR=address
    )


def statuses(client: Client, address: str, count: int) -> list[int]:
    return [post(client, address).status_code for _ in range(count)]


def test_five_messages_in_a_minute_then_the_sixth_is_blocked(signed_in: SignedIn) -> None:
    client, address = signed_in("host"), new_address()
    codes: list[int] = []

    with clock_at(EVENING) as clock:
        for _ in range(6):
            codes.append(post(client, address).status_code)
            clock.shift(10)  # 0, 10, ... 50 s: six posts inside one minute

    assert codes[:5] == [201] * 5, f"the first five posts were not all let through: {codes}"
    assert codes[5] in BLOCKED, f"the sixth post in a minute got {codes[5]}, not 403 or 429"
    assert Message.objects.count() == 5


def test_the_block_lasts_while_the_minute_lasts(signed_in: SignedIn) -> None:
    client, address = signed_in("host"), new_address()

    with clock_at(EVENING) as clock:
        first = statuses(client, address, 5)
        clock.shift(30)
        later = statuses(client, address, 3)

    assert first == [201] * 5
    assert all(code in BLOCKED for code in later), later


def test_the_limit_lifts_once_the_minute_has_passed(signed_in: SignedIn) -> None:
    client, address = signed_in("host"), new_address()

    with clock_at(EVENING) as clock:
        before = statuses(client, address, 6)
        clock.shift(61)
        after = post(client, address).status_code

    assert before[:5] == [201] * 5
    assert before[5] in BLOCKED
    assert after == 201, f"still {after} a minute later"


def test_reading_messages_is_not_counted(signed_in: SignedIn) -> None:
    client, address = signed_in("host"), new_address()

    with clock_at(EVENING):
        reads = [client.get("/api/messages/", REMOTE_ADDR=address).status_code for _ in range(8)]
        posts = statuses(client, address, 6)

    assert reads == [200] * 8, f"GET requests were counted as messages: {reads}"
    assert posts[:5] == [201] * 5, f"GET requests were counted as messages: {posts}"
    assert posts[5] in BLOCKED


def test_each_ip_address_has_its_own_count(signed_in: SignedIn) -> None:
    client, first, second = signed_in("host"), new_address(), new_address()

    with clock_at(EVENING):
        from_first = statuses(client, first, 6)
        from_second = statuses(client, second, 5)

    assert from_first[:5] == [201] * 5
    assert from_first[5] in BLOCKED
    assert from_second == [201] * 5, "another address was blocked with the first"
