"""A copy of the latest list pages in the process, in front of the page cache in Redis.

A cached page of 5,000 properties is over a megabyte: fetching it from Redis on every
request costs more than everything else the request does. So each process keeps the pages
it served last, tagged with the list's generation. A request still reads the generation
from Redis (a few bytes), so a write anywhere drops these copies at once: never stale,
unlike a plain per-process cache.

Only pages that are the same for every client are kept, in either layer: a page rendered
for a signed-in user, or holding the client's CSRF token (the browsable API's HTML), is
marked private and rendered for each request. The rest are keyed by the absolute URL
(scheme, host, path and query: the API's links name them) and the Accept header.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_page

from properties.cache import PAGE_TIMEOUT, list_generation

View = Callable[..., HttpResponse]

MAX_PAGES = 8  # per process: a handful of URLs of one generation
# The request headers a kept page is keyed by, besides its URL: a page that varies by any
# other (Cookie, Authorization) is not kept here, so no client gets another's.
KEYED_HEADERS = frozenset({"accept"})


class LocalPages:
    def __init__(self, max_pages: int = MAX_PAGES) -> None:
        self._max_pages = max_pages
        self._generation = ""
        self._pages: OrderedDict[tuple[str, str], HttpResponse] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, generation: str, request: HttpRequest) -> HttpResponse | None:
        """A fresh copy of the page stored for this generation, absolute URL and Accept."""
        with self._lock:
            if generation != self._generation:
                return None
            stored = self._pages.get(_key(request))
            if stored is None:
                return None
            self._pages.move_to_end(_key(request))
        return _copy(stored)

    def put(self, generation: str, request: HttpRequest, response: HttpResponse) -> None:
        """Keep a successful page shared by every client; a new generation empties the
        store. Call it once the response is rendered."""
        if response.status_code != 200 or response.streaming or not _shared(response):
            return
        with self._lock:
            if generation != self._generation:
                self._generation, self._pages = generation, OrderedDict()
            self._pages[_key(request)] = _copy(response)
            while len(self._pages) > self._max_pages:
                self._pages.popitem(last=False)


def _key(request: HttpRequest) -> tuple[str, str]:
    # The absolute URL, as cache_page's own key: the API's page links name scheme and
    # host. The API answers JSON or HTML by the Accept header (DRF sends Vary: Accept).
    return request.build_absolute_uri(), request.headers.get("Accept", "")


def _shared(response: HttpResponse) -> bool:
    """Whether the page may be served to any client asking for the same URL and Accept."""
    varies_by = {name.strip().lower() for name in response.get("Vary", "").split(",")}
    private = "private" in response.get("Cache-Control", "")
    return not private and varies_by - {""} <= KEYED_HEADERS


def _copy(response: HttpResponse) -> HttpResponse:
    """Same status, headers and body (the bytes are shared, not copied): each request gets
    a response object of its own to add its headers to."""
    copy = HttpResponse(response.content, status=response.status_code)
    for name, value in response.items():
        copy[name] = value
    return copy


local_pages = LocalPages()


def cache_list_page(view: View) -> View:
    """cache_page(60 * 15) under a key prefix naming the list's current generation, behind
    the copy of the latest pages in this process (`local_pages`).

    The generation is read once, when the request arrives: a page built from rows older
    than a write is stored under the old generation, where nobody looks any more. The
    server keeps pages 15 minutes, but browsers and proxies are told to ask again each
    time (`no-cache`): they cannot hear of a write. A signed-in client's page, or one
    holding a CSRF token, is private: neither kept nor served from a cache."""
    marked = _private_if_personal(view)

    @wraps(view)
    def cached(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return serve_list_page(marked, request, *args, **kwargs)

    return cached


def serve_list_page(view: View, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """One request to a cached list: this process's copy, else the page cache, else the
    view; a signed-in client always gets the view's own answer."""
    generation = None if request.user.is_authenticated else list_generation()
    if generation is None:  # no cache to tell a write happened: no page is safe to keep
        response = view(request, *args, **kwargs)
    else:
        response = local_pages.get(generation, request)
        if response is None:
            response = _cache_page(generation, view, request, *args, **kwargs)
    # After cache_page has stored it: a page marked no-cache is one it would not keep.
    _when_rendered(response, _ask_again)
    return response


def _cache_page(
    generation: str, view: View, request: HttpRequest, *args: Any, **kwargs: Any
) -> HttpResponse:
    prefix = f"property_list.{generation}"
    response = cache_page(PAGE_TIMEOUT, key_prefix=prefix)(view)(request, *args, **kwargs)
    _when_rendered(response, lambda done: local_pages.put(generation, request, done))
    return response


def _private_if_personal(view: View) -> View:
    """The view, its answer marked private when it is one client's alone, before
    cache_page (which keeps no private page) sees it rendered."""

    @wraps(view)
    def marked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        _when_rendered(response, lambda done: _mark_personal(request, done))
        return response

    return marked


def _mark_personal(request: HttpRequest, response: HttpResponse) -> None:
    # CSRF_COOKIE_NEEDS_UPDATE: rendering used the client's CSRF token.
    if request.user.is_authenticated or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        patch_cache_control(response, private=True)


def _ask_again(response: HttpResponse) -> None:
    """Browsers and proxies revalidate every time; a private page stays private."""
    private = "private" in response.get("Cache-Control", "")
    response["Cache-Control"] = "no-cache, private" if private else "no-cache"
    del response["Expires"]


def _when_rendered(response: HttpResponse, callback: Callable[[HttpResponse], None]) -> None:
    """Run `callback` on the response now, or once a DRF/template response is rendered."""
    if getattr(response, "is_rendered", True):
        callback(response)
    else:
        response.add_post_render_callback(callback)  # type: ignore[attr-defined]
