"""Exercise 101 (101-safely_get_value.py): a TypeVar ties the default to the values."""

from collections.abc import Mapping
from typing import Any, TypeVar

T = TypeVar("T")


def safely_get_value(dct: Mapping[Any, T], key: Any, default: T | None = None) -> Any | T:
    """Return dct[key] when key is in dct, otherwise default."""
    # `in`, not dct.get(key) or default: a stored None or 0 is a value, not a miss.
    if key in dct:
        return dct[key]
    return default
