"""The cached listing pages (list and detail), and the one way to drop them all.

Every page is stored with the generation current when it was built, a random token that
any write to a listing or a booking replaces: all pages cached before it are stale at once
(availability searches depend on bookings too), and expire on their own. The generation
and the page are read together, in one round trip.

Redis is optional (config/cache.py): while it fails, pages are built from the database
and not kept. A write then cannot replace the generation, and Redis would come back
holding pages older than the write. So a process that saw Redis fail at all (another
process may have written meanwhile) owes the cache an invalidation: until it has
delivered it, at its next page read or write once Redis answers, it serves and keeps
no cached page. (A process that saw no failure may serve a page written before the
outage until the owing process delivers, at most PAGE_SECONDS: the honest bound of a
generation kept in the cache rather than in the database, where every booking would
update one shared row.)
"""

from __future__ import annotations

import hashlib
import logging
import threading
import uuid
from typing import Any

from config.cache import CACHE_ERRORS
from django.core.cache import cache
from django.db import transaction

GENERATION = "listings:generation"
PAGE_SECONDS = 300

logger = logging.getLogger(__name__)
# Set while this process owes the cache an invalidation; the lock makes delivering one
# and deciding that nothing more is owed one step.
_owed = threading.Event()
_delivering = threading.Lock()


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


def page_for(full_path: str) -> tuple[Any, str | None]:
    """cached_page(), or (None, None) while Redis fails or an owed invalidation cannot
    be delivered yet: build the page from the database, and keep nothing."""
    if _owed.is_set() and _delivering.acquire(blocking=False):
        try:
            _deliver()
        finally:
            _delivering.release()
    if _owed.is_set():
        return None, None
    try:
        return cached_page(full_path)
    except CACHE_ERRORS:
        _failed()
        return None, None


def keep_page(full_path: str, generation: str | None, data: Any) -> None:
    """store_page() when page_for() gave a generation; a cache error is not the caller's."""
    if generation is None:
        return
    try:
        store_page(full_path, generation, data)
    except CACHE_ERRORS:
        _failed()


def invalidate_listing_pages() -> None:
    """A new generation now, so this transaction's later reads miss, and again after
    commit, so a page a concurrent reader built from the old rows in between is dropped.
    With Redis down both are owed, never an error for the write that committed."""
    _drop()
    transaction.on_commit(_drop)


def _drop() -> None:
    with _delivering:
        _deliver()


def _deliver() -> None:
    """Delete the generation; owe it while that fails (the caller holds `_delivering`).
    A success also pays for every earlier failure: it comes after their writes."""
    try:
        cache.delete(GENERATION)
    except CACHE_ERRORS:
        _failed()
    else:
        _owed.clear()


def _failed() -> None:
    logger.warning("listing pages: the cache does not answer, served from the database")
    _owed.set()
