"""A cold `all_properties` under load: one request queries, the others wait for it. The
waiters' clock is the test's: nothing here depends on how fast the machine is."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from properties import selectors
from properties.cache import ALL_PROPERTIES, ALL_PROPERTIES_LOCK
from properties.models import Property
from properties.selectors import get_all_properties
from tests.conftest import MakeProperty

pytestmark = pytest.mark.task("cache.stampede")
CLIENTS = 20


def property_queries(sql: str) -> bool:
    return "properties_property" in sql and sql.lstrip().upper().startswith("SELECT")


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_misses_make_one_query(
    make_property: MakeProperty, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The waiters wait as long as the lock holder takes, however busy the machine: giving
    # up after WAIT_SECONDS is for a holder that died (the next test).
    monkeypatch.setattr(selectors, "WAIT_SECONDS", 600)
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
                results.append(list(get_all_properties()))
        except BaseException as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert len(results) == CLIENTS
    assert all(result == list(Property.objects.all()) for result in results), results[:1]
    assert len(queries) == 1, f"{len(queries)} queries for {CLIENTS} concurrent misses"
    assert cache.get(ALL_PROPERTIES_LOCK) is None  # released


def test_a_lock_holder_that_never_delivers_is_not_waited_for_forever(
    make_property: MakeProperty, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    """The lock's owner died: after WAIT_SECONDS the request queries the database itself.
    (Each of the waiter's sleeps moves its clock on; no real time passes.)"""
    make_property()
    now = [1000.0]
    monkeypatch.setattr(selectors, "monotonic", lambda: now[0])
    monkeypatch.setattr(selectors, "sleep", lambda seconds: now.__setitem__(0, now[0] + seconds))
    cache.add(ALL_PROPERTIES_LOCK, "someone else", 60)
    with django_assert_num_queries(1):
        found = list(get_all_properties())
    assert now[0] >= 1000.0 + selectors.WAIT_SECONDS
    assert found == list(Property.objects.all())
    assert cache.get(ALL_PROPERTIES) is None  # not ours to store: the owner's lock stands


def test_a_waiter_takes_the_result_that_lands(
    make_property: MakeProperty, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    """The lock holder stores its result while this request waits (here: during the
    waiter's first pause), and the waiter takes it without a query."""
    make_property()
    cache.add(ALL_PROPERTIES_LOCK, "someone else", 60)
    delivered = list(Property.objects.all())
    monkeypatch.setattr(
        selectors, "sleep", lambda seconds: cache.set(ALL_PROPERTIES, delivered, 60)
    )
    with django_assert_num_queries(0):
        assert list(get_all_properties()) == delivered


def test_an_empty_list_is_cached_too(db: None, django_assert_num_queries: Any) -> None:
    """No property yet is an answer too: a cold empty table costs one query, once."""
    assert list(get_all_properties()) == []
    with django_assert_num_queries(0):
        assert list(get_all_properties()) == []
