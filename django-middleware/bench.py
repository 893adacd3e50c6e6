"""What our five middlewares cost: requests per second with and without them.

    cd django-middleware && python bench.py
    make bench MODULE=django-middleware            (from the repository root)

Starts two gunicorn servers on loopback over one temporary, migrated SQLite database
with a few messages: "full" runs settings.MIDDLEWARE as it is, "django-only" the same
list without our five classes (chats.middleware.*; Django's own kept). A client of
CLIENTS threads with keep-alive connections sends GET /api/messages/ to one server for
ROUND_S seconds, then to the other, alternating which goes first, for ROUNDS rounds;
the median requests per second of each are compared. Both servers run production
settings (DEBUG off) and the request log writes to a temporary file. The last line is
`RESULT full_rps=... none_rps=... cost=...`; the budget is a cost below 25%.

The servers load `bench:application()`, which points the settings at the temporary
database and picks the middleware list from BENCH_PROFILE before Django starts: nothing
in config/ knows about the bench.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent
PROFILE = "BENCH_PROFILE"  # "full" or "django-only", read by application()
SQLITE = "BENCH_SQLITE"  # the temporary database, read by configure()
OURS = ("chats.middleware.",)
CLIENTS = 4
ROUNDS = 8
ROUND_S = 1.5
WARM_UP_REQUESTS = 200
MAX_COST = 0.25
PATH = "/api/messages/"


def configure() -> None:
    """Before Django starts: the temporary database, and for "django-only" the stack
    without ours. The settings module is loaded as it is; only these two values change."""
    from django.conf import settings

    settings.DATABASES["default"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ[SQLITE],
        # Persistent connections, as in production: reconnecting (and SQLite's per-
        # connection setup) on every request would dwarf what is measured.
        "CONN_MAX_AGE": 600,
    }
    if os.environ.get(PROFILE) == "django-only":
        settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.startswith(OURS)]


def application() -> Callable[..., Any]:
    """The WSGI application gunicorn serves (`bench:application()`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    configure()
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def bench_environment(folder: Path) -> dict[str, str]:
    """Production settings on loopback, the embedded cache, the whole day open."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "TRUSTED_PROXIES"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        ACCESS_START="00:00",  # equal start and end: open all day, whenever the bench runs
        ACCESS_END="00:00",
        REQUEST_LOG_PATH=str(folder / "requests.log"),
        **{SQLITE: str(folder / "bench.sqlite3")},
    )
    return environment


def prepare_database() -> None:
    """Migrate the temporary database and post a few messages (in this process)."""
    import django

    configure()
    django.setup()
    from chats.models import Message, User
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    author = User.objects.create_user("bench", "bench@example.com", "bench-password")
    Message.objects.bulk_create(Message(sender=author, body=f"message {n}") for n in range(10))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(profile: str, port: int, folder: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "bench:application()"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1"]
    command += ["--worker-class", "gthread", "--threads", str(CLIENTS), "--keep-alive", "30"]
    return subprocess.Popen(
        command,
        cwd=FOLDER,
        env={**bench_environment(folder), PROFILE: profile},
        stdout=(folder / f"{profile}.out").open("wb"),
        stderr=subprocess.STDOUT,
    )


def get(port: int) -> tuple[int, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", PATH)
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


def wait_until_answering(port: int, process: subprocess.Popen[bytes], name: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench: the {name} server exited (see its output)")
        try:
            get(port)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"bench: the {name} server did not answer in 30 s")


def check_profiles(full_port: int, none_port: int) -> None:
    """Both answer 200; only the full stack stamps X-Request-ID (ours ran)."""
    full_status, full_headers = get(full_port)
    none_status, none_headers = get(none_port)
    if (full_status, none_status) != (200, 200):
        raise SystemExit(f"bench: GET {PATH} answered {full_status} and {none_status}")
    if "X-Request-ID" not in full_headers or "X-Request-ID" in none_headers:
        raise SystemExit("bench: the two servers do not run the two middleware lists")


def load(port: int, seconds: float | None = None, requests: int | None = None) -> float:
    """Requests per second from CLIENTS keep-alive threads, for `seconds` or `requests`."""
    counts = [0] * CLIENTS
    errors: list[BaseException] = []
    stop_at = time.perf_counter() + (seconds if seconds is not None else 3600)
    each = (requests // CLIENTS) if requests is not None else None

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            while time.perf_counter() < stop_at and (each is None or counts[index] < each):
                connection.request("GET", PATH)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise RuntimeError(f"GET {PATH} answered {response.status}")
                counts[index] += 1
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(index,)) for index in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"bench: {errors[0]!r}")
    return sum(counts) / elapsed


def measure(full_port: int, none_port: int) -> tuple[list[float], list[float]]:
    full: list[float] = []
    none: list[float] = []
    for number in range(ROUNDS):
        # Alternate which goes first, so that neither always meets a warmer machine.
        order = [(full_port, full), (none_port, none)]
        for port, results in order if number % 2 == 0 else reversed(order):
            results.append(load(port, seconds=ROUND_S))
        print(f"round {number + 1}: full {full[-1]:8.0f} rps   django-only {none[-1]:8.0f} rps")
    return full, none


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-middleware-") as scratch:
        folder = Path(scratch)
        os.environ.update(bench_environment(folder))
        prepare_database()
        ports = {"full": free_port(), "django-only": free_port()}
        servers = {name: start_server(name, port, folder) for name, port in ports.items()}
        try:
            for name, server in servers.items():
                wait_until_answering(ports[name], server, name)
            check_profiles(ports["full"], ports["django-only"])
            for port in ports.values():
                load(port, requests=WARM_UP_REQUESTS)
            full, none = measure(ports["full"], ports["django-only"])
        finally:
            for server in servers.values():
                stop(server)
    return report(statistics.median(full), statistics.median(none))


def report(full_rps: float, none_rps: float) -> int:
    cost = 1 - full_rps / none_rps
    print(f"GET {PATH}, {CLIENTS} keep-alive clients, median of {ROUNDS} rounds of {ROUND_S} s")
    print(f"full stack (settings.MIDDLEWARE)   {full_rps:8.0f} requests/s")
    print(f"without our five middlewares       {none_rps:8.0f} requests/s")
    print(f"cost of the five: {cost:.1%} of throughput (budget: below {MAX_COST:.0%})")
    print(f"RESULT full_rps={full_rps:.0f} none_rps={none_rps:.0f} cost={cost:.3f}")
    if cost >= MAX_COST:
        print(
            f"bench: the five middlewares cost {cost:.1%}, not below {MAX_COST:.0%}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
