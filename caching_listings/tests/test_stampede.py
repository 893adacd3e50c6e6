"""A cold `all_properties` under load: one request queries, the others wait for it."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from properties import utils
from properties.cache import ALL_PROPERTIES, ALL_PROPERTIES_LOCK
from properties.models import Property
from properties.utils import get_all_properties
from tests.conftest import MakeProperty

pytestmark = pytest.mark.task("cache.stampede")
CLIENTS = 20


def property_queries(sql: str) -> bool:
    return "properties_property" in sql and sql.lstrip().upper().startswith("SELECT")


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_misses_make_one_query(make_property: MakeProperty) -> None:
    for number in range(5):
        make_property(title=f"p{number}")
    start = threading.Barrier(CLIENTS)
    queries: list[str] = []
    results: list[list[Property] | BaseException] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        if property_queries(sql):
            queries.append(sql)
        return execute(sql, *args)

    def client() -> None:
        try:
            with connection.execute_wrapper(count):
                start.wait()
                results.append(get_all_properties())
        except BaseException as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == CLIENTS
    assert all(result == list(Property.objects.all()) for result in results), results[:1]
    assert len(queries) == 1, f"{len(queries)} queries for {CLIENTS} concurrent misses"
    assert cache.get(ALL_PROPERTIES_LOCK) is None  # released


def test_a_lock_holder_that_never_delivers_is_not_waited_for_forever(
    make_property: MakeProperty, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    """The lock's owner died: after WAIT_SECONDS the request queries the database itself."""
    make_property()
    monkeypatch.setattr(utils, "WAIT_SECONDS", 0.1)
    cache.add(ALL_PROPERTIES_LOCK, "someone else", 60)
    with django_assert_num_queries(1):
        found = get_all_properties()
    assert found == list(Property.objects.all())
    assert cache.get(ALL_PROPERTIES) is None  # not ours to store: the owner's lock stands


def test_a_waiter_takes_the_result_that_lands(
    make_property: MakeProperty, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    make_property()
    cache.add(ALL_PROPERTIES_LOCK, "someone else", 60)
    delivered = list(Property.objects.all())
    timer = threading.Timer(0.1, lambda: cache.set(ALL_PROPERTIES, delivered, 60))
    timer.start()
    with django_assert_num_queries(0):
        assert get_all_properties() == delivered
    timer.join()
