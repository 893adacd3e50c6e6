"""The program's headline claim, measured on ours: caching took the list from over 2 s to
under 50 ms. Requests per second and p50/p99 latency of GET /properties/ from three gunicorn
servers side by side (production settings, DEBUG off):

    (a) uncached   Django with DummyCache: every request queries every row and serializes it
    (b) cached     Django with django-redis, as in production: the generation token from
                   Redis, then the page from the process's own copy
    (c) ceiling    a WSGI function of a few lines, no Django: (b)'s body from memory

    cd caching_listings && python bench.py        (--smoke: 50 properties, one short round)
    POSTGRES_URL=postgres://postgres@127.0.0.1:5432/caching_listings python bench.py
    make bench MODULE=caching_listings            (from the repository root)

PROPERTIES properties (`manage.py seed`) in a scratch database beside POSTGRES_URL's, dropped
at the end, or a temporary SQLite file; the cache on REDIS_URL under a key prefix of the
bench's own (deleted at the end), or a private redis-server. (a) and (b) must answer the
same bytes. The goals: b/a requests per second at least SPEEDUP_GOAL, b/c at least
CEILING_GOAL (missed: said on stderr). The last line is `RESULT uncached_rps=...
cached_rps=... ceiling_rps=... speedup=... ceiling_fraction=... uncached_p50_ms=...
cached_p50_ms=...`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench_support import (
    PRODUCTION_ON_LOOPBACK,
    Measured,
    Request,
    Scenario,
    gunicorn,
    measure,
    result_line,
    send,
    short_of_goal,
    sized,
    table,
)

FOLDER = Path(__file__).resolve().parent
PROFILE = "BENCH_PROFILE"  # "uncached", "cached" or "ceiling": what application() serves
SQLITE = "BENCH_SQLITE"  # the temporary SQLite file, when DATABASE_URL is not set
KEY_PREFIX = "BENCH_KEY_PREFIX"  # the bench's own keys, in case the Redis is shared
CEILING = "BENCH_CEILING"  # the file of the body the ceiling answers
LIST: Request = ("GET", "/properties/", None, {})
PROPERTIES = sized(5_000, 50)
CLIENTS = 4
ROUNDS = sized(6, 1)
ROUND_S = sized(3.0, 0.3)
WARM_UP_S = sized(1.0, 0.1)  # per scenario; every client sends at least one request
SPEEDUP_GOAL = 50.0
CEILING_GOAL = 0.7
CLAIM_MS = (2_000.0, 50.0)  # the program's claim: over 2 s uncached, under 50 ms cached
LABELS = {
    "uncached": "(a) uncached (DummyCache: query + serialize)",
    "cached": "(b) cached (generation from Redis, page)",
    "ceiling": "(c) ceiling (same bytes from memory)",
}


# --- inside the servers -------------------------------------------------------------


def configure() -> None:
    """Before Django starts: the bench's database, with persistent connections as in
    production, and its cache under the bench's prefix (DummyCache for "uncached")."""
    from config.env import cache_from_url, database_from_url
    from django.conf import settings

    database = database_from_url(os.environ.get("DATABASE_URL"), Path(os.environ[SQLITE]))
    settings.DATABASES["default"] = {**database, "CONN_MAX_AGE": 600}
    if os.environ.get(PROFILE) == "uncached":
        settings.CACHES["default"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    else:
        redis = cache_from_url(os.environ["REDIS_URL"])
        settings.CACHES["default"] = {**redis, "KEY_PREFIX": os.environ[KEY_PREFIX]}


def application() -> Callable[..., Any]:
    """The WSGI application gunicorn serves (`bench:application()`)."""
    if os.environ[PROFILE] == "ceiling":
        return serve_bytes(Path(os.environ[CEILING]).read_bytes())
    configure()
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def serve_bytes(body: bytes) -> Callable[..., list[bytes]]:
    """The body, from memory, whatever the request: the cost of writing the bytes alone."""
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]

    def answer(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response("200 OK", headers)
        return [body]

    return answer


# --- the services ---------------------------------------------------------------------


@contextmanager
def scratch_database(postgres_url: str) -> Iterator[str]:
    """A PostgreSQL database beside postgres_url's, its URL; dropped at the end."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(postgres_url)
    name = f"{parts.path.strip('/')}_bench_{secrets.token_hex(4)}"
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"database: PostgreSQL, the scratch database {name}, dropped at the end")
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(maintenance, autocommit=True) as admin:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            admin.execute(drop.format(sql.Identifier(name)))


@contextmanager
def private_redis() -> Iterator[str]:
    """A redis-server of the bench's own on a free port, without persistence; its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("bench: needs REDIS_URL=redis://... or the redis-server program")
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = int(probe.getsockname()[1])  # free once the probe is closed
    command = [binary, "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no"]  # nothing on disk
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        try:
            # Ready when it says so, or gone when its output ends: nothing polls.
            if not any("Ready to accept connections" in line for line in process.stdout):
                raise SystemExit(f"bench: redis-server exited {process.wait()}")
            # Read and dropped from now on, so that it never waits on the pipe.
            threading.Thread(target=process.stdout.read, daemon=True).start()
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()


def use_services(stack: ExitStack, folder: Path) -> None:
    """The database and Redis, in this process's environment (the servers inherit it)."""
    postgres_url = os.environ.pop("POSTGRES_URL", "")
    os.environ.pop("DATABASE_URL", None)
    if postgres_url:
        os.environ["DATABASE_URL"] = stack.enter_context(scratch_database(postgres_url))
    else:
        print("database: a temporary SQLite file")
    if os.environ.get("REDIS_URL"):
        print("cache: REDIS_URL's Redis, the bench's keys deleted at the end")
    else:
        os.environ["REDIS_URL"] = stack.enter_context(private_redis())
        print(f"cache: a private redis-server, {os.environ['REDIS_URL']}")
    os.environ.update(
        PRODUCTION_ON_LOOPBACK,
        **{
            SQLITE: str(folder / "bench.sqlite3"),
            KEY_PREFIX: f"bench-{secrets.token_hex(4)}",
            CEILING: str(folder / "ceiling.body"),
        },
    )


def prepare_database() -> None:
    """Migrate and seed the bench's database, in this process."""
    import django

    configure()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed", count=PROPERTIES, seed=1)


# --- the run --------------------------------------------------------------------------


def same_list(ports: dict[str, int]) -> bytes:
    """The body (a) and (b) answer: the same, or b/a would compare different answers. (b)
    is asked twice: the second answer comes from its cache."""
    answers = {send(ports[name], LIST) for name in ("uncached", "cached", "cached")}
    (status, body), *others = answers
    if others or status != 200:
        raise SystemExit(f"bench: (a) and (b) answer {sorted(s for s, _ in answers)}, or differ")
    print(f"GET {LIST[1]}: {status}, {len(body):,} bytes, the same uncached and cached")
    return body


def server(name: str, folder: Path) -> AbstractContextManager[int]:
    """The gunicorn server of this scenario; its port."""
    environment = {**os.environ, PROFILE: name}
    return gunicorn(FOLDER, environment, folder / f"{name}.out", threads=CLIENTS)


def run_servers(folder: Path) -> dict[str, Measured]:
    with ExitStack() as servers:
        ports = {
            name: servers.enter_context(server(name, folder)) for name in ("uncached", "cached")
        }
        Path(os.environ[CEILING]).write_bytes(same_list(ports))
        ports["ceiling"] = servers.enter_context(server("ceiling", folder))
        scenarios = [
            Scenario(name, port, lambda client, number: LIST) for name, port in ports.items()
        ]
        return measure(
            scenarios, clients=CLIENTS, rounds=ROUNDS, seconds=ROUND_S, warm_up=WARM_UP_S
        )


def report(results: dict[str, Measured]) -> None:
    print(
        f"GET {LIST[1]} of {PROPERTIES:,} properties, {CLIENTS} keep-alive clients; requests/s: "
        f"median of {ROUNDS} rounds of {ROUND_S} s; latency: every request of every round"
    )
    table(results, LABELS)
    uncached, cached, ceiling = (results[name] for name in LABELS)
    speedup, fraction = cached.rps / uncached.rps, cached.rps / ceiling.rps
    a50, b50 = uncached.percentile(50), cached.percentile(50)
    print(f"speed-up b/a: {speedup:.1f}x requests per second (goal: at least {SPEEDUP_GOAL:g})")
    print(f"fraction b/c: {fraction:.2f} of the ceiling (goal: at least {CEILING_GOAL:g})")
    print(
        f"the program's claim: over {CLAIM_MS[0]:,.0f} ms uncached, under {CLAIM_MS[1]:.0f} ms "
        f"cached; ours, p50 with {CLIENTS} clients: {a50:,.1f} ms uncached, {b50:.1f} ms cached"
    )
    values = {f"{name}_rps": f"{results[name].rps:.1f}" for name in LABELS}
    values |= {"speedup": f"{speedup:.1f}", "ceiling_fraction": f"{fraction:.3f}"}
    values |= {"uncached_p50_ms": f"{a50:.1f}", "cached_p50_ms": f"{b50:.1f}"}
    print(result_line(values))
    short_of_goal("the speed-up b/a", speedup, SPEEDUP_GOAL)
    short_of_goal("the fraction b/c", fraction, CEILING_GOAL)


def main() -> None:
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-caching-")))
        use_services(stack, folder)
        prepare_database()
        from django.core.cache import cache
        from django.db import connections

        stack.callback(connections.close_all)  # before a scratch database is dropped
        stack.callback(cache.delete_pattern, "*")  # the bench's keys: all under its prefix
        results = run_servers(folder)
    report(results)


if __name__ == "__main__":
    main()
