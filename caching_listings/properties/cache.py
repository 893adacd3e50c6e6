"""The cache keys of the property list, and the one way to drop them all.

Two layers cache the list: the JSON pages (`cache_page`, per URL) and the evaluated
queryset (`all_properties`). Both are tied to a *generation*: a random token every write
replaces. Page keys carry it in their prefix, so a new generation leaves every old page
out of reach at once; `all_properties` is deleted with it.

Redis may be unreachable when a write happens: the new generation is then not stored,
and Redis comes back still holding the old pages. So a process that could not store one,
or that saw Redis fail at all (another process may have written meanwhile), owes the
cache an invalidation: until it is delivered, this process serves nothing cached, and it
delivers it at its next read or write once Redis answers.
"""

from __future__ import annotations

import threading
import uuid

from django.core.cache import cache
from django.db import transaction

ALL_PROPERTIES = "all_properties"
ALL_PROPERTIES_TIMEOUT = 3600
ALL_PROPERTIES_LOCK = "all_properties:lock"
LOCK_SECONDS = 10  # the longest a recompute may hold the lock (if its process dies)
GENERATION = "property_list:generation"
PAGE_TIMEOUT = 60 * 15


# Set while this process owes the cache an invalidation; the lock makes delivering one,
# and deciding that nothing more is owed, one step.
_owed = threading.Event()
_delivering = threading.Lock()


def list_generation() -> str | None:
    """The current generation token (made on first use; two first readers agree), or None
    when the cache cannot keep one (Redis down, or Django's DummyCache) or may hold rows
    older than a write (an invalidation is owed and still cannot be delivered)."""
    if not cache_is_current():
        return None
    generation = cache.get(GENERATION)
    if generation is None:
        cache.add(GENERATION, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION)
    if generation is None:  # Redis did not answer: a write elsewhere may go unannounced
        _owed.set()
        return None
    return str(generation)


def cache_is_current() -> bool:
    """Whether what the cache holds may be served: yes, unless this process owes it an
    invalidation; then it tries to deliver it now (one thread at a time)."""
    if _owed.is_set() and _delivering.acquire(blocking=False):
        try:
            _deliver()
        finally:
            _delivering.release()
    return not _owed.is_set()


def invalidate_property_cache() -> None:
    """Start a new generation and drop `all_properties`: now, so that this transaction's
    own later reads miss, and again after commit, so that whatever a concurrent reader
    cached from the old rows in between is dropped too."""
    _drop()
    transaction.on_commit(_drop)


def _drop() -> None:
    with _delivering:
        _deliver()


def _deliver() -> None:
    """Store a new generation and delete `all_properties`; owe it while either fails (the
    caller holds `_delivering`). A success also pays for every earlier failure: it comes
    after their writes."""
    token = uuid.uuid4().hex
    cache.set(GENERATION, token, timeout=None)
    # Read back: set() reports no failure (django-redis ignores it; delete() gives None).
    stored = cache.get(GENERATION) == token
    if stored and cache.delete(ALL_PROPERTIES) is not None:
        _owed.clear()
    else:
        _owed.set()
