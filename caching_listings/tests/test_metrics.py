"""The program's get_redis_cache_metrics(): keyspace_hits and keyspace_misses from Redis's
INFO (through django_redis), the hit ratio hits / (hits + misses), or 0 when there was no
request, logged. The names of the dictionary's keys are the learner's: the test finds the
hits, the misses and the ratio by what their names say."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core.cache import cache
from properties.utils import get_redis_cache_metrics
from tests.conftest import RedisServer

pytestmark = pytest.mark.task("cache.metrics")


def read(metrics: Any) -> tuple[float, float, float]:
    """(hits, misses, hit ratio) from the dictionary returned, wherever its keys say so."""
    assert isinstance(metrics, dict), f"not a dictionary: {metrics!r}"
    flat = dict(metrics)
    for value in metrics.values():
        if isinstance(value, dict):
            flat.update(value)
    found: dict[str, float] = {}
    for key, value in flat.items():
        name = str(key).lower()
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            continue
        try:
            number = float(value)
        except ValueError:
            continue
        if "ratio" in name or "rate" in name or "percent" in name:
            if "percent" in name or "%" in str(value):
                number /= 100
            found.setdefault("ratio", number)
        elif "hit" in name:
            found.setdefault("hits", number)
        elif "miss" in name:
            found.setdefault("misses", number)
    missing = {"hits", "misses", "ratio"} - set(found)
    assert not missing, f"no {', '.join(sorted(missing))} in {metrics!r}"
    return found["hits"], found["misses"], found["ratio"]


def test_no_request_yet_is_a_ratio_of_zero(redis_server: RedisServer) -> None:
    assert read(get_redis_cache_metrics()) == (0, 0, 0)


def test_three_hits_and_two_misses(redis_server: RedisServer) -> None:
    cache.set("present", "yes")
    for key in ("present", "present", "absent", "present", "absent"):
        cache.get(key)
    hits, misses, ratio = read(get_redis_cache_metrics())
    assert (hits, misses) == (3, 2)
    assert ratio == pytest.approx(0.6, abs=0.01), f"hit ratio {ratio}, not 3 / (3 + 2)"


def test_the_metrics_are_logged(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """Logged through logging (any logger, any level), or printed: both say it."""
    cache.get("absent")
    with caplog.at_level(logging.DEBUG):
        get_redis_cache_metrics()
    said = caplog.text + capsys.readouterr().out
    assert "hit" in said.lower(), "the metrics were not logged"
