"""The view cache: /properties/ is cache_page(60 * 15), keyed by the list's generation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone
from properties.cache import ALL_PROPERTIES, GENERATION
from properties.models import Property
from tests.conftest import MakeProperty, RedisServer

pytestmark = pytest.mark.task("cache.view")


def data(client: Client) -> list[dict[str, Any]]:
    response = client.get("/properties/")
    assert response.status_code == 200
    return list(response.json()["data"])


def test_the_program_contract(client: Client, make_property: MakeProperty) -> None:
    make_property(title="Villa in Dakar", price="250.00", location="Dakar")
    [row] = data(client)
    assert (row["title"], row["price"], row["location"]) == ("Villa in Dakar", "250.00", "Dakar")
    assert {"id", "description", "created_at"} <= set(row)


def test_a_second_read_makes_no_query(
    client: Client, make_property: MakeProperty, django_assert_num_queries: Any
) -> None:
    make_property()
    first = client.get("/properties/")
    with django_assert_num_queries(0):
        second = client.get("/properties/")
    assert second.content == first.content


def test_the_server_keeps_pages_fifteen_minutes_and_browsers_ask_again(
    client: Client, redis_server: RedisServer, db: None
) -> None:
    response = client.get("/properties/")
    # Browsers and proxies cannot hear of a write: they must come back every time.
    assert response["Cache-Control"] == "no-cache"
    assert "Expires" not in response
    [page] = redis_server.client.keys("*views.decorators.cache.cache_page.property_list.*")
    assert 890 <= redis_server.client.ttl(page) <= 900


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


def test_a_write_by_another_process_shows_at_once(
    client: Client, make_property: MakeProperty
) -> None:
    """Another process's write reaches this one through the generation in the cache, not
    through this process's memory: here, a new token and a row no signal announced."""
    make_property(title="first")
    assert len(data(client)) == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO properties_property (title, description, price, location, created_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            ["second", "d", 1, "Oslo", timezone.now()],
        )
    assert len(data(client)) == 1  # nobody said the list changed: this copy stands
    cache.set(GENERATION, "another-process-token", timeout=None)
    cache.delete(ALL_PROPERTIES)
    assert [row["title"] for row in data(client)] == ["second", "first"]


def test_the_api_keeps_html_and_json_apart(client: Client, make_property: MakeProperty) -> None:
    make_property()
    html = client.get("/api/properties/", HTTP_ACCEPT="text/html")
    json_ = client.get("/api/properties/", HTTP_ACCEPT="application/json")
    assert html["Content-Type"].startswith("text/html")
    assert json_["Content-Type"] == "application/json"


def gets(server: RedisServer) -> int:
    return int(server.client.info("commandstats").get("cmdstat_get", {}).get("calls", 0))


def test_each_query_string_is_its_own_page_and_all_are_dropped_by_a_write(
    client: Client, make_property: MakeProperty, django_assert_num_queries: Any
) -> None:
    make_property(title="one")
    for query in ("", "?utm=a", "?utm=b"):
        client.get(f"/properties/{query}")
    Property.objects.create(title="two", description="d", price=1, location="Kigali")
    for query in ("", "?utm=a", "?utm=b"):
        assert len(client.get(f"/properties/{query}").json()["data"]) == 2
