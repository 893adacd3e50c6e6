"""The program's four middlewares, in the order settings.MIDDLEWARE runs them.

RequestLoggingMiddleware        one line per request, written by a background thread
RestrictAccessByTimeMiddleware  403 outside settings.ACCESS_HOURS
RolepermissionMiddleware        401/403 on settings.ROLE_PROTECTED_PATHS
OffensiveLanguageMiddleware     the program's name for a rate limiter: 429 past the limit

(RequestIdMiddleware, ours, is in chats/request_id.py: this file holds only what the
program's chats/middleware.py holds, so that another implementation can replace it.)

Settings are read on every request (so a changed setting is honoured at once), through
small parsers cached on the raw values; a middleware also parses its settings when it is
built, so a malformed value stops the server at startup with ImproperlyConfigured. The
clock is read through time.time() and django.utils.timezone.now() on every call, never
kept, so that tests can freeze and move it.
"""

from __future__ import annotations

import atexit
import datetime as dt
import ipaddress
import logging
import math
import os
import queue
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from logging.handlers import QueueHandler, QueueListener, RotatingFileHandler
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from config.security import client_address
from django.conf import settings  # type: ignore[import-untyped]
from django.core.cache import cache  # type: ignore[import-untyped]
from django.core.exceptions import ImproperlyConfigured  # type: ignore[import-untyped]
from django.http import HttpRequest, HttpResponse, JsonResponse  # type: ignore[import-untyped]
from django.utils import timezone  # type: ignore[import-untyped]
from redis.exceptions import RedisError

GetResponse = Callable[[HttpRequest], HttpResponse]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

logger = logging.getLogger("chats")
# The request log has its own logger, kept out of "chats" (propagate off in _switch_sink):
# its lines go to the rotating file only, never to the console.
request_logger = logging.getLogger("chats.requests")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Control characters (C0, DEL, C1), Unicode line separators and bidirectional overrides:
# any of them in a logged value could start a fake line or disguise one. The backslash is
# escaped too, so that an escape in the log always means an escaped character.
LOG_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\\]")
# How long the request log's listener waits for more lines once it has written a batch.
LOG_LINGER_S = 0.05
HOUR_MINUTE = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
# Retry-After of the 503 sent while the cache that holds the rate limit is unreachable.
CACHE_DOWN_RETRY_AFTER_S = 30


# --- shared ---------------------------------------------------------------------------


def json_error(status: int, message: str, headers: dict[str, str] | None = None) -> HttpResponse:
    """The one shape of every refusal: {"error": "..."} with its status."""
    return JsonResponse({"error": message}, status=status, headers=headers)


def as_tuple(value: str | Iterable[str]) -> tuple[str, ...]:
    """A setting that lists strings; a lone string is one item, never its characters."""
    return (value,) if isinstance(value, str) else tuple(value)


def path_in(request: HttpRequest, prefixes: str | Iterable[str]) -> bool:
    """Whether the request's path starts with one of the prefixes. path_info, not path:
    it is what URLs are resolved against, so a script prefix cannot hide a protected URL."""
    return bool(request.path_info.startswith(as_tuple(prefixes)))


_warned: set[str] = set()
_warned_lock = threading.Lock()


def warn_once(key: str, message: str, *args: object) -> None:
    """A warning on the "chats" logger the first time `key` comes up in this process: a
    broken log directory must not add a warning to every request."""
    with _warned_lock:
        if key in _warned:
            return
        _warned.add(key)
    logger.warning(message, *args)


# --- RequestLoggingMiddleware ---------------------------------------------------------


