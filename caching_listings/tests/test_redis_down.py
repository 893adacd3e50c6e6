"""Redis stopped or unreachable: slower, never failing. The errors are logged and bypassed."""

from __future__ import annotations

import logging
import socket
from decimal import Decimal

import pytest
from config.env import cache_from_url
from django.conf import LazySettings
from django.test import Client
from properties.models import Property
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
