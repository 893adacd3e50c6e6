"""Beyond the program: never a stale read. After any write (bulk ones too, which send no
signal, and writes through the API), both lists and both cache layers show the database
at once; a read that raced a write does not keep its rows; another process's write shows
through the generation in the cache; every URL's page is dropped by a write."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from properties.cache import ALL_PROPERTIES, GENERATION, invalidate_property_cache
from properties.models import Property
from properties.utils import get_all_properties
from rest_framework.test import APIClient
from tests.conftest import MakeProperty, listed

pytestmark = pytest.mark.task("extras.never_stale")


def database() -> list[tuple[int, str, str]]:
    return [(p.pk, p.title, f"{p.price:.2f}") for p in Property.objects.all()]


def json_view() -> list[tuple[int, str, str]]:
    rows = Client().get("/properties/").json()["data"]
    return [(row["id"], row["title"], row["price"]) for row in rows]


def api_list() -> list[tuple[int, str, str]]:
    rows = APIClient().get("/api/properties/").json()["results"]
    return [(row["id"], row["title"], row["price"]) for row in rows]


def low_level() -> list[tuple[int, str, str]]:
    return [(p.pk, p.title, f"{p.price:.2f}") for p in get_all_properties()]


READS = (json_view, api_list, low_level)


def warm() -> None:
    for read in READS:
        read()


def assert_fresh() -> None:
    expected = database()
    for read in READS:
        assert read() == expected[: 20 if read is api_list else None], read.__name__


def _save_title(instance: Property, title: str) -> None:
    instance.title = title
    instance.save()


def _with_title(instance: Property, title: str) -> Property:
    instance.title = title
    return instance


WRITES: dict[str, Callable[[], Any]] = {
    "create": lambda: Property.objects.create(
        title="new", description="d", price=9, location="Accra"
    ),
    "save": lambda: Property.objects.filter(title="first").first().save(),  # type: ignore[union-attr]
    "update one": lambda: _save_title(Property.objects.get(title="first"), "renamed"),
    "delete one": lambda: Property.objects.get(title="first").delete(),
    "bulk update": lambda: Property.objects.filter(location="Lisbon").update(
        price=Decimal("1.50")
    ),
    "bulk delete": lambda: Property.objects.filter(location="Lisbon").delete(),
    "bulk create": lambda: Property.objects.bulk_create(
        [Property(title=f"b{n}", description="d", price=n, location="Cairo") for n in range(3)]
    ),
    "bulk_update": lambda: Property.objects.bulk_update(
        [_with_title(p, "bulk-renamed") for p in Property.objects.all()], ["title"]
    ),
}


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_every_kind_of_write_shows_at_once_in_both_lists(
    make_property: MakeProperty, write: str
) -> None:
    make_property(title="first")
    make_property(title="second", location="Nairobi")
    warm()
    WRITES[write]()
    assert_fresh()


def test_writes_through_the_api_show_at_once(make_property: MakeProperty) -> None:
    existing = make_property(title="first")
    staff = APIClient()
    staff.force_authenticate(User.objects.create_user("staff", is_staff=True))
    warm()
    staff.post(
        "/api/properties/",
        {"title": "posted", "description": "d", "price": "5.00", "location": "Tokyo"},
    )
    assert_fresh()
    staff.patch(f"/api/properties/{existing.pk}/", {"price": "77.00"})
    assert_fresh()
    staff.delete(f"/api/properties/{existing.pk}/")
    assert_fresh()


OPERATIONS = st.sampled_from(["create", "update", "delete", "bulk update", "read"])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.tuples(OPERATIONS, st.integers(0, 10)), max_size=12))
def test_any_sequence_of_writes_and_reads_reads_the_database(
    db: None, steps: list[tuple[str, int]]
) -> None:
    """Hypothesis chooses the sequence; after every step, every read equals the database."""
    Property.objects.all().delete()
    for operation, number in steps:
        rows = list(Property.objects.order_by("pk"))
        if operation == "create" or not rows:
            Property.objects.create(
                title=f"t{number}", description="d", price=number, location=f"City{number % 3}"
            )
        elif operation == "update":
            _save_title(rows[number % len(rows)], f"u{number}")
        elif operation == "delete":
            rows[number % len(rows)].delete()
        elif operation == "bulk update":
            Property.objects.filter(location=f"City{number % 3}").update(
                price=Decimal(number) + Decimal("0.25")
            )
        assert_fresh()


def test_rows_read_before_a_write_are_not_kept(make_property: MakeProperty) -> None:
    """A write that lands while the list is being read (here: during its query) makes
    what the read stores useless; it is dropped instead of being served for an hour."""
    make_property()

    def write_meanwhile(execute: Any, sql: str, *args: Any) -> Any:
        result = execute(sql, *args)
        invalidate_property_cache()
        return result

    with connection.execute_wrapper(write_meanwhile):
        get_all_properties()
    assert cache.get(ALL_PROPERTIES) is None


def test_a_write_by_another_process_shows_at_once(
    client: Client, make_property: MakeProperty
) -> None:
    """Another process's write reaches this one through the generation in the cache, not
    through this process's memory: here, a new token and a row no signal announced."""
    make_property(title="first")
    assert len(listed(client.get("/properties/"))) == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO properties_property (title, description, price, location, created_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            ["second", "d", 1, "Oslo", timezone.now()],
        )
    assert len(listed(client.get("/properties/"))) == 1  # nobody said: this copy stands
    cache.set(GENERATION, "another-process-token", timeout=None)
    cache.delete(ALL_PROPERTIES)
    assert [row["title"] for row in listed(client.get("/properties/"))] == ["second", "first"]


def test_each_query_string_is_its_own_page_and_all_are_dropped_by_a_write(
    client: Client, make_property: MakeProperty
) -> None:
    make_property(title="one")
    for query in ("", "?utm=a", "?utm=b"):
        client.get(f"/properties/{query}")
    Property.objects.create(title="two", description="d", price=1, location="Kigali")
    for query in ("", "?utm=a", "?utm=b"):
        assert len(listed(client.get(f"/properties/{query}"))) == 2
