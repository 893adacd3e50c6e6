"""Beyond the program: how the cached pages are served. Browsers are told to ask again,
a warm page costs one small Redis read (the process keeps its own copy), and the API's
HTML and JSON pages are kept apart."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.conftest import MakeProperty, RedisServer

pytestmark = pytest.mark.task("extras.pages")


def test_the_server_keeps_pages_fifteen_minutes_and_browsers_ask_again(
    client: Client, redis_server: RedisServer, db: None
) -> None:
    response = client.get("/properties/")
    # Browsers and proxies cannot hear of a write: they must come back every time.
    assert response["Cache-Control"] == "no-cache"
    assert "Expires" not in response
    [page] = redis_server.client.keys("*views.decorators.cache.cache_page.property_list.*")
    assert 890 <= redis_server.client.ttl(page) <= 900


def gets(server: RedisServer) -> int:
    return int(server.client.info("commandstats").get("cmdstat_get", {}).get("calls", 0))


def test_a_warm_page_costs_one_small_redis_read(
    client: Client, redis_server: RedisServer, make_property: MakeProperty
) -> None:
    """The process keeps its own copy of the page; it only asks Redis for the generation."""
    make_property()
    client.get("/properties/")
    before = gets(redis_server)
    for _ in range(5):
        client.get("/properties/")
    assert gets(redis_server) - before == 5


def test_the_api_keeps_html_and_json_apart(client: Client, make_property: MakeProperty) -> None:
    make_property()
    html = client.get("/api/properties/", HTTP_ACCEPT="text/html")
    json_ = client.get("/api/properties/", HTTP_ACCEPT="application/json")
    assert html["Content-Type"].startswith("text/html")
    assert json_["Content-Type"] == "application/json"
