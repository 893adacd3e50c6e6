"""The program's invalidation: post_save and post_delete receivers drop `all_properties`,
so get_all_properties() shows every saved or deleted property at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from properties.models import Property
from properties.utils import get_all_properties
from tests.conftest import MakeProperty

pytestmark = pytest.mark.task("cache.invalidation")


def rows(properties: Any) -> list[tuple[int, str, str]]:
    return sorted((p.pk, p.title, f"{p.price:.2f}") for p in properties)


def _renamed(title: str, new: str) -> None:
    instance = Property.objects.get(title=title)
    instance.title = new
    instance.save()


WRITES: dict[str, Callable[[], Any]] = {
    "create": lambda: Property.objects.create(
        title="new", description="d", price=9, location="Accra"
    ),
    "save": lambda: _renamed("first", "renamed"),
    "delete": lambda: Property.objects.get(title="first").delete(),
    "queryset delete": lambda: Property.objects.filter(location="Lisbon").delete(),
}


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_a_write_shows_at_once(make_property: MakeProperty, write: str) -> None:
    make_property(title="first")
    make_property(title="second", location="Nairobi")
    list(get_all_properties())  # cached now
    WRITES[write]()
    expected = rows(Property.objects.all())
    assert rows(get_all_properties()) == expected, f"stale after {write}: all_properties kept"
