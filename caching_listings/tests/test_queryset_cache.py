"""The low-level cache: get_all_properties() under `all_properties`, for an hour."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from properties.cache import ALL_PROPERTIES, invalidate_property_cache
from properties.models import Property
from properties.utils import get_all_properties
from tests.conftest import MakeProperty, RedisServer

pytestmark = pytest.mark.task("cache.queryset")


def test_a_miss_queries_once_and_stores_the_evaluated_list(
    make_property: MakeProperty, django_assert_num_queries: Any
) -> None:
    made = [make_property(title=f"p{n}") for n in range(3)]
    with django_assert_num_queries(1):
        first = get_all_properties()
    assert first == list(Property.objects.all()) == made[::-1]
    assert cache.get("all_properties") == first
    with django_assert_num_queries(0):
        assert get_all_properties() == first


def test_an_empty_list_is_cached_too(db: None, django_assert_num_queries: Any) -> None:
    assert get_all_properties() == []
    with django_assert_num_queries(0):
        assert get_all_properties() == []


def test_stored_for_an_hour(redis_server: RedisServer, make_property: MakeProperty) -> None:
    make_property()
    get_all_properties()
    assert 3590 <= cache.ttl(ALL_PROPERTIES) <= 3600  # type: ignore[attr-defined]
    assert redis_server.client.exists(cache.make_and_validate_key(ALL_PROPERTIES))


def test_rows_read_before_a_write_are_not_kept(make_property: MakeProperty) -> None:
    """A write that lands while the list is being read (here: during its query) makes
    what the read stores useless; it is dropped instead of being served for an hour."""
    from django.db import connection

    make_property()

    def write_meanwhile(execute: Any, sql: str, *args: Any) -> Any:
        result = execute(sql, *args)
        invalidate_property_cache()
        return result

    with connection.execute_wrapper(write_meanwhile):
        get_all_properties()
    assert cache.get(ALL_PROPERTIES) is None
