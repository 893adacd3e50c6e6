"""Load and measure, for this module's bench.py: gunicorn servers on loopback, keep-alive
clients, rounds in alternating order, requests per second and p50/p99 latency.

The same file in every Django module of the repository (tools/tests/test_repository.py
keeps the copies equal), so that each bench.py is only its scenario: the data it seeds,
the requests it sends, the RESULT line it prints.

`python bench.py --smoke` runs the same scenario tiny and short: `sized(full, smoke)`
picks the size. `make test` runs every bench that way and checks its RESULT keys
(tools/tests/test_benches.py); the measured numbers mean nothing there.
"""

from __future__ import annotations

import http.client
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

SMOKE = "--smoke" in sys.argv[1:]
Size = TypeVar("Size")
Request = tuple[str, str, bytes | None, Mapping[str, str]]  # method, path, body, headers
STARTUP_S = 60.0
# What every bench's servers run: the production settings, served on loopback over HTTP.
PRODUCTION_ON_LOOPBACK = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
}


def sized(full: Size, smoke: Size) -> Size:
    """The full run's value, or the smoke run's."""
    return smoke if SMOKE else full


@dataclass(frozen=True)
class Scenario:
    """What one kind of client sends: `request(client, number)` is that client's
    number-th request (both from 0); an answer other than `expect` counts as failed."""

    name: str
    port: int
    request: Callable[[int, int], Request]
    expect: int = 200


@dataclass
class Measured:
    rounds: list[float] = field(default_factory=list)  # expected answers per second
    timings: list[float] = field(default_factory=list)  # every request's milliseconds
    failed: Counter[int] = field(default_factory=Counter)  # other statuses: how many

    @property
    def rps(self) -> float:
        return statistics.median(self.rounds)

    def percentile(self, share: int) -> float:
        if len(self.timings) < 2:
            return self.timings[0] if self.timings else 0.0
        return statistics.quantiles(self.timings, n=100, method="inclusive")[share - 1]


@contextmanager
def gunicorn(
    folder: Path,
    environment: Mapping[str, str],
    log: Path,
    *,
    threads: int,
    application: str = "bench:application()",
) -> Iterator[int]:
    """One gunicorn worker of `threads` threads serving `application` from `folder`,
    answering; its port. Its output goes to `log`; it is stopped at the end.

    The listening socket is made here and handed to gunicorn (`fd://`): a request sent
    before the worker is ready waits in the socket's backlog, so nothing polls for the
    start; and closed here once handed, so a server that dies fails the request at once."""
    with socket.socket() as listener, log.open("wb") as output:
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        port = int(listener.getsockname()[1])
        command = [sys.executable, "-m", "gunicorn", application]
        command += ["--bind", f"fd://{listener.fileno()}", "--workers", "1"]
        command += ["--worker-class", "gthread", "--threads", str(threads), "--keep-alive", "30"]
        # No control socket: by default every gunicorn of the machine shares one path.
        command += ["--no-control-socket"]
        process = subprocess.Popen(
            command,
            cwd=folder,
            env=dict(environment),
            stdout=output,
            stderr=subprocess.STDOUT,
            pass_fds=(listener.fileno(),),
        )
        listener.close()
        try:
            _first_answer(port, log)
            yield port
        finally:
            _stop(process)


def send(port: int, request: Request, timeout: float = 30) -> tuple[int, bytes]:
    """One request on a fresh connection: the status and the body."""
    method, path, body, headers = request
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=dict(headers))
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _first_answer(port: int, log: Path) -> None:
    """Any HTTP answer will do (a 404 is cheap): the worker has loaded the application."""
    try:
        send(port, ("GET", "/bench-probe/", None, {}), timeout=STARTUP_S)
    except OSError as error:
        raise SystemExit(f"bench: the server did not answer ({error}); see {log}") from None


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def load(scenario: Scenario, clients: int, seconds: float, into: Measured) -> float:
    """`clients` keep-alive threads send the scenario's requests for `seconds` (a request
    under way then is finished and counted). Adds every request's milliseconds and each
    unexpected status to `into`; returns the expected answers per second."""
    timings: list[list[float]] = [[] for _ in range(clients)]
    statuses: list[Counter[int]] = [Counter() for _ in range(clients)]
    errors: list[BaseException] = []
    stop_at = time.perf_counter() + seconds

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", scenario.port, timeout=30)
        try:
            while time.perf_counter() < stop_at:
                method, path, body, headers = scenario.request(index, len(timings[index]))
                sent = time.perf_counter()
                connection.request(method, path, body=body, headers=dict(headers))
                response = connection.getresponse()
                response.read()
                timings[index].append((time.perf_counter() - sent) * 1000)
                statuses[index][response.status] += 1
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"bench: {scenario.name}: {errors[0]!r}")
    answers = sum(statuses, Counter[int]())
    expected = answers.pop(scenario.expect, 0)
    into.timings.extend(timing for mine in timings for timing in mine)
    into.failed.update(answers)
    return expected / elapsed


def measure(
    scenarios: Sequence[Scenario], *, clients: int, rounds: int, seconds: float, warm_up: float
) -> dict[str, Measured]:
    """Each scenario warmed up (its timings dropped, its failures kept), then `rounds`
    rounds of `seconds` each, in alternating order so that no scenario always meets a
    warmer machine. Prints each round's requests per second."""
    results = {scenario.name: Measured() for scenario in scenarios}
    for scenario in scenarios:
        warm = Measured()
        load(scenario, clients, warm_up, warm)
        results[scenario.name].failed.update(warm.failed)
    for number in range(rounds):
        for scenario in scenarios if number % 2 == 0 else reversed(scenarios):
            measured = results[scenario.name]
            measured.rounds.append(load(scenario, clients, seconds, measured))
        line = "   ".join(f"{name} {m.rounds[-1]:7.1f}" for name, m in results.items())
        print(f"round {number + 1}: {line} rps", flush=True)
    return results


def table(results: Mapping[str, Measured], labels: Mapping[str, str]) -> None:
    """One row per scenario: median requests per second, p50 and p99 milliseconds, and
    the answers that were not the expected status."""
    width = max(len(label) for label in labels.values())
    print(f"{'scenario':<{width}} {'requests/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'failed':>6}")
    for name, measured in results.items():
        row = f"{labels[name]:<{width}} {measured.rps:>10.1f} {measured.percentile(50):>8.1f}"
        print(f"{row} {measured.percentile(99):>8.1f} {sum(measured.failed.values()):>6}")


def result_line(values: Mapping[str, object]) -> str:
    """`RESULT key=value ...`, the last line a bench prints."""
    return "RESULT " + " ".join(f"{key}={value}" for key, value in values.items())


def short_of_goal(what: str, measured: float, goal: float) -> None:
    """A missed goal, on stderr: the bench measures, it does not judge."""
    if measured < goal:
        print(
            f"bench: the goal of {what} at least {goal:g} was not met: {measured:.2f}, "
            f"short by {goal - measured:.2f} ({1 - measured / goal:.0%})",
            file=sys.stderr,
        )
