"""Caching helpers for the property listings."""

import logging

from django.core.cache import cache
from django_redis import get_redis_connection

from properties.models import Property

log = logging.getLogger("properties.cache")

CACHE_KEY = "all_properties"
ONE_HOUR = 60 * 60


def get_all_properties():
    """Return every property, from Redis when possible."""
    properties = cache.get(CACHE_KEY)
    if properties is not None:
        return properties
    properties = list(Property.objects.all())
    cache.set(CACHE_KEY, properties, timeout=ONE_HOUR)
    return properties


def get_redis_cache_metrics():
    stats = get_redis_connection("default").info("stats")
    keyspace_hits = int(stats["keyspace_hits"])
    keyspace_misses = int(stats["keyspace_misses"])
    total_requests = keyspace_hits + keyspace_misses
    if total_requests > 0:
        hit_rate = keyspace_hits / total_requests * 100
    else:
        hit_rate = 0
    print(f"keyspace hits={keyspace_hits} misses={keyspace_misses} hit rate={hit_rate:.1f}%")
    return {
        "keyspace_hits": keyspace_hits,
        "keyspace_misses": keyspace_misses,
        "total_requests": total_requests,
        "hit_rate_percent": round(hit_rate, 1),
    }
