"""The fake PokeAPI: real data for 21 Pokémon, and routes that fail on purpose.

`GET /api/v2/pokemon/<name or id>` answers like https://pokeapi.co/api/v2 for the
Pokémon in pokemon.json (#1-#20 and #25, with their real height, weight, types and
abilities); anything else is a 404 with the body `Not Found`, as the real API answers.
Special names exist only here, for the scripts' failure paths:

    error      always 500
    malformed  200 with a body that is not valid JSON
    slow       answers only after `slow_seconds` (30 s), or when the server stops

`fail_first={"charmander": 2}` (or `fail_next("charmander", 2)`) makes the next two
requests for that Pokémon answer 500; `fail_next(name, n, DROP)` closes the connection
without an answer instead (curl: "empty reply", a network failure) and
`fail_next(name, n, NOT_FOUND_FAILURE)` answers 404. `latency` delays every response.
Every request is logged, so a test can count a script's retries and see how many ran at
once; `gate(n)` holds every request until n are in flight together, so that a test of
concurrency waits for the requests to overlap instead of hoping a delay makes them.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, cast

DATA_FILE = Path(__file__).with_name("pokemon.json")
API_PREFIX = "/api/v2"
POKEMON_PREFIX = f"{API_PREFIX}/pokemon/"
SPRITES = "https://raw.githubusercontent.com/PokeAPI/sprites/master/sprites/pokemon"
TYPES = (
    "normal fighting flying poison ground rock bug ghost steel fire water grass electric"
    " psychic ice dragon dark fairy"
)
TYPE_IDS = {name: number for number, name in enumerate(TYPES.split(), start=1)}  # as the API
ERROR, MALFORMED, SLOW = "error", "malformed", "slow"
# How fail_next() makes a request fail: a 500, a dropped connection, a 404.
SERVER_ERROR_FAILURE, DROP, NOT_FOUND_FAILURE = "500", "drop", "404"
FAILURES = (SERVER_ERROR_FAILURE, DROP, NOT_FOUND_FAILURE)
MALFORMED_BODY = b'{"name": "malformed", "height": 4, "weight": '  # cut off mid-object

Json = dict[str, Any]


def load_pokemon() -> list[Json]:
    """The compact records of pokemon.json, in Pokédex order."""
    records: list[Json] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return records


POKEMON = load_pokemon()
NAMES = [record["name"] for record in POKEMON]


def api_shape(record: Json, base_url: str) -> Json:
    """A compact record as the real API returns it; its links point at `base_url`."""
    number = record["id"]
    return {
        "id": number,
        "name": record["name"],
        "base_experience": record["base_experience"],
        "height": record["height"],
        "weight": record["weight"],
        "order": record["order"],
        "is_default": True,
        "abilities": [
            {
                "ability": {
                    "name": ability["name"],
                    "url": f"{base_url}/ability/{ability['id']}/",
                },
                "is_hidden": ability["is_hidden"],
                "slot": ability["slot"],
            }
            for ability in record["abilities"]
        ],
        "types": [
            {"slot": slot, "type": {"name": name, "url": f"{base_url}/type/{TYPE_IDS[name]}/"}}
            for slot, name in enumerate(record["types"], start=1)
        ],
        "species": {"name": record["name"], "url": f"{base_url}/pokemon-species/{number}/"},
        "sprites": {
            "front_default": f"{SPRITES}/{number}.png",
            "back_default": f"{SPRITES}/back/{number}.png",
        },
        "location_area_encounters": f"{base_url}/pokemon/{number}/encounters",
    }


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


NOT_FOUND = Response(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"Not Found")
DROPPED = Response(0, "", b"")  # no answer at all: the handler closes the connection
SERVER_ERROR = Response(
    HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", b"Internal Server Error"
)


@dataclass(frozen=True)
class Request:
    """One logged request: its path (query string removed) and when it arrived."""

    path: str
    started: float  # time.monotonic()


class FakePokeApi:
    """The server, on a daemon thread: `with FakePokeApi() as api: curl api.url + ...`."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        latency: float = 0.0,
        fail_first: Mapping[str, int] | None = None,
        slow_seconds: float = 30.0,
    ) -> None:
        self.host, self.requested_port = host, port
        self.default_latency = latency
        self.latency = latency  # seconds added to every response; tests may change it
        self.slow_seconds = slow_seconds
        self._initial_failures = {
            name: (times, SERVER_ERROR_FAILURE) for name, times in (fail_first or {}).items()
        }
        self._failures = dict(self._initial_failures)
        self._lock = threading.Lock()
        self._log: list[Request] = []
        # Requests being answered, by the reset() they came after: a /slow request a test
        # gave up on is still "in flight" for its 30 s, and must not count for the next test.
        self._generation = 0
        self._in_flight: Counter[int] = Counter()
        self._max_in_flight = 0
        self._gate_size = 0  # gate(): hold requests until this many are in flight (0: open)
        self._gate_seconds = 0.0
        self._gate_open = threading.Event()
        self._gate_broken = False
        self._stopping = threading.Event()  # wakes every sleeping handler at stop()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._by_key = {str(record["id"]): record for record in POKEMON} | {
            record["name"]: record for record in POKEMON
        }

    # Lifecycle

    def start(self) -> FakePokeApi:
        if self._httpd is not None:
            raise RuntimeError("the fake PokeAPI is already started")
        self._stopping.clear()
        self._httpd = _Server((self.host, self.requested_port), _Handler)
        self._httpd.api = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fakepokeapi",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._stopping.set()
        self._gate_open.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join()
        self._httpd = self._thread = None

    def __enter__(self) -> FakePokeApi:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the fake PokeAPI is not started")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The base that replaces https://pokeapi.co/api/v2, e.g. http://127.0.0.1:PORT/api/v2."""
        return f"http://{self.host}:{self.port}{API_PREFIX}"

    # What tests set and read

    def fail_next(self, name: str, times: int, how: str = SERVER_ERROR_FAILURE) -> None:
        """Fail the next `times` requests for `name`, then answer normally: with a 500
        (SERVER_ERROR_FAILURE), a connection closed without an answer (DROP) or a 404
        (NOT_FOUND_FAILURE)."""
        if how not in FAILURES:
            raise ValueError(f"unknown failure {how!r}: one of {FAILURES}")
        with self._lock:
            self._failures[name] = (times, how)

    def gate(self, size: int, seconds: float = 10.0) -> None:
        """Hold every request until `size` of them are in flight at once, then let all
        through. A request held `seconds` without company opens the gate for good (and
        `gate_broken` says so), so that code that never overlaps its requests fails its
        test after one wait, not one wait per request."""
        with self._lock:
            self._gate_size, self._gate_seconds = size, seconds
            self._gate_broken = False
            self._gate_open.clear()

    @property
    def gate_broken(self) -> bool:
        """Whether a held request waited out the gate's `seconds` (see `gate`)."""
        with self._lock:
            return self._gate_broken

    def reset(self) -> None:
        """Forget the log and failures and restore the latency: a fresh server for a test."""
        with self._lock:
            self._log.clear()
            self._failures = dict(self._initial_failures)
            self._generation += 1
            self._max_in_flight = 0
            self._gate_size, self._gate_broken = 0, False
            self._gate_open.set()
        self.latency = self.default_latency

    def requests(self) -> list[Request]:
        with self._lock:
            return list(self._log)

    def request_times(self, name: str) -> list[float]:
        """When each request for Pokémon `name` arrived (time.monotonic())."""
        return [
            request.started for request in self.requests() if pokemon_key(request.path) == name
        ]

    def count(self, name: str) -> int:
        """How many requests asked for Pokémon `name`."""
        return len(self.request_times(name))

    @property
    def max_in_flight(self) -> int:
        """The most requests handled at the same time since the last reset()."""
        with self._lock:
            return self._max_in_flight

    # Answering

    def respond(self, path: str) -> Response:
        """The response to GET `path`, after the delays this request calls for."""
        # The links in the body name this server: read its URL now, while it runs. A /slow
        # answer is written after stop(), when the server no longer has a port.
        base_url = self.url
        with self._lock:
            self._log.append(Request(path, time.monotonic()))
            generation = self._generation
            self._in_flight[generation] += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight[generation])
            gated = self._gate_size > 0
            if gated and self._in_flight[generation] >= self._gate_size:
                self._gate_open.set()
        try:
            if gated:
                self._wait_at_gate()
            self._stopping.wait(self.latency)
            return self._answer(path, base_url)
        finally:
            with self._lock:
                self._in_flight[generation] -= 1

    def _wait_at_gate(self) -> None:
        if self._gate_open.wait(self._gate_seconds) or self._stopping.is_set():
            return
        with self._lock:
            self._gate_broken = True
        self._gate_open.set()

    def _answer(self, path: str, base_url: str) -> Response:
        key = pokemon_key(path)
        if key is None:
            return NOT_FOUND
        failure = self._take_failure(key)
        if failure == DROP:
            return DROPPED
        if failure == NOT_FOUND_FAILURE:
            return NOT_FOUND
        if key == ERROR or failure == SERVER_ERROR_FAILURE:
            return SERVER_ERROR
        if key == MALFORMED:
            return Response(HTTPStatus.OK, "application/json; charset=utf-8", MALFORMED_BODY)
        if key == SLOW:
            self._stopping.wait(self.slow_seconds)
            return self._json({**self._by_key["pikachu"], "name": SLOW}, base_url)
        record = self._by_key.get(key)
        return NOT_FOUND if record is None else self._json(record, base_url)

    def _take_failure(self, key: str) -> str | None:
        """How this request for `key` must fail, or None."""
        with self._lock:
            left, how = self._failures.get(key, (0, SERVER_ERROR_FAILURE))
            if left <= 0:
                return None
            self._failures[key] = (left - 1, how)
            return how

    def _json(self, record: Json, base_url: str) -> Response:
        body = json.dumps(api_shape(record, base_url), separators=(",", ":")).encode()
        return Response(HTTPStatus.OK, "application/json; charset=utf-8", body)

    def pokemon(self, name: str) -> Json:
        """What GET /pokemon/<name> answers, as a dict (for tests to compare with)."""
        return api_shape(self._by_key[name], self.url)


def pokemon_key(path: str) -> str | None:
    """`bulbasaur` for /api/v2/pokemon/bulbasaur (or .../bulbasaur/); None off that route."""
    if not path.startswith(POKEMON_PREFIX):
        return None
    key = path.removeprefix(POKEMON_PREFIX).removesuffix("/")
    return key if key and "/" not in key else None


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler still sleeping never holds up the process's exit
    request_queue_size = 64  # the bench opens 8 connections at once, tests more
    api: FakePokeApi

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (curl's --max-time, a killed job) closed the socket before
        # the answer: expected here, not worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server_version = "fakepokeapi"

    def do_GET(self) -> None:
        api = cast(_Server, self.server).api
        response = api.respond(self.path.split("?", 1)[0])
        if response is DROPPED:
            self.close_connection = True
            return
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the request log is api.requests(); stderr stays for the scripts' messages
