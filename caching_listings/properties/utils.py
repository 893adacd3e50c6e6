"""The low-level cache of the property list, and the Redis hit ratio.

get_all_properties(): the evaluated queryset under `all_properties` for an hour. When the
key is missing under load, one request recomputes it while the others wait for its
result (a lock in the cache), so a cold cache costs one query, not one per request.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from django.core.cache import cache
from django_redis import get_redis_connection
from redis.exceptions import RedisError

from properties.cache import (
    ALL_PROPERTIES,
    ALL_PROPERTIES_LOCK,
    ALL_PROPERTIES_TIMEOUT,
    list_generation,
)
from properties.models import Property

logger = logging.getLogger(__name__)

LOCK_SECONDS = 10  # the longest a recompute may hold the lock (if its process dies)
WAIT_SECONDS = 2.0  # how long the others wait for it before querying themselves
POLL_SECONDS = 0.02


def get_all_properties() -> list[Property]:
    """Every property, newest first: from the cache, or from one query stored for an hour."""
    properties = cache.get(ALL_PROPERTIES)
    if properties is not None:
        return list(properties)
    token = uuid.uuid4().hex
    acquired = cache.add(ALL_PROPERTIES_LOCK, token, LOCK_SECONDS)
    if acquired is None:  # django-redis with Redis down: no cache, so no one to wait for
        return _query()
    if acquired:
        try:
            # The previous holder may have stored the list between our miss and our lock.
            properties = cache.get(ALL_PROPERTIES)
            return _recompute() if properties is None else list(properties)
        finally:
            if cache.get(ALL_PROPERTIES_LOCK) == token:
                cache.delete(ALL_PROPERTIES_LOCK)
    return _wait_for_recompute()


def _query() -> list[Property]:
    return list(Property.objects.all())


def _recompute() -> list[Property]:
    """Query and store. If a write started a new generation meanwhile, the rows read may be
    older than it: drop what was stored (the writer's own delete may have come first)."""
    generation = list_generation()
    properties = _query()
    cache.set(ALL_PROPERTIES, properties, ALL_PROPERTIES_TIMEOUT)
    if list_generation() != generation:
        cache.delete(ALL_PROPERTIES)
    return properties


def _wait_for_recompute() -> list[Property]:
    """Another request holds the lock: take its result when it lands, or query ourselves
    after WAIT_SECONDS (it may have died)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        properties = cache.get(ALL_PROPERTIES)
        if properties is not None:
            return list(properties)
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
