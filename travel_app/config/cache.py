"""Redis is optional: a cache error is a miss, and a throttle that cannot count lets the
request through (logged), so an outage slows the API down rather than answering 500."""

from __future__ import annotations

import logging
from typing import Any

from redis.exceptions import RedisError
from rest_framework import throttling

logger = logging.getLogger(__name__)

# What Django's RedisCache raises when Redis is unreachable (refused, timed out, reset).
CACHE_ERRORS = (RedisError,)


class CacheOptionalThrottle(throttling.SimpleRateThrottle):
    """A rate throttle that fails open: with the cache down there is no count to keep, and
    refusing everyone would turn a cache outage into an API outage."""

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except CACHE_ERRORS:
            logger.warning(
                "throttle %s: the cache does not answer, request let through", self.scope
            )
            return True


class ScopedRateThrottle(CacheOptionalThrottle, throttling.ScopedRateThrottle):
    """DRF's ScopedRateThrottle (`throttle_scope` on the view), failing open."""
