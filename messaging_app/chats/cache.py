"""The cached pages of a conversation's message list, and how a write drops them.

Every page key carries the conversation's current version token. A write does not hunt
down the pages (one per user, page and filter): it deletes the token, so the next read
makes a new one and every old page becomes unreachable at once (they expire on their own
within MESSAGE_LIST_CACHE_SECONDS).
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest


def _version_key(conversation_id: uuid.UUID) -> str:
    return f"chats:messages:version:{conversation_id}"


def _current_version(conversation_id: uuid.UUID) -> str:
    key = _version_key(conversation_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)  # two first readers agree on one
        version = cache.get(key)
    return str(version)


def page_key(conversation_id: uuid.UUID, request: HttpRequest) -> str:
    """The key of what `request` (its user, host, page and filters) sees of the list."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    user_id = getattr(request.user, "pk", "anonymous")
    digest = hashlib.sha256(f"{request.get_host()}?{query}".encode()).hexdigest()[:32]
    return (
        f"chats:messages:{conversation_id}:{_current_version(conversation_id)}:{user_id}:{digest}"
    )


def cached_page(key: str) -> Any:
    return cache.get(key)


def store_page(key: str, data: Any) -> None:
    cache.set(key, data, timeout=settings.MESSAGE_LIST_CACHE_SECONDS)


def invalidate_message_list(conversation_id: uuid.UUID) -> None:
    """Drop every cached page of the conversation: now, so that this transaction's own
    later reads miss, and again after commit, so that a page a concurrent reader cached
    from the old rows in between is dropped too."""
    cache.delete(_version_key(conversation_id))
    transaction.on_commit(lambda: cache.delete(_version_key(conversation_id)))
