"""The program's view: `property_list` at /properties/ answers every property as JSON and
is cached with cache_page(60 * 15): a second read makes no query."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from tests.conftest import MakeProperty, RedisServer, listed

pytestmark = pytest.mark.task("cache.view")


def test_every_property_as_json(client: Client, make_property: MakeProperty) -> None:
    make_property(title="Villa in Dakar", price="250.00", location="Dakar")
    make_property(title="Loft by the river", price="120.50", location="Lisbon")
    rows = listed(client.get("/properties/"))
    found = {(row["title"], Decimal(str(row["price"])), row["location"]) for row in rows}
    assert found == {
        ("Villa in Dakar", Decimal("250.00"), "Dakar"),
        ("Loft by the river", Decimal("120.50"), "Lisbon"),
    }


def test_an_empty_list_is_an_empty_list(client: Client, db: None) -> None:
    assert listed(client.get("/properties/")) == []


def test_a_second_read_makes_no_query(
    client: Client, make_property: MakeProperty, django_assert_num_queries: Any
) -> None:
    make_property()
    first = client.get("/properties/")
    with django_assert_num_queries(0):
        second = client.get("/properties/")
    assert second.status_code == 200
    assert second.content == first.content


def test_the_page_is_kept_fifteen_minutes(
    client: Client, redis_server: RedisServer, make_property: MakeProperty
) -> None:
    make_property()
    assert client.get("/properties/").status_code == 200
    pages = redis_server.client.keys("*views.decorators.cache.cache_page*")
    assert pages, "no page stored by cache_page in the cache"
    ttls = [redis_server.client.ttl(page) for page in pages]
    assert all(890 <= ttl <= 900 for ttl in ttls), f"pages kept {ttls} s, not 15 minutes (900 s)"