class IsoFormatter(logging.Formatter):
    """Timestamps in ISO 8601, UTC, with the offset: unambiguous across servers."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = dt.datetime.fromtimestamp(record.created, dt.UTC)
        return moment.isoformat(timespec="milliseconds")


class RequestLogFile(RotatingFileHandler):
    """The file the listener thread writes, rotated by size.

    Unlike the standard handler, it neither stats and seeks the file before each line
    (to decide on rotation) nor flushes after each one: it counts what it has written, and
    the listener flushes once its queue is empty. Syscalls per line are what made the
    listener thread, competing for the GIL, slow the requests down (see bench.py).
    A write that fails (disk full, directory gone) is reported once per file.
    """

    def __init__(self, path: str, max_bytes: int, backups: int) -> None:
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        if not os.path.isfile(self.baseFilename):
            self.maxBytes = 0  # never rotate /dev/stdout and the like (renaming a device!)
        self.written = os.path.getsize(self.baseFilename) if self.maxBytes else 0

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record) + self.terminator
            if self.maxBytes and self.written and self.written + len(line) >= self.maxBytes:
                self.doRollover()
                self.written = 0
            if self.stream is None:  # closed by a rollover that failed half-way
                self.stream = self._open()
            self.stream.write(line)
            self.written += len(line)
        except Exception:  # as logging.Handler.emit does: a log line never fails a caller
            self.handleError(record)

    def flush(self) -> None:
        self.acquire()  # held while reporting: a flush_request_log() waits for the report
        try:
            if self.stream is not None:
                self.stream.flush()
        except OSError:  # the disk filled up since the lines were buffered
            self.handleError(None)
        finally:
            self.release()

    def close(self) -> None:
        try:
            super().close()  # the file is closed even when its last flush fails
        except OSError:
            self.handleError(None)

    def handleError(self, record: logging.LogRecord | None) -> None:
        where = self.baseFilename
        warn_once(f"request-log:{where}", "request log %s: cannot write", where)


class RequestLogListener(QueueListener):
    """Writes the lines that have queued up, flushes the file once the queue is empty,
    then lingers LOG_LINGER_S before waiting for more: under load one wake-up and one
    write per batch, not per line; a lone line is still written at once."""

    def __init__(self, records: queue.Queue[logging.LogRecord], file: RequestLogFile) -> None:
        super().__init__(records, file)
        self.records = records
        self.wake = threading.Event()

    def dequeue(self, block: bool) -> logging.LogRecord:
        try:
            return self.records.get_nowait()
        except queue.Empty:
            self.flush()
            self.wake.wait(LOG_LINGER_S)
            self.wake.clear()
            return self.records.get(block)

    def flush(self) -> None:
        for handler in self.handlers:
            handler.flush()

    def enqueue_sentinel(self) -> None:
        super().enqueue_sentinel()
        self.wake.set()  # stop() without waiting out the linger


class RequestLogQueue(QueueHandler):
    """What the request thread logs to: it only appends to the queue. Its flush() waits
    until the listener has written the queue out, as a flush means for any handler (so
    logging.shutdown() and a test that flushes every handler see the lines on disk)."""

    def flush(self) -> None:
        flush_request_log()


@dataclass
class LogSink:
    """Where the request logger's records go: a queue the request thread only appends to,
    and the listener thread that empties it into the file (none if the file won't open)."""

    key: tuple[str, int, int]
    records: queue.Queue[logging.LogRecord]
    handler: logging.Handler
    listener: RequestLogListener | None


_sink: LogSink | None = None
_sink_lock = threading.Lock()


def request_log(path: object, max_bytes: int, backups: int) -> logging.Logger:
    """The request logger, writing to `path`. Switching files (a test's new
    REQUEST_LOG_PATH) stops the old listener after it has written what it holds."""
    key = (str(path), int(max_bytes), int(backups))
    if _sink is None or _sink.key != key:
        with _sink_lock:
            if _sink is None or _sink.key != key:
                _switch_sink(key)
    return request_logger


def _switch_sink(key: tuple[str, int, int]) -> None:
    global _sink
    _close_sink()
    _sink = _open_sink(key)
    request_logger.addHandler(_sink.handler)
    request_logger.setLevel(logging.INFO)
    request_logger.propagate = False


def _open_sink(key: tuple[str, int, int]) -> LogSink:
    path, max_bytes, backups = key
    records: queue.Queue[logging.LogRecord] = queue.Queue()
    try:
        # Opened here, not lazily in the thread, so that a missing or read-only directory
        # is found now and reported once, and the requests go on without a log.
        file = RequestLogFile(path, max_bytes, backups)
    except OSError as error:
        where = os.path.abspath(path)
        warn_once(f"request-log:{where}", "request log %s: cannot open (%s)", where, error)
        return LogSink(key, records, logging.NullHandler(), None)
    file.setFormatter(IsoFormatter("%(asctime)s - %(message)s"))
    listener = RequestLogListener(records, file)
    listener.start()
    return LogSink(key, records, RequestLogQueue(records), listener)


def _close_sink() -> None:
    global _sink
    sink, _sink = _sink, None
    if sink is None:
        return
    request_logger.removeHandler(sink.handler)
    if sink.listener is not None:
        sink.listener.stop()  # writes what is queued, then joins the thread
        for handler in sink.listener.handlers:
            handler.close()


def flush_request_log(timeout: float = 5.0) -> bool:
    """Wait until the listener has written every queued line (for tests and shutdown);
    False if it did not within `timeout` seconds."""
    sink = _sink
    if sink is None or sink.listener is None:
        return True
    sink.listener.wake.set()  # no need to wait out the linger
    pending = sink.records
    with pending.all_tasks_done:
        drained = pending.all_tasks_done.wait_for(lambda: pending.unfinished_tasks == 0, timeout)
    sink.listener.flush()  # the last lines may still be in the file's buffer
    return bool(drained)


# Daemon listener threads die with the interpreter: write what they hold first.
atexit.register(_close_sink)


def log_safe(value: object) -> str:
    """The value with every character that could split or disguise a log line escaped."""
    return LOG_UNSAFE.sub(_escape, str(value))


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def username(request: HttpRequest) -> str:
    """The signed-in user's name, or AnonymousUser (also when request.user is not set
    yet: this middleware placed above AuthenticationMiddleware)."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return "AnonymousUser"
    return str(user.get_username())


class RequestLoggingMiddleware:
    """One line per request: `<timestamp> - User: <name> - Path: <path> - Request-ID: <id>`.
    The request thread only formats the line and queues it: a slow disk slows the
    listener thread, never the response."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        log = request_log(
            settings.REQUEST_LOG_PATH, settings.REQUEST_LOG_MAX_BYTES, settings.REQUEST_LOG_BACKUPS
        )
        # request.path, not get_full_path(): a query string may carry a token.
        log.info(
            "User: %s - Path: %s - Request-ID: %s",
            log_safe(username(request)),
            log_safe(request.path),
            log_safe(getattr(request, "id", None) or "-"),
        )
        return self.get_response(request)


