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

from django.http import HttpRequest, HttpResponse

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
