"""The cached listing pages (list and detail), and the one way to drop them all.

Every key carries the current generation, a random token that any write to a listing or
a booking replaces: all pages cached before it are out of reach at once (availability
searches depend on bookings too), and expire on their own.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.core.cache import cache
from django.db import transaction

GENERATION = "listings:generation"
PAGE_SECONDS = 300


def _generation() -> str:
    token = cache.get(GENERATION)
    if token is None:
        cache.add(GENERATION, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION)
    return str(token)


def page_key(full_path: str) -> str:
    """The URL hashed: a client's query string may be long and hold any character; a
    key stays short and safe for every cache backend."""
    digest = hashlib.sha256(full_path.encode()).hexdigest()
    return f"listings:page:{_generation()}:{digest}"


def cached_page(key: str) -> Any:
    return cache.get(key)


def store_page(key: str, data: Any) -> None:
    cache.set(key, data, PAGE_SECONDS)


def invalidate_listing_pages() -> None:
    """A new generation now, so this transaction's later reads miss, and again after
    commit, so a page a concurrent reader built from the old rows in between is dropped."""
    cache.delete(GENERATION)
    transaction.on_commit(lambda: cache.delete(GENERATION))
