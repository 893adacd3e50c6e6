"""django-middleware: the rate limit (5 message POSTs a minute per client) holds across
the web's two gunicorn workers, because it is counted in Redis.

gunicorn's sync workers answer one request at a time. The smoke opens a POST and sends
its headers but not the blank line that ends them: the worker that accepted it waits for
the rest and answers nothing else. Five POSTs then all go to the other worker and pass
the limiter (401: the view wants a signed-in user). Finished last, the held POST is
answered by the first worker, which saw none of the five: 429 all the same. One more
POST is refused too, whichever worker takes it.

Each request carries an X-Request-ID; after `down` and `up` the request log, on its
named volume, still holds every one of them.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPResponse

from tools.containers.smokes import Config, Smoke
from tools.containers.stack import Stack, StackError, http

LIMIT = 5  # RATE_LIMIT, per client and minute
CSRF = "a" * 32  # a CSRF secret: the cookie and the header only have to match
HEADERS = {
    "Host": "localhost:8000",
    "Content-Type": "application/json",
    "Cookie": f"csrftoken={CSRF}",
    "X-CSRFToken": CSRF,
}
BODY = b'{"body": "hi"}'
REQUEST_LOG = "/home/app/logs/requests.log"  # the web's REQUEST_LOG_PATH, on request-logs
HELD, *QUICK = [f"containers-smoke-{number}" for number in range(LIMIT + 2)]


def post(stack: Stack, request_id: str) -> int:
    headers = {**HEADERS, "X-Request-ID": request_id}
    status, _ = http(stack.url("web", 8000, "/api/messages/"), BODY, headers)
    return status


@contextmanager
def held_post(stack: Stack) -> Iterator[socket.socket]:
    """A POST sent up to its last header: the worker that took it waits for the rest."""
    with socket.create_connection((stack.address("web"), 8000), timeout=30) as connection:
        headers = {**HEADERS, "X-Request-ID": HELD, "Content-Length": f"{len(BODY)}"}
        lines = ["POST /api/messages/ HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items())]
        connection.sendall("".join(f"{line}\r\n" for line in lines).encode())
        yield connection


def finish(connection: socket.socket) -> int:
    connection.sendall(b"\r\n" + BODY)
    response = HTTPResponse(connection)
    response.begin()
    return response.status


def refused_by_either_worker(stack: Stack) -> None:
    *through, last = QUICK
    with held_post(stack) as held:
        passed = [post(stack, request_id) for request_id in through]
        held_status = finish(held)
    if passed != [401] * LIMIT or held_status != 429:
        raise StackError(
            f"the other worker answered {passed} (the limiter let them through: 401 each), "
            f"then the held POST's worker {held_status}, not 429"
        )
    if (status := post(stack, last)) != 429:
        raise StackError(f"a POST past the limit answered {status}, not 429")


def logged(stack: Stack) -> None:
    log = stack.compose("exec", "-T", "web", "cat", REQUEST_LOG)
    missing = [rid for rid in (HELD, *QUICK) if f"Request-ID: {rid}" not in log]
    if missing:
        raise StackError(f"the request log lost {missing} across down and up")


@contextmanager
def open_all_day(stack: Stack, config: Config) -> Iterator[None]:
    """Equal start and end: the chat open at any hour. With .env.example's 18:00 to 21:00,
    most of the day the POSTs would be refused (403) before the limiter counts them."""
    config["services"]["web"]["environment"].update(ACCESS_START="00:00", ACCESS_END="00:00")
    yield


SMOKE = Smoke(run=refused_by_either_worker, persisted=logged, prepare=open_all_day)
