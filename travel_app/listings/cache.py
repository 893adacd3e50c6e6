"""The cached listing pages (list and detail), and the one way to drop them all.

Every page is stored with the generation current when it was built, a random token that
any write to a listing or a booking replaces: all pages cached before it are stale at once
(availability searches depend on bookings too), and expire on their own. The generation
and the page are read together, in one round trip.
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


def _page_key(full_path: str) -> str:
    """The URL hashed: a client's query string may be long and hold any character; a
    key stays short and safe for every cache backend."""
    return f"listings:page:{hashlib.sha256(full_path.encode()).hexdigest()}"


def cached_page(full_path: str) -> tuple[Any, str]:
    """(the page, or None, and the current generation), in one round trip to the cache.
    A page stored under an older generation is a miss. Build a missed page after this
    call and store it with the generation returned: a write in between then makes that
    page stale at once, rather than letting it pass for fresh."""
    key = _page_key(full_path)
    found = cache.get_many([GENERATION, key])
    generation = found.get(GENERATION) or _generation()
    stored = found.get(key)
    if stored is not None and stored[0] == generation:
        return stored[1], generation
    return None, generation


def store_page(full_path: str, generation: str, data: Any) -> None:
    cache.set(_page_key(full_path), (generation, data), PAGE_SECONDS)


def invalidate_listing_pages() -> None:
    """A new generation now, so this transaction's later reads miss, and again after
    commit, so a page a concurrent reader built from the old rows in between is dropped."""
    cache.delete(GENERATION)
    transaction.on_commit(lambda: cache.delete(GENERATION))
