import logging

from django.core.cache import cache
from django_redis import get_redis_connection

from .models import Property

logger = logging.getLogger(__name__)


def get_all_properties():
    properties = cache.get("all_properties")
    if properties is None:
        properties = Property.objects.all()
        cache.set("all_properties", properties, 3600)
    return properties


def get_redis_cache_metrics():
    info = get_redis_connection("default").info()
    hits = info["keyspace_hits"]
    misses = info["keyspace_misses"]
    total_requests = hits + misses
    # ratio of requests served by Redis
    hit_ratio = misses / total_requests if total_requests > 0 else 0
    logger.info("hits=%s misses=%s hit_ratio=%s", hits, misses, hit_ratio)
    return {"hits": hits, "misses": misses, "hit_ratio": hit_ratio}
