"""Small helpers the GitHub client is built on: nested lookups, JSON over HTTP, memoizing.

Program-style module: imported as top-level `utils` (this folder is not a package).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from typing import Any, TypeVar

import requests

T = TypeVar("T")


def access_nested_map(nested_map: Mapping[Any, Any], path: Sequence[Any]) -> Any:
    """Follow `path` key by key into `nested_map` and return what is at its end.

    Raises KeyError with the missing key, also when a value on the way is not a mapping
    (`{"a": 1}` has nothing under ("a", "b"): KeyError('b'), not a TypeError from `1["b"]`).
    """
    for key in path:
        if not isinstance(nested_map, Mapping):
            raise KeyError(key)
        nested_map = nested_map[key]
    return nested_map


def get_json(url: str) -> Any:
    """GET `url` and return its decoded JSON body.

    Like the program's version it does not call `raise_for_status()`: tests and peers'
    fakes hand back objects that only have `.json()`. An HTTP error therefore comes back
    as its JSON error body (GitHub's `{"message": "Not Found"}`), which the client turns
    into a KeyError naming the field it lacks; a network failure raises requests' own
    ConnectionError, naming the host.
    """
    return requests.get(url).json()


def memoize(fn: Callable[[Any], T]) -> property:
    """Turn a one-argument method into a property computed on first access, then cached.

    The value is kept on the instance (as `_<name>`), so each instance computes its own.
    """
    attr_name = f"_{fn.__name__}"

    @wraps(fn)
    def memoized(self: Any) -> T:
        if not hasattr(self, attr_name):
            setattr(self, attr_name, fn(self))
        return getattr(self, attr_name)

    return property(memoized)
