"""caching_listings: the seed command fills PostgreSQL; the first GET /properties/ misses
the cache and stores the page in Redis (redis-cli finds its key); a second GET is served
from Redis, proved by its counters (/properties/metrics/): hits, and not one miss more.
After `down` and `up`, with fresh processes and a Redis restarted from its volume, the
first read finds the page in Redis at once and lists every property from PostgreSQL."""

from __future__ import annotations

from typing import Any

from tools.containers.smokes import Smoke, web_json
from tools.containers.stack import Stack, StackError

PROPERTIES = 20
PAGE_KEYS = "*cache_page.property_list.*"  # cache_page's keys, under the list's generation


def listing(stack: Stack, accept: str) -> list[Any]:
    status, answer = web_json(stack, "/properties/", headers={"Accept": accept})
    if status != 200 or len(answer["data"]) != PROPERTIES:
        raise StackError(f"/properties/ answered {status}, not {PROPERTIES} properties")
    return list(answer["data"])


def counters(stack: Stack) -> tuple[int, int]:
    """Redis's keyspace hits and misses, as the module reports them."""
    status, metrics = web_json(stack, "/properties/metrics/")
    if status != 200 or not metrics.get("available"):
        raise StackError(f"/properties/metrics/ answered {status}: {metrics}")
    return int(metrics["keyspace_hits"]), int(metrics["keyspace_misses"])


def redis_keys(stack: Stack, pattern: str) -> list[str]:
    found = stack.compose("exec", "-T", "redis", "redis-cli", "--scan", "--pattern", pattern)
    return found.split()


def miss_then_hit(stack: Stack) -> None:
    stack.compose("exec", "-T", "web", "python", "manage.py", "seed", "--count", f"{PROPERTIES}")
    if redis_keys(stack, PAGE_KEYS):
        raise StackError("a page was cached before the first request")
    _, misses_before = counters(stack)
    first = listing(stack, "application/json")
    hits, misses = counters(stack)
    if misses == misses_before or not redis_keys(stack, PAGE_KEYS):
        raise StackError("the first read of the list missed nothing or stored no page")
    # Another Accept than the first: neither worker keeps its own copy of the page for it
    # (properties/pages.py keys those copies by Accept too), so only Redis can answer it
    # without a miss.
    second = listing(stack, "*/*")
    hits_after, misses_after = counters(stack)
    if second != first or misses_after != misses or hits_after == hits:
        raise StackError(
            f"the second read was not served from Redis: hits {hits} -> {hits_after}, "
            f"misses {misses} -> {misses_after}"
        )


def still_cached(stack: Stack) -> None:
    """Redis's counters start at 0 with the server: after the first read they are still
    at 0 misses only if the page (and its generation) came back from Redis's volume."""
    listing(stack, "application/json")
    hits, misses = counters(stack)
    if misses or not hits:
        raise StackError(
            f"after the restart the page was not in Redis: {hits} hits, {misses} misses"
        )


SMOKE = Smoke(run=miss_then_hit, persisted=still_cached)
