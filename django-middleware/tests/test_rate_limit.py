"""OffensiveLanguageMiddleware as this project builds it (beyond the program's text,
which tests/test_program_rate_limit.py grades): at most RATE_LIMIT POSTs to
RATE_LIMITED_PATHS per client IP in any RATE_LIMIT_WINDOW seconds, counted in the cache.

The clock is frozen (time-machine) wherever time matters. A slot ends when the cache
expires its key, so the tests that move the clock past a window use the local-memory
cache, whose expiry reads that clock; the rest run on whatever cache is configured
(Redis with REDIS_URL set).
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from chats.middleware import rate_limit
from chats.models import Message
from config.env import cache_from_url
from django.conf import LazySettings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings

pytestmark = pytest.mark.task("extras.rate_limit")

SignedIn = Callable[[str], Client]
MESSAGES = "/api/messages/"


NOON = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    """The clock stopped at noon on a whole second; `.shift(s)` moves it."""
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def local_cache(settings: LazySettings) -> None:
    """A local-memory cache: its entries expire by time.time(), the clock tests move."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"rate-limit-{uuid.uuid4().hex}",
        }
    }


def post(client: Client, **extra: Any) -> HttpResponse:
    return client.post(MESSAGES, {"body": "hello"}, content_type="application/json", **extra)


def statuses(client: Client, count: int, **extra: Any) -> list[int]:
    return [post(client, **extra).status_code for _ in range(count)]


def test_the_sixth_post_in_a_minute_is_refused_and_writes_nothing(
    signed_in: SignedIn, clock: time_machine.Coordinates
):
    client = signed_in("host")

    assert statuses(client, 5) == [201] * 5
    refused = post(client)

    assert refused.status_code == 429
    assert refused.json() == {"error": "too many messages: at most 5 every 60 seconds"}
    assert refused["Retry-After"] == "60"  # the first slot was taken at this very instant
    assert Message.objects.count() == 5


def test_refusals_go_on_while_the_window_lasts(signed_in: SignedIn):
    client = signed_in("host")

    assert statuses(client, 8) == [201] * 5 + [429] * 3
    assert Message.objects.count() == 5


def test_anonymous_posts_are_counted_before_the_view_refuses_them(client: Client, db: None):
    assert statuses(client, 6) == [401] * 5 + [429]


def test_retry_after_counts_down_to_the_oldest_slot(
    signed_in: SignedIn, clock: time_machine.Coordinates
):
    client = signed_in("host")
    post(client)
    clock.shift(40)
    statuses(client, 4)

    refused = post(client)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "20"


def test_gets_are_not_counted(signed_in: SignedIn):
    client = signed_in("host")
    for _ in range(10):
        assert client.get(MESSAGES).status_code == 200

    assert statuses(client, 6) == [201] * 5 + [429]


def test_other_paths_are_not_counted(signed_in: SignedIn):
    client = signed_in("moderator")
    for _ in range(10):
        assert client.post("/api/moderation/messages/").status_code == 405

    assert statuses(client, 6) == [201] * 5 + [429]


def test_the_limited_paths_and_numbers_come_from_settings(
    signed_in: SignedIn, settings: LazySettings
):
    settings.RATE_LIMIT = 2
    settings.RATE_LIMITED_PATHS = ["/api/moderation/"]
    client = signed_in("moderator")

    assert statuses(client, 4) == [201] * 4  # no longer limited here
    assert [client.post("/api/moderation/messages/").status_code for _ in range(3)] == [
        405,
        405,
        429,
    ]


def test_each_ip_has_its_own_limit(signed_in: SignedIn):
    client = signed_in("host")

    assert statuses(client, 6, REMOTE_ADDR="192.0.2.1") == [201] * 5 + [429]
    assert statuses(client, 6, REMOTE_ADDR="192.0.2.2") == [201] * 5 + [429]
    assert Message.objects.count() == 10


