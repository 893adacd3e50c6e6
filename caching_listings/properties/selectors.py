"""Reads: the property list through its low-level cache, and the Redis hit ratio.

get_all_properties(): the queryset under `all_properties` for an hour, evaluated: a
queryset pickles with its rows, so the cache holds rows, not a query to run again, and
gives back a queryset whose rows are already there. When the key is missing under load,
one request recomputes it while the others wait for its result (a lock in the cache), so
a cold cache costs one query, not one per request.

The program names these `properties/utils.py`; that file re-exports them.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django_redis import get_redis_connection
from redis.exceptions import RedisError

from properties.cache import (
    ALL_PROPERTIES,
    ALL_PROPERTIES_LOCK,
    ALL_PROPERTIES_TIMEOUT,
    LOCK_SECONDS,
    cache_is_current,
    list_generation,
)
from properties.models import Property

logger = logging.getLogger(__name__)

WAIT_SECONDS = 2.0  # how long the others wait for it before querying themselves
POLL_SECONDS = 0.02
# The waiters' clock, replaceable in tests (a clock of their own, not real time).
monotonic = time.monotonic
sleep = time.sleep


def get_all_properties() -> QuerySet[Property]:
    """Every property, newest first: from the cache, or from one query stored for an hour.
    The queryset returned holds its rows: iterating it makes no query."""
    if not cache_is_current():  # a write may not have reached the cache: do not trust it
        return _query()
    properties = cache.get(ALL_PROPERTIES)
    if properties is not None:
        return properties  # type: ignore[no-any-return]
    token = uuid.uuid4().hex
    acquired = cache.add(ALL_PROPERTIES_LOCK, token, LOCK_SECONDS)
    if acquired is None:  # django-redis with Redis down: no cache, so no one to wait for
        return _query()
    if acquired:
        try:
            # The previous holder may have stored the list between our miss and our lock.
            properties = cache.get(ALL_PROPERTIES)
            return _recompute() if properties is None else properties
        finally:
            if cache.get(ALL_PROPERTIES_LOCK) == token:
                cache.delete(ALL_PROPERTIES_LOCK)
    return _wait_for_recompute()


def _query() -> QuerySet[Property]:
    """Every property, evaluated now (len() fills the queryset's rows): one query."""
    properties = Property.objects.all()
    len(properties)
    return properties


def _recompute() -> QuerySet[Property]:
    """Query and store. If a write started a new generation meanwhile, the rows read may be
    older than it: drop what was stored (the writer's own delete may have come first)."""
    generation = list_generation()
    properties = _query()
    cache.set(ALL_PROPERTIES, properties, ALL_PROPERTIES_TIMEOUT)
    if list_generation() != generation:
        cache.delete(ALL_PROPERTIES)
    return properties


def _wait_for_recompute() -> QuerySet[Property]:
    """Another request holds the lock: take its result when it lands, or query ourselves
    after WAIT_SECONDS (it may have died)."""
    deadline = monotonic() + WAIT_SECONDS
    while monotonic() < deadline:
        sleep(POLL_SECONDS)
        properties = cache.get(ALL_PROPERTIES)
        if properties is not None:
            return properties  # type: ignore[no-any-return]
    return _query()


def get_redis_cache_metrics() -> dict[str, Any]:
    """Redis's keyspace hits and misses since it started, and the hit ratio. With a cache
    that is not Redis, or a Redis that does not answer, `available` is false and `detail`
    says why."""
    try:
        info = get_redis_connection("default").info("stats")
    except NotImplementedError:
        return _unavailable("the cache is not Redis (set REDIS_URL)")
    except RedisError as error:
        return _unavailable(f"Redis did not answer: {error}")
    hits, misses = int(info["keyspace_hits"]), int(info["keyspace_misses"])
    total_requests = hits + misses
    hit_ratio = hits / total_requests if total_requests > 0 else 0
    metrics = {
        "available": True,
        "keyspace_hits": hits,
        "keyspace_misses": misses,
        "total_requests": total_requests,
        "hit_ratio": round(hit_ratio, 4),
    }
    logger.info("Redis cache metrics: %s", metrics)
    return metrics


def _unavailable(detail: str) -> dict[str, Any]:
    logger.warning("Redis cache metrics unavailable: %s", detail)
    return {"available": False, "detail": detail}