# --- RestrictAccessByTimeMiddleware ---------------------------------------------------


@dataclass(frozen=True)
class AccessWindow:
    """From `start` (inclusive) to `end` (exclusive), local time in `zone`. A start after
    the end crosses midnight ("22:00" to "06:00" is the night); equal ones, all day."""

    start: dt.time
    end: dt.time
    zone: ZoneInfo

    def allows(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(self.zone).time()
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def describe(self) -> str:
        return f"{self.start:%H:%M} to {self.end:%H:%M} ({self.zone.key})"


@lru_cache(maxsize=16)
def access_window(hours: tuple[object, ...], zone: str) -> AccessWindow:
    """ACCESS_HOURS and ACCESS_TIME_ZONE parsed, or ImproperlyConfigured naming the fault."""
    if len(hours) != 2:
        raise ImproperlyConfigured(f"ACCESS_HOURS must be (start, end), got {hours!r}")
    start, end = (hour_minute(value) for value in hours)
    try:
        return AccessWindow(start, end, ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"ACCESS_TIME_ZONE: unknown time zone {zone!r}") from error


def hour_minute(value: object) -> dt.time:
    match = HOUR_MINUTE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ImproperlyConfigured(f"ACCESS_HOURS: expected HH:MM (00:00-23:59), got {value!r}")
    return dt.time(int(match[1]), int(match[2]))


def current_access_window() -> AccessWindow:
    return access_window(tuple(settings.ACCESS_HOURS), settings.ACCESS_TIME_ZONE)


class RestrictAccessByTimeMiddleware:
    """403 outside the hours of settings.ACCESS_HOURS, in settings.ACCESS_TIME_ZONE."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        current_access_window()  # a malformed setting fails at startup

    def __call__(self, request: HttpRequest) -> HttpResponse:
        window = current_access_window()
        if not window.allows(timezone.now()):
            return json_error(403, f"the chat is open from {window.describe()}")
        return self.get_response(request)


# --- RolepermissionMiddleware ---------------------------------------------------------


def role_refusal(request: HttpRequest) -> HttpResponse | None:
    """401 for nobody signed in, 403 for a role not allowed, None to let the request on.
    A user object without a role (or an empty one) has no role: 403, never a 500."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return json_error(401, "sign in to use this page")
    role = getattr(user, "role", None)
    if not isinstance(role, str) or role not in as_tuple(settings.ROLE_ALLOWED):
        allowed = ", ".join(as_tuple(settings.ROLE_ALLOWED))
        return json_error(403, f"this page is for these roles only: {allowed}")
    return None


class RolepermissionMiddleware:
    """Guards settings.ROLE_PROTECTED_PATHS as a whole. Needs request.user, so it must
    run after AuthenticationMiddleware (tests/test_order.py shows what breaks if not)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if path_in(request, settings.ROLE_PROTECTED_PATHS):
            refusal = role_refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)


# --- OffensiveLanguageMiddleware (the rate limiter) -----------------------------------


@lru_cache(maxsize=16, typed=True)  # typed: True == 1 and 60.0 == 60 as cache keys
def rate_limit(limit: object, window: object) -> tuple[int, int]:
    """RATE_LIMIT and RATE_LIMIT_WINDOW checked."""
    return whole_number("RATE_LIMIT", limit), whole_number("RATE_LIMIT_WINDOW", window)


def whole_number(name: str, value: object) -> int:
    """At least 1, and whole: the cache's timeouts are whole seconds."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number >= 1, got {value!r}")
    return value


def current_rate_limit() -> tuple[int, int]:
    return rate_limit(settings.RATE_LIMIT, settings.RATE_LIMIT_WINDOW)


def parse_ip(text: object) -> IPAddress | None:
    """An address, or None for anything else (ports, names, garbage). An IPv4 address
    that a dual-stack socket reports as ::ffff:a.b.c.d is the IPv4 address."""
    try:
        address = ipaddress.ip_address(str(text).strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_ip(request: HttpRequest) -> IPAddress | None:
    """The client's address from config.security.client_address: REMOTE_ADDR, unless
    TRUSTED_PROXIES says how many proxies in front append to X-Forwarded-For (then the
    one the outermost proxy wrote). So an X-Forwarded-For the client made up changes
    nothing. None when it is not an address."""
    return parse_ip(client_address(request))


def client_key(address: IPAddress | None) -> str:
    """What is counted: an IPv4 address, or an IPv6 /64 (one subscriber usually holds a
    whole /64, so counting single addresses would let a client rotate through them)."""
    if address is None:
        # No usable address (a Unix socket, garbage from a misconfigured proxy): one
        # shared bucket, so that varying the garbage cannot dodge the limit.
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address)


def take_slot(client: str, limit: int, window: int, now: float) -> int | None:
    """Claim one of the client's `limit` slots for `window` seconds: None if one was
    free, else the whole seconds until the oldest one expires (Retry-After).

    cache.add is atomic (SET NX on Redis, a lock in local memory): two requests, even in
    two processes, never claim the same slot. A slot lives exactly `window` seconds after
    its request, so at most `limit` requests fit in any `window` seconds: a sliding
    window, not a fixed one that allows 2 x limit across a boundary.
    """
    keys = [f"ratelimit:{client}:{n}" for n in range(limit)]
    taken = cache.get_many(keys)  # one round trip, then an add only where a slot looks free
    free = [key for key in keys if key not in taken]
    if any(cache.add(key, now, timeout=window) for key in free):
        return None
    if free:  # every race lost: read who holds the slots now
        taken = cache.get_many(keys)
    # A slot that expires between the read and the add is not retried: at the very edge
    # of the window the answer errs on the side of the limit.
    return retry_after(taken.values(), window, now)


def retry_after(claimed_at: Iterable[Any], window: int, now: float) -> int:
    times = [value for value in claimed_at if isinstance(value, int | float)]
    if not times:
        return 1  # every slot expired since we looked: try again at once
    return min(window, max(1, math.ceil(min(times) + window - now)))


class OffensiveLanguageMiddleware:
    """At most RATE_LIMIT writes (any method but GET, HEAD, OPTIONS, TRACE) to
    RATE_LIMITED_PATHS per client in any RATE_LIMIT_WINDOW seconds, counted in Django's
    cache, so that with Redis every process shares one count. Past it: 429, Retry-After;
    with the cache (Redis) unreachable, 503 and Retry-After.
    A request's slot lasts as long as the cache keeps its key (local memory's clock is
    time.time(), so a test that moves that clock moves the window)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        current_rate_limit()  # a malformed setting fails at startup

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS or not path_in(request, settings.RATE_LIMITED_PATHS):
            return self.get_response(request)
        limit, window = current_rate_limit()
        try:
            wait = take_slot(client_key(client_ip(request)), limit, window, time.time())
        except RedisError as error:
            # Fail closed: a write the limit cannot count is refused, never let through
            # unlimited. Reads do not touch the cache and go on being served.
            logger.warning("rate limit: the cache is unreachable (%s)", error)
            message = "the rate limit cannot be checked right now: try again shortly"
            return json_error(503, message, {"Retry-After": str(CACHE_DOWN_RETRY_AFTER_S)})
        if wait is not None:
            message = f"too many messages: at most {limit} every {window} seconds"
            return json_error(429, message, {"Retry-After": str(wait)})
        return self.get_response(request)
