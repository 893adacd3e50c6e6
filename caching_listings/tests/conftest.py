"""Shared fixtures: a cache key prefix of each test's own, properties, and private Redis
servers for the tests that read Redis's own counters or stop it."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
import redis
from config.env import cache_from_url
from django.conf import LazySettings
from django.http import HttpResponse
from properties.models import Property

MakeProperty = Callable[..., Property]


def listed(response: HttpResponse) -> list[dict[str, Any]]:
    """The properties in an answer of /properties/, as the program's readings give them:
    `{"data": [...]}` (or another single list in an object), a bare list, or the rows of
    django.core.serializers (`{"model", "pk", "fields"}`), flattened."""
    assert response.status_code == 200, response.content[:500]
    body = json.loads(response.content)
    if isinstance(body, dict):
        lists = [value for value in body.values() if isinstance(value, list)]
        assert "data" in body or len(lists) == 1, f"no list of properties in {body!r:.300}"
        body = body["data"] if "data" in body else lists[0]
    assert isinstance(body, list), f"not a list of properties: {body!r:.300}"
    return [{"id": row.get("pk"), **row["fields"]} if "fields" in row else row for row in body]


@pytest.fixture(autouse=True)
def own_cache(settings: LazySettings) -> None:
    """A key prefix of the test's own: with REDIS_URL set, the cache is a real Redis that
    other runs share, so it is never cleared."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    }


@pytest.fixture
def make_property(db: None) -> MakeProperty:
    """make_property(title=..., price=..., location=...): a saved property."""

    def make(
        title: str = "Loft by the river", price: str = "120.00", location: str = "Lisbon"
    ) -> Property:
        return Property.objects.create(
            title=title,
            description=f"{title}, sleeps four.",
            price=Decimal(price),
            location=location,
        )

    return make


class RedisServer:
    """A redis-server process of the test's own on a free port: its INFO counters count
    only this test's commands, and stopping it harms no one."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("needs the redis-server program (Debian: apt-get install redis-server)")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.url = f"redis://127.0.0.1:{self.port}/0"
        command = [
            binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        # Ready when it says so (or gone when its output ends): no polling of the clock.
        assert self.process.stdout is not None
        said: list[str] = []
        for line in self.process.stdout:
            said.append(line)
            if "Ready to accept connections" in line:
                break
        else:
            self.process.wait()
            pytest.fail(f"redis-server did not start on port {self.port}: {''.join(said)}")
        # Whatever it says later is read and dropped, so that it never waits on the pipe.
        threading.Thread(target=self.process.stdout.read, daemon=True).start()
        self.client = redis.Redis.from_url(self.url)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis_server(settings: LazySettings) -> Iterator[RedisServer]:
    """The default cache on a private Redis, through django-redis as in production."""
    server = RedisServer()
    settings.CACHES = {"default": cache_from_url(server.url)}
    try:
        yield server
    finally:
        server.stop()
