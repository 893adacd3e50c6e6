"""ops/healthcheck.sh: poll a URL, backing off, until it answers 2xx or time runs out.

The service is a small HTTP server in this process whose answers each test scripts,
and which counts the requests it gets: the counts show the attempts and the back-off.
"""

from __future__ import annotations

import itertools
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from tests.conftest import Run, assert_help, assert_usage_error

pytestmark = pytest.mark.task("ops.healthcheck")

# curl would send even 127.0.0.1 through a proxy set in the environment.
NO_PROXY = {"no_proxy": "*", "NO_PROXY": "*"}


class FakeService:
    """Answers `answers` in turn, repeating the last; with `hang`, never answers."""

    def __init__(self) -> None:
        self.url = ""
        self.answers = [200]
        self.hang = False
        self.requests = 0
        self.arrivals: list[float] = []  # time.monotonic() of each request
        self.released = threading.Event()
        self._lock = threading.Lock()

    def next_answer(self) -> int:
        with self._lock:
            self.requests += 1
            self.arrivals.append(time.monotonic())
            return self.answers[min(self.requests, len(self.answers)) - 1]


def handler_for(service: FakeService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = service.next_answer()
            if service.hang:
                service.released.wait(timeout=30)
                return
            self.send_response(status)
            self.send_header("Content-Length", "3")
            self.end_headers()
            self.wfile.write(b"ok\n")

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the test output is the script's."""

    return Handler


@pytest.fixture
def service() -> Iterator[FakeService]:
    fake = FakeService()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(fake))
    # A short poll interval: shutdown() waits for it.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_port}/health/"
    yield fake
    fake.released.set()
    server.shutdown()
    server.server_close()


def check(run: Run, *args: str) -> subprocess.CompletedProcess[str]:
    return run("ops/healthcheck.sh", *args, env=NO_PROXY, timeout=20)


def test_up_after_the_failing_answers(service: FakeService, run: Run) -> None:
    service.answers = [503, 503, 503, 200]

    result = check(run, "--interval", "0.05", "--timeout", "10", service.url)

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"healthcheck: {service.url} is up (HTTP 200) after 4 attempts\n"
    assert result.stderr == ""
    assert service.requests == 4


@pytest.mark.parametrize("status", [200, 204])
def test_any_2xx_is_up_at_once(service: FakeService, run: Run, status: int) -> None:
    service.answers = [status]

    result = check(run, service.url)

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"healthcheck: {service.url} is up (HTTP {status}) after 1 attempt\n"
    assert service.requests == 1


@pytest.mark.parametrize("answers", [[500, 503], [301]], ids=["errors", "redirect"])
def test_never_up_exits_1_with_the_last_status(
    service: FakeService, run: Run, answers: list[int]
) -> None:
    service.answers = answers

    result = check(run, "--timeout", "2", "--interval", "0.1", service.url)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"healthcheck: {service.url} not healthy after 2.0s: last status HTTP {answers[-1]}\n"
    )
    assert service.requests >= 2


@pytest.mark.parametrize(
    ("limit", "waits"),
    [([], [0.1, 0.2, 0.4, 0.8]), (["--max-interval", "0.2"], [0.1, 0.2, 0.2, 0.2])],
    ids=["doubling", "up to --max-interval"],
)
def test_the_wait_doubles_between_attempts(
    service: FakeService, run: Run, limit: list[str], waits: list[float]
) -> None:
    service.answers = [503, 503, 503, 503, 200]

    result = check(run, "--verbose", "--timeout", "30", "--interval", "0.1", *limit, service.url)

    # The waits the script chose, as it announces them: computed, never timed.
    assert result.returncode == 0, result.stderr
    announced = [float(wait) for wait in re.findall(r"; next in ([\d.]+)s$", result.stderr, re.M)]
    assert announced == waits
    # And it did wait them: a request never comes sooner than its wait allows (under load
    # it can only come later, so this holds on any machine).
    gaps = [later - earlier for earlier, later in itertools.pairwise(service.arrivals)]
    assert len(gaps) == len(waits)
    assert all(gap >= wait for gap, wait in zip(gaps, waits, strict=True)), (gaps, waits)


def test_verbose_names_each_failed_attempt(service: FakeService, run: Run) -> None:
    service.answers = [503, 500, 200]

    result = check(run, "-v", "--interval", "0.05", service.url)

    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "healthcheck: attempt 1: HTTP 503; next in 0.050s\n"
        "healthcheck: attempt 2: HTTP 500; next in 0.100s\n"
    )


def test_an_attempt_never_outlasts_the_deadline(service: FakeService, run: Run) -> None:
    service.hang = True

    result = check(run, "--timeout", "1", service.url)

    assert result.returncode == 1
    assert result.stderr.endswith("last status: timed out\n")
    assert service.requests == 1


def test_connection_refused_is_named(run: Run) -> None:
    with socket.socket() as probe:  # a port nobody listens on once it is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"

    result = check(run, "--timeout", "0.5", "--interval", "0.1", url)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"healthcheck: {url} not healthy after 0.5s: last status: connection refused\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["ftp://127.0.0.1/"],
        ["127.0.0.1:8000/health/"],
        [],
        ["{url}", "{url}"],
        ["--timeout", "soon", "{url}"],
        ["--interval", "0", "{url}"],
        ["--max-interval", "-1", "{url}"],
        ["--bogus", "{url}"],
        ["{url}", "--timeout"],
    ],
)
def test_bad_usage_exits_2_without_a_request(
    service: FakeService, run: Run, args: list[str]
) -> None:
    result = check(run, *(arg.format(url=service.url) for arg in args))

    assert_usage_error(result, "healthcheck")
    assert service.requests == 0


@pytest.mark.parametrize("option", ["-h", "--help"])
def test_help(run: Run, option: str) -> None:
    result = check(run, option)

    assert_help(result, "healthcheck.sh")
    assert "--max-interval" in result.stdout
