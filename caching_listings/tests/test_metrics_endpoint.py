"""Beyond the program: the metrics' own shape (`available`, `keyspace_hits`, ...), served
at /properties/metrics/, and a cache without counters (local memory, or Redis stopped)
reported as unavailable with the reason, never an error."""

from __future__ import annotations

import logging

import pytest
from django.conf import LazySettings
from django.core.cache import cache
from django.test import Client
from properties.utils import get_redis_cache_metrics
from tests.conftest import RedisServer

pytestmark = pytest.mark.task("extras.metrics_endpoint")


def test_no_request_yet_is_a_ratio_of_zero(redis_server: RedisServer) -> None:
    assert get_redis_cache_metrics() == {
        "available": True,
        "keyspace_hits": 0,
        "keyspace_misses": 0,
        "total_requests": 0,
        "hit_ratio": 0,
    }


def test_three_hits_and_two_misses(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    cache.set("present", "yes")
    for key in ("present", "present", "absent", "present", "absent"):
        cache.get(key)
    with caplog.at_level(logging.INFO, logger="properties"):
        metrics = get_redis_cache_metrics()
    assert (metrics["keyspace_hits"], metrics["keyspace_misses"]) == (3, 2)
    assert (metrics["total_requests"], metrics["hit_ratio"]) == (5, 0.6)
    assert "Redis cache metrics" in caplog.text


def test_the_endpoint_counts_the_list_being_served(redis_server: RedisServer, db: None) -> None:
    client = Client()
    for _ in range(3):
        client.get("/properties/")
    metrics = client.get("/properties/metrics/").json()
    assert metrics["available"] is True
    assert metrics["keyspace_hits"] >= 2  # the second and third reads came from the cache
    assert metrics["hit_ratio"] == round(metrics["keyspace_hits"] / metrics["total_requests"], 4)


def test_without_redis_it_says_unavailable(settings: LazySettings, db: None) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    response = Client().get("/properties/metrics/")
    assert response.status_code == 200
    assert response.json() == {
        "available": False,
        "detail": "the cache is not Redis (set REDIS_URL)",
    }


def test_a_stopped_redis_is_unavailable_not_an_error(redis_server: RedisServer, db: None) -> None:
    redis_server.stop()
    response = Client().get("/properties/metrics/")
    assert response.status_code == 200
    body = response.json()
    assert body["available"] is False
    assert body["detail"].startswith("Redis did not answer")