def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(signed_in: SignedIn):
    """No proxy trusted (TRUSTED_PROXIES=0, the default): a client that makes up a new
    X-Forwarded-For for each post still hits the limit of its socket address."""
    client = signed_in("host")
    made_up = [f"198.51.100.{n}" for n in range(6)]

    codes = [
        post(client, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=ip).status_code
        for ip in made_up
    ]

    assert codes == [201] * 5 + [429]


@pytest.fixture
def behind_a_proxy(settings: LazySettings) -> str:
    """One proxy in front (TRUSTED_PROXIES=1): the address it appends is the client's."""
    settings.TRUSTED_PROXIES = 1
    return "10.0.0.1"


def test_two_clients_behind_one_trusted_proxy_are_limited_separately(
    signed_in: SignedIn, behind_a_proxy: str
):
    client = signed_in("host")

    def from_(ip: str) -> int:
        return post(client, REMOTE_ADDR=behind_a_proxy, HTTP_X_FORWARDED_FOR=ip).status_code

    assert [from_("198.51.100.1") for _ in range(5)] == [201] * 5
    assert [from_("198.51.100.2") for _ in range(5)] == [201] * 5
    assert from_("198.51.100.1") == 429
    assert from_("198.51.100.2") == 429


def test_a_client_behind_a_proxy_cannot_dodge_by_prepending_addresses(
    signed_in: SignedIn, behind_a_proxy: str
):
    """The proxy appends the address it saw; what the client wrote before it is ignored."""
    client = signed_in("host")
    chains = [f"192.0.2.{n}, 198.51.100.7" for n in range(6)]

    codes = [
        post(client, REMOTE_ADDR=behind_a_proxy, HTTP_X_FORWARDED_FOR=chain).status_code
        for chain in chains
    ]

    assert codes == [201] * 5 + [429]


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "key"),
    [
        (0, "192.0.2.1", None, "192.0.2.1"),
        (0, "192.0.2.1", "198.51.100.1", "192.0.2.1"),  # no proxy trusted: the socket's
        (1, "10.0.0.1", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.1", " 192.0.2.9 ,198.51.100.1 ", "198.51.100.1"),  # the client's own
        (2, "10.0.0.1", "198.51.100.1, 10.2.3.4", "198.51.100.1"),  # two proxies
        (1, "10.0.0.1", None, "10.0.0.1"),
        (1, "10.0.0.1", "", "10.0.0.1"),
        (1, "::1", "2001:db8::5", "2001:db8::/64"),
        (0, "2001:db8:1:2::7", None, "2001:db8:1:2::/64"),
        (0, "::ffff:192.0.2.1", None, "192.0.2.1"),  # dual stack: the IPv4 address
        (1, "10.0.0.1", "garbage", "unknown"),
        (1, "10.0.0.1", "198.51.100.1:4711", "unknown"),  # a port: not an address
        (0, "not-an-ip", None, "unknown"),
    ],
)
def test_client_ip_and_key(
    rf: RequestFactory,
    settings: LazySettings,
    proxies: int,
    remote: str,
    forwarded: str | None,
    key: str,
):
    settings.TRUSTED_PROXIES = proxies
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded

    assert rate_limit.client_key(rate_limit.client_ip(rf.post(MESSAGES, **extra))) == key


def test_garbage_where_the_address_should_be_is_one_shared_bucket(
    signed_in: SignedIn, behind_a_proxy: str
):
    """Only a misconfigured proxy lets a client write the address: varying it still
    counts against one bucket."""
    client = signed_in("host")
    garbage = ["<script>", "unknown", "999.1.1.1", "a:b:c", "-", "x" * 100]

    codes = [
        post(client, REMOTE_ADDR=behind_a_proxy, HTTP_X_FORWARDED_FOR=text).status_code
        for text in garbage
    ]

    assert codes == [201] * 5 + [429]


