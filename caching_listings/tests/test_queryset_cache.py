"""The program's low-level cache: get_all_properties() keeps the properties under the key
`all_properties` for an hour (3600 s); a second call makes no query. Whether it keeps and
returns the queryset (which pickles with its rows) or a list of them, both are the
program's reading."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from properties.utils import get_all_properties
from tests.conftest import MakeProperty, RedisServer

pytestmark = pytest.mark.task("cache.queryset")


def pks(properties: Any) -> list[int]:
    return sorted(item.pk for item in properties)


def test_every_property_stored_under_all_properties(make_property: MakeProperty) -> None:
    made = [make_property(title=f"p{n}") for n in range(3)]
    assert pks(get_all_properties()) == pks(made)
    stored = cache.get("all_properties")
    assert stored is not None, "nothing stored under the key all_properties"
    assert pks(stored) == pks(made)


def test_a_second_call_makes_no_query(
    make_property: MakeProperty, django_assert_num_queries: Any
) -> None:
    made = [make_property(title=f"p{n}") for n in range(3)]
    list(get_all_properties())
    with django_assert_num_queries(0):
        again = list(get_all_properties())
    assert pks(again) == pks(made)


def test_stored_for_an_hour(redis_server: RedisServer, make_property: MakeProperty) -> None:
    make_property()
    list(get_all_properties())
    key = cache.make_and_validate_key("all_properties")
    assert redis_server.client.exists(key), f"no key {key} in Redis"
    ttl = redis_server.client.ttl(key)
    assert 3590 <= ttl <= 3600, f"kept {ttl} s, not an hour (3600 s)"
