import logging

from django.core.cache import cache
from django_redis import get_redis_connection

from .models import Property

logger = logging.getLogger(__name__)

CACHE_TTL = 60  # one hour


def get_all_properties():
    properties = cache.get("all_properties")
    if not properties:
        properties = Property.objects.all()
        cache.set("all_properties", properties, CACHE_TTL)
    return properties


def get_redis_cache_metrics():
    conn = get_redis_connection("default")
    info = conn.info()
    hits = info["keyspace_hits"]
    misses = info["keyspace_misses"]
    hit_ratio = hits / (hits + misses)
    logger.info("Cache hits: %d, misses: %d, hit ratio: %.2f", hits, misses, hit_ratio)
    return {"keyspace_hits": hits, "keyspace_misses": misses, "hit_ratio": hit_ratio}
