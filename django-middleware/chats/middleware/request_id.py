"""RequestIdMiddleware: an id and a timing header on every response (ours, not the
program's: no other implementation of the program's file has it)."""

from __future__ import annotations

import re
import time
import uuid

from django.http import HttpRequest, HttpResponse  # type: ignore[import-untyped]

from chats.middleware.common import GetResponse

# Letters, digits, dot, underscore and dash, at most 64: enough for a UUID or a trace id,
# and nothing that could split a header or a log line.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id(request: HttpRequest) -> str:
    """The client's X-Request-ID when well-formed (so a trace crosses services), else a new
    one: a huge or malformed id is replaced, never echoed into our headers and logs."""
    offered = request.META.get("HTTP_X_REQUEST_ID", "")
    if isinstance(offered, str) and REQUEST_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the stack: gives the request its id before anyone logs, and stamps the id
    and the time spent below it on every response, refusals and errors included."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request.id = request_id(request)
        # Django turns an exception below into a response before it reaches us, so this
        # runs for 404 and 500 too.
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response["X-Request-ID"] = request.id
        response["Server-Timing"] = server_timing(response.get("Server-Timing"), elapsed_ms)
        return response


def server_timing(existing: str | None, elapsed_ms: float) -> str:
    """Our `app` metric, after any a view has set itself."""
    metric = f"app;dur={elapsed_ms:.2f}"
    return f"{existing}, {metric}" if existing else metric