def test_an_ipv6_client_cannot_dodge_by_changing_addresses_in_its_slash_64(signed_in: SignedIn):
    client = signed_in("host")
    addresses = [f"2001:db8:1:2::{n:x}" for n in range(1, 7)]

    codes = [post(client, REMOTE_ADDR=address).status_code for address in addresses]

    assert codes == [201] * 5 + [429]
    assert post(client, REMOTE_ADDR="2001:db8:1:3::1").status_code == 201  # another /64


@pytest.mark.usefixtures("local_cache")
def test_the_window_slides(
    signed_in: SignedIn, settings: LazySettings, clock: time_machine.Coordinates
):
    """Limit 2 in 2 s. Posts at 0 s and 1 s; at 2.5 s the first has left the window and
    one more fits, but not two: the one at 1 s is still in it. A fixed window reset at
    2 s would allow both."""
    settings.RATE_LIMIT = 2
    settings.RATE_LIMIT_WINDOW = 2
    client = signed_in("host")

    assert post(client).status_code == 201
    clock.shift(1)
    assert statuses(client, 2) == [201, 429]
    clock.shift(0.999)
    assert post(client).status_code == 429  # 1.999 s: the first post still counts
    clock.shift(0.501)
    assert statuses(client, 2) == [201, 429]


@pytest.mark.usefixtures("local_cache")
def test_the_limit_lifts_when_the_window_has_passed(
    signed_in: SignedIn, settings: LazySettings, clock: time_machine.Coordinates
):
    settings.RATE_LIMIT_WINDOW = 1
    client = signed_in("host")
    assert statuses(client, 6) == [201] * 5 + [429]
    assert post(client)["Retry-After"] == "1"

    clock.shift(1)

    assert statuses(client, 6) == [201] * 5 + [429]


def test_with_redis_unreachable_a_post_is_a_503_with_retry_after_and_writes_nothing(
    signed_in: SignedIn, settings: LazySettings, caplog: pytest.LogCaptureFixture
):
    """Fail closed: a post the limit cannot count is refused, not let through unlimited.
    Port 1 on this machine: nobody listens there, the connection is refused at once."""
    client = signed_in("host")
    settings.CACHES = {"default": cache_from_url("redis://127.0.0.1:1/0")}

    refused = post(client)

    assert refused.status_code == 503
    assert refused["Retry-After"] == "30"
    assert refused.json() == {
        "error": "the rate limit cannot be checked right now: try again shortly"
    }
    assert not Message.objects.exists()
    assert "rate limit: the cache is unreachable" in caplog.text
    assert client.get(MESSAGES).status_code == 200  # reads never touch the limiter's cache


def test_concurrent_posts_never_exceed_the_limit(rf: RequestFactory, settings: LazySettings):
    """Twenty threads post at once from one IP (a barrier releases them together):
    exactly five get through."""
    settings.RATE_LIMIT = 5
    through: list[int] = []
    limiter = rate_limit.OffensiveLanguageMiddleware(lambda request: HttpResponse(status=201))
    start = threading.Barrier(20)

    def one_post() -> None:
        start.wait()
        through.append(limiter(rf.post(MESSAGES, REMOTE_ADDR="192.0.2.77")).status_code)

    threads = [threading.Thread(target=one_post) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(through) == [201] * 5 + [429] * 15


def ok_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@pytest.mark.parametrize(
    "setting",
    [
        {"RATE_LIMIT": 0},
        {"RATE_LIMIT": -1},
        {"RATE_LIMIT": "5"},
        {"RATE_LIMIT": 2.5},
        {"RATE_LIMIT": True},
        {"RATE_LIMIT_WINDOW": 0},
        {"RATE_LIMIT_WINDOW": 0.5},
        {"RATE_LIMIT_WINDOW": None},
    ],
)
def test_malformed_settings_fail_at_startup(setting: dict[str, object]):
    with override_settings(**setting), pytest.raises(ImproperlyConfigured):
        rate_limit.OffensiveLanguageMiddleware(ok_view)
