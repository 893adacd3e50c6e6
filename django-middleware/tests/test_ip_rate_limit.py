"""Limits on sensitive paths (IP_RATE_LIMITED_PATHS): IP_RATE_LIMIT_USER requests per
signed-in user and IP_RATE_LIMIT_ANONYMOUS per address every IP_RATE_LIMIT_WINDOW
seconds, then 429 with Retry-After. The clock is frozen; the window is moved on the
local-memory cache, whose expiry reads that clock."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from chats.models import User
from config.env import cache_from_url
from django.conf import LazySettings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client
from ip_tracking.middleware import SensitivePathRateLimitMiddleware

pytestmark = pytest.mark.task("ip.rate_limit")

MakeUser = Callable[..., User]
MODERATION = "/api/moderation/messages/"
NOON = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(settings: LazySettings) -> Iterator[time_machine.Coordinates]:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"ip-rate-limit-{uuid.uuid4().hex}",
        }
    }
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def statuses(client: Client, count: int, path: str = MODERATION, **extra: Any) -> list[int]:
    return [client.get(path, **extra).status_code for _ in range(count)]


@pytest.mark.usefixtures("clock")
def test_a_signed_in_user_gets_10_a_minute_then_429_with_retry_after(
    client: Client, make_user: MakeUser
) -> None:
    client.force_login(make_user("moderator"))

    assert statuses(client, 10) == [200] * 10
    refused = client.get(MODERATION)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused.json() == {
        "error": "too many requests to this page: at most 10 every 60 seconds"
    }


@pytest.mark.usefixtures("clock")
def test_nobody_signed_in_gets_5_a_minute_per_address(client: Client) -> None:
    """The five are refused by the role check (401) but counted: probing costs too."""
    assert statuses(client, 6, REMOTE_ADDR="192.0.2.30") == [401] * 5 + [429]
    assert statuses(client, 1, "/admin/login/", REMOTE_ADDR="192.0.2.30") == [429]
    assert statuses(client, 1, REMOTE_ADDR="192.0.2.31") == [401]  # its own count


def test_the_window_moves_with_the_clock(clock: time_machine.Coordinates, client: Client) -> None:
    assert statuses(client, 6, REMOTE_ADDR="192.0.2.32")[-1] == 429
    clock.shift(30)
    refused = client.get(MODERATION, REMOTE_ADDR="192.0.2.32")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    clock.shift(31)
    assert statuses(client, 1, REMOTE_ADDR="192.0.2.32") == [401]


@pytest.mark.usefixtures("clock")
def test_a_user_is_counted_as_a_user_whatever_the_address(
    client: Client, make_user: MakeUser
) -> None:
    client.force_login(make_user("admin"))
    addresses = [f"192.0.2.{n}" for n in range(40, 51)]

    answers = [client.get(MODERATION, REMOTE_ADDR=a).status_code for a in addresses]

    assert answers == [200] * 10 + [429]
    other = Client()
    other.force_login(make_user("moderator"))
    assert statuses(other, 1, REMOTE_ADDR="192.0.2.40") == [200]  # a user's own count


@pytest.mark.usefixtures("clock")
def test_a_spoofed_forwarded_header_does_not_dodge_the_limit(client: Client) -> None:
    answers = [
        client.get(
            MODERATION, REMOTE_ADDR="192.0.2.33", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(6)
    ]
    assert answers == [401] * 5 + [429]


@pytest.mark.usefixtures("clock")
def test_an_ipv6_client_is_counted_per_64(client: Client) -> None:
    """One subscriber usually holds a whole /64: rotating through it changes nothing."""
    answers = [
        client.get(MODERATION, REMOTE_ADDR=f"2001:db8:5:6::{n}").status_code for n in range(6)
    ]
    assert answers == [401] * 5 + [429]


@pytest.mark.usefixtures("clock")
def test_other_paths_are_not_limited(client: Client) -> None:
    assert statuses(client, 12, "/api/messages/", REMOTE_ADDR="192.0.2.34") == [200] * 12


@pytest.mark.usefixtures("clock")
def test_the_limits_and_paths_come_from_settings(client: Client, settings: LazySettings) -> None:
    settings.IP_RATE_LIMIT_ANONYMOUS = 2
    settings.IP_RATE_LIMITED_PATHS = ["/api/messages/"]

    assert statuses(client, 3, "/api/messages/", REMOTE_ADDR="192.0.2.35") == [200, 200, 429]
    assert statuses(client, 6, REMOTE_ADDR="192.0.2.35") == [401] * 6


@pytest.mark.parametrize("bad", [0, -1, "5", 2.5, True, None])
def test_a_bad_limit_stops_the_stack_at_startup(settings: LazySettings, bad: object) -> None:
    settings.IP_RATE_LIMIT_USER = bad

    with pytest.raises(ImproperlyConfigured, match="IP_RATE_LIMIT_USER"):
        SensitivePathRateLimitMiddleware(lambda request: HttpResponse())


def test_with_the_cache_unreachable_it_fails_closed_with_503(
    client: Client, settings: LazySettings
) -> None:
    settings.CACHES = {"default": cache_from_url("redis://127.0.0.1:1/0")}

    refused = client.get(MODERATION, REMOTE_ADDR="192.0.2.36")

    assert refused.status_code == 503
    assert refused["Retry-After"] == "30"
    assert client.get("/api/messages/", REMOTE_ADDR="192.0.2.36").status_code == 200
