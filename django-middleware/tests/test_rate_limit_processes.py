"""The limit holds across processes: two gunicorn servers sharing one Redis count together.

Both servers trust one proxy in front (TRUSTED_PROXIES=1: the test stands for it), so
each run is a client of its own: a random IPv6 address in X-Forwarded-For (the
documentation range 2001:db8::/32). Its keys in the shared Redis are its own and expire
after the window. The posts are anonymous, with a matching CSRF cookie and header: they
pass every check and the limiter, and the view answers 401. The servers share a SQLite
file of their own, migrated first: ip_tracking stores a row for every request.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.task("extras.rate_limit"), pytest.mark.services("redis")]

MODULE = Path(__file__).resolve().parent.parent
CSRF = "a" * 32  # a CSRF secret: the cookie and the header only have to match
STARTUP_SECONDS = 120  # a deadline for the servers to start, not a timing: generous under load


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_environment(log: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{log.parent / 'served.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TRUSTED_PROXIES": "1",
        "ACCESS_START": "00:00",  # equal start and end: open all day, whenever CI runs
        "ACCESS_END": "00:00",
        "REQUEST_LOG_PATH": str(log),
    }


def start_server(port: int, folder: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1"]
    output = (folder / f"gunicorn-{port}.out").open("wb")
    return subprocess.Popen(
        command,
        cwd=MODULE,
        env=server_environment(folder / f"requests-{port}.log"),
        stdout=output,
        stderr=subprocess.STDOUT,
    )


def request(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_until_answering(port: int, process: subprocess.Popen[bytes], folder: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = (folder / f"gunicorn-{port}.out").read_text(errors="replace")
            pytest.fail(f"gunicorn on port {port} exited:\n{output}")
        try:
            request(port, "GET", "/api/moderation/messages/", {})
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"gunicorn on port {port} did not answer in {STARTUP_SECONDS} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[int, int]]:
    ports = free_port(), free_port()
    migrate = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
    environment = server_environment(tmp_path / "migrate.log")
    subprocess.run(migrate, cwd=MODULE, env=environment, check=True, timeout=STARTUP_SECONDS)
    processes = [start_server(port, tmp_path) for port in ports]
    try:
        for port, process in zip(ports, processes, strict=True):
            wait_until_answering(port, process, tmp_path)
        yield ports
    finally:
        for process in processes:
            stop(process)


def random_client() -> str:
    return str(ipaddress.IPv6Address((0x20010DB8 << 96) | secrets.randbits(96)))


def post_message(port: int, client: str) -> tuple[int, dict[str, str]]:
    headers = {
        "Content-Type": "application/json",
        "Cookie": f"csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
        "X-Forwarded-For": client,
    }
    status, response_headers, _ = request(
        port, "POST", "/api/messages/", headers, json.dumps({"body": "hi"}).encode()
    )
    return status, response_headers


def test_two_processes_share_one_limit(two_servers: tuple[int, int]):
    first, second = two_servers
    client = random_client()

    passed = [post_message(port, client)[0] for port in (first, second) * 2 + (first,)]
    sixth, headers = post_message(second, client)
    seventh, _ = post_message(first, client)

    assert passed == [401] * 5  # through the limiter; the view wants a signed-in user
    assert sixth == seventh == 429
    assert 1 <= int(headers["Retry-After"]) <= 60
    other = random_client()
    assert [post_message(port, other)[0] for port in two_servers] == [401, 401]
