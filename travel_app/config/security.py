"""What every request meets before a view runs, and how password checks are rationed.

- RequestBodyPolicyMiddleware: a body over the size limit is a 413; a text body that is
  not UTF-8, JSON nested deeper than the limit, or JSON holding a lone surrogate
  ("\\ud800", which no database can store) is a 400 naming the problem.
- client_address(): the socket's address, or the one the configured number of trusted
  proxies reported in X-Forwarded-For; a client cannot choose its own.
- SigninThrottleBackend and SigninThrottleMiddleware: every password check that goes
  through django.contrib.auth.authenticate() (API token, browsable-API login, admin, web
  sign-in) counts its failures against one limit per account and one per client address;
  past either, the answer is a 429 with Retry-After, even for the right password.

The same file in every Django module of the portfolio (tools/tests checks the copies
agree); each module's tests/ prove it through that module's own endpoints.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape

logger = logging.getLogger(__name__)

# The limits, each overridable by a setting of the same name.
DEFAULT_LIMITS = {
    "REQUEST_BODY_MAX_BYTES": 1024 * 1024,
    "REQUEST_UPLOAD_MAX_BYTES": 10 * 1024 * 1024,  # multipart bodies: photos and files
    "REQUEST_JSON_MAX_DEPTH": 32,
    "SIGNIN_FAILURES_PER_ACCOUNT": 10,
    "SIGNIN_FAILURES_PER_ADDRESS": 30,  # higher: people behind one NAT share an address
    "SIGNIN_WINDOW_SECONDS": 15 * 60,
}

TEXT_TYPES = ("application/x-www-form-urlencoded", "application/graphql", "text/")
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
BRACKET = re.compile(r"[\[\]{}]")

clock: Callable[[], float] = time.time  # tests replace it to stand at a chosen instant


def limit(name: str) -> int:
    """A limit from settings, else its default."""
    return int(getattr(settings, name, DEFAULT_LIMITS[name]))


# --- request bodies ------------------------------------------------------------------


class RequestBodyPolicyMiddleware:
    """Refuses bodies no view could handle safely, before any view (or error page) runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = body_problem(request)
        if problem is not None:
            status, message = problem
            return JsonResponse({"detail": message}, status=status)
        return self.get_response(request)


def body_problem(request: HttpRequest) -> tuple[int, str] | None:
    """(status, message) for a body this policy refuses, else None."""
    content_type = request.content_type or ""
    multipart = content_type.startswith("multipart/")
    most = limit("REQUEST_UPLOAD_MAX_BYTES" if multipart else "REQUEST_BODY_MAX_BYTES")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 400, "the Content-Length header is not a number"
    if length > most:
        return 413, f"the request body is larger than {most} bytes"
    if multipart or length <= 0:
        return None
    is_json = content_type == "application/json" or content_type.endswith("+json")
    if not is_json and not content_type.startswith(TEXT_TYPES):
        return None
    return text_problem(request.body, content_type, is_json)


def text_problem(body: bytes, content_type: str, is_json: bool) -> tuple[int, str] | None:
    if content_type == "application/x-www-form-urlencoded":
        body = unquote_to_bytes(body)  # the form's %-escapes must spell UTF-8 too
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return 400, "the request body is not valid UTF-8 text"
    if not is_json:
        return None
    deepest = limit("REQUEST_JSON_MAX_DEPTH")
    if json_depth(text) > deepest:
        return 400, f"the JSON body is nested more than {deepest} levels deep"
    return surrogate_problem(text)


def json_depth(text: str) -> int:
    """How deep arrays and objects nest, counted without parsing (so without recursion);
    brackets inside strings do not count."""
    depth = deepest = 0
    for bracket in BRACKET.findall(JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def surrogate_problem(text: str) -> tuple[int, str] | None:
    """A lone surrogate escape decodes to a string no encoder (or database) accepts."""
    try:
        json.dumps(json.loads(text), ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return 400, "the JSON body holds a lone surrogate escape such as \\ud800, not a character"
    except ValueError:
        return None  # not JSON at all: the view's parser says so in its own words
    return None


# --- who is asking -------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    """The socket's peer, unless TRUSTED_PROXIES proxies stand in front: then the address
    the outermost of them saw, counted from the right of X-Forwarded-For (the entries to
    its left are whatever the client wrote). DRF's NUM_PROXIES applies the same rule."""
    proxies = int(getattr(settings, "TRUSTED_PROXIES", 0))
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [hop for hop in forwarded if hop]
    if proxies <= 0 or not forwarded:
        return peer
    return forwarded[-min(proxies, len(forwarded))]


# --- password checks -----------------------------------------------------------------


class SigninThrottleBackend(ModelBackend):
    """ModelBackend whose password checks are rationed: failures are counted per account
    and per client address in fixed windows; past either limit, no password is checked
    at all until the window ends."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        counters = failure_counters(request, str(username))
        wait = seconds_refused(counters)
        if wait:
            if request is not None:
                # A DRF Request wraps the HttpRequest that the middleware will see.
                getattr(request, "_request", request).signin_retry_after = wait
            raise PermissionDenied  # authenticate() stops here: no other backend tries
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            for key, _ in counters:
                count_failure(key)
        return user


def failure_counters(request: HttpRequest | None, username: str) -> list[tuple[str, int]]:
    """(cache key, limit) for the account and, when known, the client address, in the
    current window."""
    window = int(clock() // limit("SIGNIN_WINDOW_SECONDS"))
    account = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    counters = [
        (f"signin-failures:{window}:account:{account}", limit("SIGNIN_FAILURES_PER_ACCOUNT"))
    ]
    if request is not None:
        address = client_address(request)
        counters.append(
            (f"signin-failures:{window}:address:{address}", limit("SIGNIN_FAILURES_PER_ADDRESS"))
        )
    return counters


def seconds_refused(counters: list[tuple[str, int]]) -> int:
    """Seconds until the window ends if any counter reached its limit, else 0."""
    try:
        counts = cache.get_many([key for key, _ in counters])
    except Exception:  # the cache is down: check passwords unthrottled rather than none
        logger.warning("sign-in throttle: cache unavailable, not counting", exc_info=True)
        return 0
    if all(counts.get(key, 0) < most for key, most in counters):
        return 0
    window = limit("SIGNIN_WINDOW_SECONDS")
    return max(1, int(window - clock() % window))


def count_failure(key: str) -> None:
    window = limit("SIGNIN_WINDOW_SECONDS")
    try:
        cache.add(key, 0, timeout=window)
        cache.incr(key)
    except ValueError:  # expired between add and incr: this failure opens a new count
        cache.set(key, 1, timeout=window)
    except Exception:  # the cache is down, see seconds_refused
        logger.warning("sign-in throttle: cache unavailable, not counting", exc_info=True)


class SigninThrottleMiddleware:
    """Turns the answer to a refused sign-in (a form error, a 401) into a 429 with
    Retry-After, in the page's own format."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        wait = getattr(request, "signin_retry_after", None)
        if wait is None:
            return response
        message = (
            f"Too many failed sign-ins for this account or address; try again in {wait} seconds."
        )
        if response.get("Content-Type", "").startswith("text/html"):
            refused: HttpResponse = HttpResponse(
                f"<!doctype html><title>Too many sign-ins</title><p>{escape(message)}</p>",
                status=429,
            )
        else:
            refused = JsonResponse({"detail": message}, status=429)
        refused["Retry-After"] = str(wait)
        return refused
