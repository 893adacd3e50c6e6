"""The fake PokeAPI itself: the real API's shapes and data, and its failures on purpose.

Every api/ test relies on it, so it is checked first: real heights, weights and types
(the scripts' expected output is computed from them), the 404/500/malformed/slow routes,
fail_first counting, latency, the request log, and the `python -m fakepokeapi` command.
"""

from __future__ import annotations

import http.client
import json
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fakepokeapi import DROP, NAMES, NOT_FOUND_FAILURE, SERVER_ERROR_FAILURE, FakePokeApi
from tests.conftest import MODULE

pytestmark = pytest.mark.task("extras.fetch")

Reply = tuple[int, str, bytes]


def get(url: str, timeout: float = 10) -> Reply:
    """Status, Content-Type and body of GET `url`, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read()


def get_json(url: str) -> dict[str, Any]:
    status, content_type, body = get(url)
    assert (status, content_type) == (200, "application/json; charset=utf-8")
    data: dict[str, Any] = json.loads(body)
    return data


def test_pikachu_has_the_shape_of_the_real_api(api: FakePokeApi) -> None:
    pikachu = get_json(f"{api.url}/pokemon/pikachu")
    assert {key: pikachu[key] for key in ("id", "name", "height", "weight", "order")} == {
        "id": 25,
        "name": "pikachu",
        "height": 4,
        "weight": 60,
        "order": 35,
    }
    assert pikachu["base_experience"] == 112
    assert pikachu["types"] == [
        {"slot": 1, "type": {"name": "electric", "url": f"{api.url}/type/13/"}}
    ]
    assert pikachu["abilities"] == [
        {
            "ability": {"name": "static", "url": f"{api.url}/ability/9/"},
            "is_hidden": False,
            "slot": 1,
        },
        {
            "ability": {"name": "lightning-rod", "url": f"{api.url}/ability/31/"},
            "is_hidden": True,
            "slot": 3,
        },
    ]
    assert pikachu["species"] == {"name": "pikachu", "url": f"{api.url}/pokemon-species/25/"}
    assert pikachu["sprites"]["front_default"].endswith("/25.png")
    assert pikachu == api.pokemon("pikachu")


@pytest.mark.parametrize(
    ("name", "number", "height", "weight", "types"),
    [
        ("bulbasaur", 1, 7, 69, ["grass", "poison"]),
        ("venusaur", 3, 20, 1000, ["grass", "poison"]),
        ("charmander", 4, 6, 85, ["fire"]),
        ("charizard", 6, 17, 905, ["fire", "flying"]),
        ("butterfree", 12, 11, 320, ["bug", "flying"]),
        ("pidgey", 16, 3, 18, ["normal", "flying"]),
        ("raticate", 20, 7, 185, ["normal"]),
    ],
)
def test_real_sizes_and_types_in_slot_order(
    api: FakePokeApi, name: str, number: int, height: int, weight: int, types: list[str]
) -> None:
    data = get_json(f"{api.url}/pokemon/{name}")
    slots = [(entry["slot"], entry["type"]["name"]) for entry in data["types"]]
    assert (data["id"], data["height"], data["weight"]) == (number, height, weight)
    assert slots == list(enumerate(types, start=1))


def test_serves_the_first_twenty_and_pikachu(api: FakePokeApi) -> None:
    served = [get_json(f"{api.url}/pokemon/{name}") for name in NAMES]
    assert [data["id"] for data in served] == [*range(1, 21), 25]
    assert [data["name"] for data in served] == NAMES
    assert NAMES[:3] == ["bulbasaur", "ivysaur", "venusaur"]
    assert NAMES[-2:] == ["raticate", "pikachu"]


def test_a_pokemon_by_number_and_with_a_trailing_slash(api: FakePokeApi) -> None:
    assert get_json(f"{api.url}/pokemon/1/")["name"] == "bulbasaur"
    assert get_json(f"{api.url}/pokemon/pikachu/")["id"] == 25


@pytest.mark.parametrize("path", ["/pokemon/missingno", "/pokemon/Pikachu", "/type/13", "/"])
def test_anything_else_is_a_plain_404(api: FakePokeApi, path: str) -> None:
    assert get(api.url + path) == (404, "text/plain; charset=utf-8", b"Not Found")


def test_error_answers_500_every_time(api: FakePokeApi) -> None:
    replies = [get(f"{api.url}/pokemon/error")[0] for _ in range(3)]
    assert replies == [500, 500, 500]
    assert api.count("error") == 3


def test_malformed_answers_200_with_a_body_that_is_not_json(api: FakePokeApi) -> None:
    status, content_type, body = get(f"{api.url}/pokemon/malformed")
    assert (status, content_type) == (200, "application/json; charset=utf-8")
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)


def test_fail_first_answers_500_then_normally() -> None:
    with FakePokeApi(fail_first={"charmander": 2}) as server:
        replies = [get(f"{server.url}/pokemon/charmander")[0] for _ in range(4)]
        assert replies == [500, 500, 200, 200]
        assert server.count("charmander") == 4
        assert get(f"{server.url}/pokemon/bulbasaur")[0] == 200
        server.reset()  # the failures given at creation come back, the log is emptied
        assert server.count("charmander") == 0
        assert get(f"{server.url}/pokemon/charmander")[0] == 500


def test_fail_next_and_reset_on_the_shared_server(api: FakePokeApi) -> None:
    api.fail_next("pikachu", 1)
    assert [get(f"{api.url}/pokemon/pikachu")[0] for _ in range(2)] == [500, 200]
    api.fail_next("pikachu", 5)
    api.reset()
    assert get(f"{api.url}/pokemon/pikachu")[0] == 200
    assert [request.path for request in api.requests()] == ["/api/v2/pokemon/pikachu"]


def test_latency_delays_every_response(api: FakePokeApi) -> None:
    api.latency = 0.3
    for path in ("/pokemon/pikachu", "/pokemon/missingno"):
        started = time.monotonic()
        get(api.url + path)
        assert time.monotonic() - started >= 0.3
    api.reset()
    assert api.latency == 0.0


def test_concurrent_requests_are_all_logged(api: FakePokeApi) -> None:
    api.gate(4)  # the first four wait for each other: four in flight, whatever the load
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda _: get(f"{api.url}/pokemon/bulbasaur")[0], range(12)))
    assert statuses == [200] * 12
    assert api.count("bulbasaur") == 12
    assert api.max_in_flight == 4
    assert not api.gate_broken
    times = api.request_times("bulbasaur")
    assert times == sorted(times)


def test_a_gate_waited_out_opens_for_good() -> None:
    with FakePokeApi() as server:
        server.gate(2, seconds=0.2)
        assert [get(f"{server.url}/pokemon/pikachu")[0] for _ in range(3)] == [200] * 3
        assert server.gate_broken
        assert server.max_in_flight == 1
        server.reset()
        assert not server.gate_broken


@pytest.mark.parametrize(
    ("how", "status"), [(SERVER_ERROR_FAILURE, 500), (NOT_FOUND_FAILURE, 404)]
)
def test_fail_next_answers_the_failure_asked_for(api: FakePokeApi, how: str, status: int) -> None:
    api.fail_next("pikachu", 2, how)
    assert [get(f"{api.url}/pokemon/pikachu")[0] for _ in range(3)] == [status, status, 200]


def test_a_dropped_request_gets_no_answer_at_all(api: FakePokeApi) -> None:
    api.fail_next("pikachu", 1, DROP)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, urllib.error.URLError)):
        get(f"{api.url}/pokemon/pikachu")
    assert get(f"{api.url}/pokemon/pikachu")[0] == 200
    assert api.count("pikachu") == 2


def test_an_unknown_failure_is_refused(api: FakePokeApi) -> None:
    with pytest.raises(ValueError, match="unknown failure"):
        api.fail_next("pikachu", 1, "teapot")


def test_slow_does_not_answer_in_time_and_stop_wakes_it() -> None:
    with FakePokeApi() as server:
        with pytest.raises(TimeoutError):
            get(f"{server.url}/pokemon/slow", timeout=0.3)
        replies: list[Reply | BaseException] = []

        def ask() -> None:
            try:
                replies.append(get(f"{server.url}/pokemon/slow"))
            except BaseException as error:  # kept, so that a failure says why
                replies.append(error)

        client = threading.Thread(target=ask)
        client.start()
        while server.count("slow") < 2:
            time.sleep(0.01)
        server.stop()  # does not wait out the 30 s: the pending answer goes now
        client.join(timeout=5)
        assert not client.is_alive()
    [reply] = replies
    assert not isinstance(reply, BaseException), f"the client's GET raised {reply!r}"
    assert reply[0] == 200
    assert json.loads(reply[2])["name"] == "slow"


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_command_line_prints_the_url_and_serves_until_a_signal(stop: signal.Signals) -> None:
    command = [sys.executable, "-m", "fakepokeapi", "--fail-first", "pikachu=1"]
    with subprocess.Popen(command, cwd=MODULE, stdout=subprocess.PIPE, text=True) as server:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api/v2", url), url
        assert [get(f"{url}/pokemon/pikachu")[0] for _ in range(2)] == [500, 200]
        server.send_signal(stop)
        assert server.wait(timeout=10) == 0


@pytest.mark.parametrize("option", [["--fail-first", "pikachu"], ["--latency", "-1"]])
def test_command_line_rejects_bad_options(option: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fakepokeapi", *option],
        cwd=MODULE,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "usage: python -m fakepokeapi" in result.stderr
