"""A copy of the latest list pages in the process, in front of the page cache in Redis.

A cached page of 5,000 properties is over a megabyte: fetching it from Redis on every
request costs more than everything else the request does. So each process keeps the pages
it served last, tagged with the list's generation. A request still reads the generation
from Redis (a few bytes), so a write anywhere drops these copies at once: never stale,
unlike a plain per-process cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_page

from properties.cache import PAGE_TIMEOUT, list_generation

View = Callable[..., HttpResponse]

MAX_PAGES = 8  # per process: a handful of URLs of one generation


class LocalPages:
    def __init__(self, max_pages: int = MAX_PAGES) -> None:
        self._max_pages = max_pages
        self._generation = ""
        self._pages: OrderedDict[tuple[str, str], HttpResponse] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, generation: str, request: HttpRequest) -> HttpResponse | None:
        """A fresh copy of the page stored for this generation, URL and Accept header."""
        with self._lock:
            if generation != self._generation:
                return None
            stored = self._pages.get(_key(request))
            if stored is None:
                return None
            self._pages.move_to_end(_key(request))
        return _copy(stored)

    def put(self, generation: str, request: HttpRequest, response: HttpResponse) -> None:
        """Keep a successful page once it is rendered; a new generation empties the store."""
        if response.status_code != 200 or response.streaming:
            return
        if not getattr(response, "is_rendered", True):  # a DRF/template response, later
            response.add_post_render_callback(lambda done: self.put(generation, request, done))  # type: ignore[attr-defined]
            return
        with self._lock:
            if generation != self._generation:
                self._generation, self._pages = generation, OrderedDict()
            self._pages[_key(request)] = _copy(response)
            while len(self._pages) > self._max_pages:
                self._pages.popitem(last=False)


def _key(request: HttpRequest) -> tuple[str, str]:
    # The API answers JSON or HTML by the Accept header (DRF sends Vary: Accept).
    return request.get_full_path(), request.headers.get("Accept", "")


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
    time (`no-cache`): they cannot hear of a write."""

    @wraps(view)
    def cached(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return serve_list_page(view, request, *args, **kwargs)

    return cached


def serve_list_page(view: View, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """One request to a cached list: this process's copy, else the page cache, else the view."""
    generation = list_generation()
    if generation is None:  # no cache to tell a write happened: no page is safe to keep
        response = view(request, *args, **kwargs)
    else:
        response = local_pages.get(generation, request)
        if response is None:
            response = _cache_page(generation, view, request, *args, **kwargs)
    response["Cache-Control"] = "no-cache"
    del response["Expires"]
    return response


def _cache_page(
    generation: str, view: View, request: HttpRequest, *args: Any, **kwargs: Any
) -> HttpResponse:
    prefix = f"property_list.{generation}"
    response = cache_page(PAGE_TIMEOUT, key_prefix=prefix)(view)(request, *args, **kwargs)
    local_pages.put(generation, request, response)
    return response
