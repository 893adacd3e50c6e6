"""Redis stopped or unreachable: slower, never failing. The errors are logged and bypassed."""

from __future__ import annotations

import logging
import socket
from decimal import Decimal

import pytest
from config.env import cache_from_url
from django.conf import LazySettings
from django.db import connection
from django.test import Client
from django.utils import timezone
from properties.models import Property
from properties.utils import get_all_properties
from rest_framework.test import APIClient
from tests.conftest import MakeProperty, RedisServer

pytestmark = pytest.mark.task("api.redis_down")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nobody listens once the probe is closed


def titles(path: str) -> list[str]:
    response = Client().get(path)
    assert response.status_code == 200
    body = response.json()
    return [row["title"] for row in body.get("data", body.get("results", []))]


def test_a_wrong_redis_url_serves_from_the_database(
    settings: LazySettings, make_property: MakeProperty, caplog: pytest.LogCaptureFixture
) -> None:
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{closed_port()}/0")}
    make_property(title="still here")
    with caplog.at_level(logging.WARNING, logger="django_redis"):
        assert titles("/properties/") == ["still here"]
        assert titles("/api/properties/") == ["still here"]
    assert "Connection" in caplog.text  # logged, not raised


def test_redis_stopped_mid_run_keeps_serving_fresh_rows(
    redis_server: RedisServer, make_property: MakeProperty
) -> None:
    make_property(title="before")
    assert titles("/properties/") == ["before"]  # now cached in Redis
    redis_server.stop()
    Property.objects.filter(title="before").update(price=Decimal("9.99"))
    make_property(title="after the outage")
    assert titles("/properties/") == ["after the outage", "before"]
    assert APIClient().get("/properties/metrics/").json()["available"] is False


def every_list() -> list[list[str]]:
    """The titles in get_all_properties() (read first: it must not trust the cache either),
    the JSON view and the API's first page."""
    low_level = [p.title for p in get_all_properties()]
    return [low_level, titles("/properties/"), titles("/api/properties/")]


def test_a_write_made_while_redis_was_unreachable_shows_once_it_is_back(
    settings: LazySettings, redis_server: RedisServer, make_property: MakeProperty
) -> None:
    """The write could not drop the cached list; Redis comes back still holding it."""
    make_property(title="before")
    assert every_list() == [["before"]] * 3  # cached in Redis, and in this process
    reachable = settings.CACHES
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{closed_port()}/0")}
    make_property(title="during the outage")
    settings.CACHES = reachable
    assert every_list() == [["during the outage", "before"]] * 3


def test_a_process_that_saw_an_outage_drops_the_cache_when_redis_is_back(
    settings: LazySettings, redis_server: RedisServer, make_property: MakeProperty
) -> None:
    """Another process wrote while Redis was unreachable (here: a raw INSERT, no signal):
    this one, having seen the outage, trusts nothing cached before it."""
    make_property(title="before")
    assert every_list() == [["before"]] * 3
    reachable = settings.CACHES
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{closed_port()}/0")}
    assert titles("/properties/") == ["before"]  # from the database: the outage is seen
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO properties_property (title, description, price, location, created_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            ["written elsewhere", "d", 1, "Oslo", timezone.now()],
        )
    settings.CACHES = reachable
    assert every_list() == [["written elsewhere", "before"]] * 3


def test_without_a_cache_every_read_reads_the_database(
    settings: LazySettings, make_property: MakeProperty
) -> None:
    """Django's DummyCache keeps nothing, so no list is served from a cache (bench.py's
    uncached server runs on it): a write the app never hears of shows at once."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    make_property(title="before")
    assert titles("/properties/") == ["before"]
    with connection.cursor() as cursor:  # raw SQL: nothing invalidates a cached list
        cursor.execute("UPDATE properties_property SET title = 'after'")
    assert titles("/properties/") == ["after"]
