"""The cache keys of the property list, and the one way to drop them all.

Two layers cache the list: the JSON pages (`cache_page`, per URL) and the evaluated
queryset (`all_properties`). Both are tied to a *generation*: a random token every write
replaces. Page keys carry it in their prefix, so a new generation leaves every old page
out of reach at once; `all_properties` is deleted with it.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

ALL_PROPERTIES = "all_properties"
ALL_PROPERTIES_TIMEOUT = 3600
ALL_PROPERTIES_LOCK = "all_properties:lock"
GENERATION = "property_list:generation"
PAGE_TIMEOUT = 60 * 15


def list_generation() -> str | None:
    """The current generation token (made on first use; two first readers agree), or None
    when the cache cannot keep one (Redis down, or Django's DummyCache)."""
    generation = cache.get(GENERATION)
    if generation is None:
        cache.add(GENERATION, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION)
    return None if generation is None else str(generation)


def invalidate_property_cache() -> None:
    """Start a new generation and drop `all_properties`: now, so that this transaction's
    own later reads miss, and again after commit, so that whatever a concurrent reader
    cached from the old rows in between is dropped too."""
    _drop()
    transaction.on_commit(_drop)


def _drop() -> None:
    cache.set(GENERATION, uuid.uuid4().hex, timeout=None)
    cache.delete(ALL_PROPERTIES)
