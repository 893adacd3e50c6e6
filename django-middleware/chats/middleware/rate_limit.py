"""OffensiveLanguageMiddleware, the program's name for a rate limiter: 429 past the limit.

The clock is read through time.time() on every request, never kept, so that tests can
freeze and move it.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from config.security import client_address
from django.conf import settings  # type: ignore[import-untyped]
from django.core.cache import cache  # type: ignore[import-untyped]
from django.core.exceptions import ImproperlyConfigured  # type: ignore[import-untyped]
from django.http import HttpRequest, HttpResponse  # type: ignore[import-untyped]
from redis.exceptions import RedisError

from chats.middleware.common import GetResponse, json_error, path_in

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

logger = logging.getLogger("chats")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Retry-After of the 503 sent while the cache that holds the rate limit is unreachable.
CACHE_DOWN_RETRY_AFTER_S = 30


@lru_cache(maxsize=16, typed=True)  # typed: True == 1 and 60.0 == 60 as cache keys
def rate_limit(limit: object, window: object) -> tuple[int, int]:
    """RATE_LIMIT and RATE_LIMIT_WINDOW checked."""
    return whole_number("RATE_LIMIT", limit), whole_number("RATE_LIMIT_WINDOW", window)


def whole_number(name: str, value: object) -> int:
    """At least 1, and whole: the cache's timeouts are whole seconds."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number >= 1, got {value!r}")
    return value


def current_rate_limit() -> tuple[int, int]:
    return rate_limit(settings.RATE_LIMIT, settings.RATE_LIMIT_WINDOW)


def parse_ip(text: object) -> IPAddress | None:
    """An address, or None for anything else (ports, names, garbage). An IPv4 address
    that a dual-stack socket reports as ::ffff:a.b.c.d is the IPv4 address."""
    try:
        address = ipaddress.ip_address(str(text).strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_ip(request: HttpRequest) -> IPAddress | None:
    """The client's address from config.security.client_address: REMOTE_ADDR, unless
    TRUSTED_PROXIES says how many proxies in front append to X-Forwarded-For (then the
    one the outermost proxy wrote). So an X-Forwarded-For the client made up changes
    nothing. None when it is not an address."""
    return parse_ip(client_address(request))


def client_key(address: IPAddress | None) -> str:
    """What is counted: an IPv4 address, or an IPv6 /64 (one subscriber usually holds a
    whole /64, so counting single addresses would let a client rotate through them)."""
    if address is None:
        # No usable address (a Unix socket, garbage from a misconfigured proxy): one
        # shared bucket, so that varying the garbage cannot dodge the limit.
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address)


def take_slot(client: str, limit: int, window: int, now: float) -> int | None:
    """Claim one of the client's `limit` slots for `window` seconds: None if one was
    free, else the whole seconds until the oldest one expires (Retry-After).

    cache.add is atomic (SET NX on Redis, a lock in local memory): two requests, even in
    two processes, never claim the same slot. A slot lives exactly `window` seconds after
    its request, so at most `limit` requests fit in any `window` seconds: a sliding
    window, not a fixed one that allows 2 x limit across a boundary.
    """
    keys = [f"ratelimit:{client}:{n}" for n in range(limit)]
    taken = cache.get_many(keys)  # one round trip, then an add only where a slot looks free
    free = [key for key in keys if key not in taken]
    if any(cache.add(key, now, timeout=window) for key in free):
        return None
    if free:  # every race lost: read who holds the slots now
        taken = cache.get_many(keys)
    # A slot that expires between the read and the add is not retried: at the very edge
    # of the window the answer errs on the side of the limit.
    return retry_after(taken.values(), window, now)


def retry_after(claimed_at: Iterable[Any], window: int, now: float) -> int:
    times = [value for value in claimed_at if isinstance(value, int | float)]
    if not times:
        return 1  # every slot expired since we looked: try again at once
    return min(window, max(1, math.ceil(min(times) + window - now)))


def limited(client: str, limit: int, window: int, too_many: str) -> HttpResponse | None:
    """None when `client` got one of its slots; else the refusal: 429 `too_many` with
    Retry-After, or 503 while the cache (Redis) is unreachable. Fail closed: a request the
    limit cannot count is refused, never let through unlimited."""
    try:
        wait = take_slot(client, limit, window, time.time())
    except RedisError as error:
        logger.warning("rate limit: the cache is unreachable (%s)", error)
        message = "the rate limit cannot be checked right now: try again shortly"
        return json_error(503, message, {"Retry-After": str(CACHE_DOWN_RETRY_AFTER_S)})
    if wait is None:
        return None
    return json_error(429, too_many, {"Retry-After": str(wait)})


class OffensiveLanguageMiddleware:
    """At most RATE_LIMIT writes (any method but GET, HEAD, OPTIONS, TRACE) to
    RATE_LIMITED_PATHS per client in any RATE_LIMIT_WINDOW seconds, counted in Django's
    cache, so that with Redis every process shares one count. Past it: 429, Retry-After;
    with the cache (Redis) unreachable, 503 and Retry-After.
    A request's slot lasts as long as the cache keeps its key (local memory's clock is
    time.time(), so a test that moves that clock moves the window)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        current_rate_limit()  # a malformed setting fails at startup

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS or not path_in(request, settings.RATE_LIMITED_PATHS):
            return self.get_response(request)
        limit, window = current_rate_limit()
        too_many = f"too many messages: at most {limit} every {window} seconds"
        refusal = limited(client_key(client_ip(request)), limit, window, too_many)
        if refusal is not None:
            return refusal
        return self.get_response(request)
