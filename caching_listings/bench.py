"""The program's headline claim, measured on ours: caching took the list from over 2 s to
under 50 ms. Requests per second and p50/p99 latency of GET /properties/ uncached, cached,
and against a ceiling that serves the same bytes from memory, side by side in one run.

    cd caching_listings && python bench.py
    POSTGRES_URL=postgres://postgres@127.0.0.1:5432/caching_listings python bench.py
    make bench MODULE=caching_listings            (from the repository root)

The database is PostgreSQL when POSTGRES_URL is set: a scratch database
`<name>_bench_<random>` created next to the named one (whose data is never touched) and
dropped at the end, WITH (FORCE). Otherwise it is a temporary SQLite file. Either way it
is migrated and seeded with PROPERTIES properties by `manage.py seed --seed SEED`. The
cache is a private `redis-server` on a free port, without persistence, stopped at the end;
without that program the bench uses REDIS_URL under a key prefix of its own (deleted at
the end), and without either it stops. The first lines say which were used.

Three gunicorn servers on loopback (one worker, gthread, CLIENTS threads, keep-alive,
production settings with DEBUG off) answer GET /properties/:

    (a) uncached   Django with DummyCache: both layers (the page and `all_properties`)
                   miss, so every request queries every row and serializes it
    (b) cached     Django with django-redis on that Redis, as in production: after
                   reading the generation token from Redis, the page comes from the
                   process's own copy (or, the first time, from Redis)
    (c) ceiling    a WSGI function of a few lines, no Django: the status, headers and
                   body bytes (b) answered, from process memory

Before measuring, all three must answer 200 with the same body, byte for byte, of
PROPERTIES rows; then a row inserted with raw SQL (no signal, no invalidation) must show
on (a) at once and not on (b); it is deleted the same way, and (a) must be back to the
original bytes.

A client of CLIENTS threads with keep-alive connections runs each scenario for ROUND_S
seconds, after WARM_UP_S of warm-up each; ROUNDS rounds alternate the order of the
scenarios. Requests per second are the median over the rounds; p50 and p99 are over
every request of every round. The load is bounded (CLIENTS requests in flight at most)
and the worker is one process, so a request's latency includes its wait behind the
others: about CLIENTS times its own service time. The claim's line compares p50s.

The goals: a speed-up b/a (requests per second) of at least SPEEDUP_GOAL, and a fraction
b/c of at least CEILING_GOAL (the cache costs little over serving bytes from memory).
The last line is `RESULT uncached_rps=... cached_rps=... ceiling_rps=... speedup=...
ceiling_fraction=... uncached_p50_ms=... cached_p50_ms=...`. A missed goal is reported
on stderr, not as an error: the bench measures, it does not judge.

The servers load `bench:application()`, which points the settings at the bench's
database and cache (DummyCache for "uncached") before Django starts, or returns the
ceiling for "ceiling": nothing in config/ knows about the bench.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

FOLDER = Path(__file__).resolve().parent
PROFILE = "BENCH_PROFILE"  # "uncached", "cached" or "ceiling", read by application()
DATABASE = "BENCH_DATABASE_URL"  # postgres://... of the scratch database, or "" for SQLite
SQLITE = "BENCH_SQLITE"  # the temporary SQLite file (when BENCH_DATABASE_URL is "")
REDIS = "BENCH_REDIS_URL"  # the cache of "cached" (and of this process)
KEY_PREFIX = "BENCH_KEY_PREFIX"  # the bench's own keys, in case the Redis is shared
CEILING = "BENCH_CEILING"  # the file of the captured response, read by the ceiling
DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
PATH = "/properties/"
PROPERTIES = 5_000
SEED = 1
CLIENTS = 4
ROUNDS = 6
ROUND_S = 3.0
WARM_UP_S = 1.0  # per scenario; every client sends at least one request
SPEEDUP_GOAL = 50.0
CEILING_GOAL = 0.7
CLAIM = (2_000.0, 50.0)  # the program's claim: over 2 s uncached, under 50 ms cached
SET_BY_SERVER = {"server", "date", "connection", "keep-alive", "transfer-encoding"}
SCENARIOS = ("uncached", "cached", "ceiling")
LABELS = {
    "uncached": "(a) uncached (DummyCache: query + serialize)",
    "cached": "(b) cached (generation from Redis, page)",
    "ceiling": "(c) ceiling (same bytes from memory)",
}


@dataclass(frozen=True)
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def own_headers(self) -> tuple[tuple[str, str], ...]:
        """The headers the application set, without those gunicorn adds itself."""
        return tuple((k, v) for k, v in self.headers if k.lower() not in SET_BY_SERVER)

    def rows(self) -> list[dict[str, Any]]:
        data = json.loads(self.body)["data"]
        assert isinstance(data, list)
        return data


# --- inside the servers -------------------------------------------------------------


def configure() -> None:
    """Before Django starts: the bench's database, and its cache (DummyCache for
    "uncached"). The settings module is loaded as it is; only these two values change."""
    from config.env import cache_from_url, database_from_url
    from django.conf import settings

    database = database_from_url(os.environ[DATABASE] or None, Path(os.environ[SQLITE]))
    # Persistent connections, as in production: reconnecting on every request would
    # measure the connection, not the list.
    settings.DATABASES["default"] = {**database, "CONN_MAX_AGE": 600}
    if os.environ.get(PROFILE) == "uncached":
        settings.CACHES = {"default": DUMMY}
    else:
        redis = cache_from_url(os.environ[REDIS])
        settings.CACHES = {"default": {**redis, "KEY_PREFIX": os.environ[KEY_PREFIX]}}


def application() -> Callable[..., Any]:
    """The WSGI application gunicorn serves (`bench:application()`)."""
    if os.environ.get(PROFILE) == "ceiling":
        return ceiling(Path(os.environ[CEILING]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    configure()
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def ceiling(path: Path) -> Callable[..., Iterable[bytes]]:
    """The captured answer, from memory, whatever the request."""
    saved = json.loads(path.read_text())
    status, body = saved["status"], bytes.fromhex(saved["body"])
    headers = [(name, value) for name, value in saved["headers"]]

    def answer(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response(status, headers)
        return [body]

    return answer


# --- the services: database and Redis -----------------------------------------------


def bench_environment(folder: Path) -> dict[str, str]:
    """Production settings on loopback; the database and cache come from configure()."""
    outside = {"DATABASE_URL", "REDIS_URL", "POSTGRES_URL"}
    environment = {key: value for key, value in os.environ.items() if key not in outside}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        **{SQLITE: str(folder / "bench.sqlite3")},
    )
    return environment


@contextmanager
def scratch_database(postgres_url: str | None) -> Iterator[str]:
    """The URL of a scratch PostgreSQL database next to POSTGRES_URL's, dropped at the
    end; "" (SQLite) without POSTGRES_URL."""
    if not postgres_url:
        yield ""
        return
    import psycopg
    from psycopg import sql

    parts = urlsplit(postgres_url)
    if parts.scheme not in {"postgres", "postgresql"} or not parts.path.strip("/"):
        raise SystemExit(f"bench: POSTGRES_URL must be postgres://.../name, got {postgres_url!r}")
    name = f"{parts.path.strip('/')}_bench_{secrets.token_hex(4)}"
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        raise SystemExit(f"bench: could not create {name} beside POSTGRES_URL: {error}") from None
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        close_connections()
        with psycopg.connect(maintenance, autocommit=True) as admin:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            admin.execute(drop.format(sql.Identifier(name)))
        print(f"dropped the scratch database {name}")


def close_connections() -> None:
    """This process's own connections, if Django started."""
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()


@contextmanager
def redis_service(folder: Path) -> Iterator[tuple[str, str]]:
    """A Redis URL and how it came: a private redis-server, else REDIS_URL, else stop."""
    binary = shutil.which("redis-server")
    if binary is None:
        url = os.environ.get("REDIS_URL", "")
        if not url.startswith(("redis://", "rediss://")):
            raise SystemExit(
                "bench: needs the redis-server program (Debian: apt-get install "
                "redis-server) or REDIS_URL=redis://... of a Redis it may write to"
            )
        yield url, "REDIS_URL (shared: the bench's keys have a prefix of their own)"
        return
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(folder)]
    log = (folder / "redis.out").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"redis://127.0.0.1:{port}/0"
        version = wait_for_redis(url, process)
        yield url, f"a private redis-server {version} on 127.0.0.1:{port}, no persistence"
    finally:
        stop(process)
        log.close()


def wait_for_redis(url: str, process: subprocess.Popen[bytes]) -> str:
    """Its version, once it answers PING."""
    import redis

    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("bench: redis-server exited (see redis.out)")
        try:
            client.ping()
            return str(client.info("server")["redis_version"])
        except redis.ConnectionError:
            time.sleep(0.02)
        finally:
            client.close()
    raise SystemExit("bench: redis-server did not answer in 10 s")


def prepare_database() -> None:
    """Migrate the bench's database and seed it (in this process)."""
    import django

    configure()
    django.setup()
    from django.core.management import call_command
    from properties.models import Property

    print(f"database: {describe_database()}")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed", count=PROPERTIES, seed=SEED, stdout=io.StringIO())
    if (count := Property.objects.count()) != PROPERTIES:
        raise SystemExit(f"bench: seeded {count:,} properties, not {PROPERTIES:,}")
    print(f"seeded {PROPERTIES:,} properties in {time.perf_counter() - started:.1f} s")


def describe_database() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}, a temporary file"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    where = f"{connection.settings_dict['HOST']}:{connection.settings_dict['PORT'] or 5432}"
    name = connection.settings_dict["NAME"]
    return f"PostgreSQL {version}, scratch database {name} on {where}, dropped at the end"


def forget_keys() -> None:
    """The bench's keys in a shared Redis (all under its prefix)."""
    from django.core.cache import cache

    deleted = cache.delete_pattern("*")
    print(f"deleted the bench's {deleted} keys from REDIS_URL's Redis")


# --- the servers ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(profile: str, port: int, environment: dict[str, str], folder: Path) -> Any:
    command = [sys.executable, "-m", "gunicorn", "bench:application()"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1"]
    command += ["--worker-class", "gthread", "--threads", str(CLIENTS), "--keep-alive", "30"]
    return subprocess.Popen(
        command,
        cwd=FOLDER,
        env={**environment, PROFILE: profile},
        stdout=(folder / f"{profile}.out").open("wb"),
        stderr=subprocess.STDOUT,
    )


@contextmanager
def servers(
    profiles: Sequence[str], environment: dict[str, str], folder: Path
) -> Iterator[dict[str, int]]:
    """Gunicorn servers of these profiles, answering; their ports. Stopped at the end."""
    ports = {profile: free_port() for profile in profiles}
    started = {p: start_server(p, port, environment, folder) for p, port in ports.items()}
    try:
        for profile, process in started.items():
            wait_until_answering(ports[profile], process, profile)
        yield ports
    finally:
        for process in started.values():
            stop(process)


def get(port: int, path: str = PATH) -> Answer:
    """One request on a fresh connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return Answer(response.status, tuple(response.getheaders()), body)
    finally:
        connection.close()


def wait_until_answering(port: int, process: subprocess.Popen[bytes], name: str) -> None:
    """Any HTTP answer will do (a 404 is cheap): the worker has loaded the application."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench: the {name} server exited (see its output)")
        try:
            get(port, "/bench-probe/")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"bench: the {name} server did not answer in 30 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- the checks -----------------------------------------------------------------------


def full_list(port: int, name: str) -> Answer:
    answer = get(port)
    if answer.status != 200:
        raise SystemExit(f"bench: {name}: GET {PATH} answered {answer.status}")
    return answer


def check_same_list(ports: dict[str, int]) -> Answer:
    """The uncached and cached servers answer the same bytes, PROPERTIES rows; the second
    cached answer (from the cache) is the one to serve from memory."""
    uncached = full_list(ports["uncached"], "uncached")
    full_list(ports["cached"], "cached")  # fills both layers
    cached = full_list(ports["cached"], "cached")
    if uncached.body != cached.body:
        raise SystemExit("bench: the uncached and cached servers answer different bodies")
    if len(rows := cached.rows()) != PROPERTIES:
        raise SystemExit(f"bench: GET {PATH} has {len(rows):,} rows, not {PROPERTIES:,}")
    return cached


def save_ceiling(answer: Answer, path: Path) -> None:
    status = f"{answer.status} {http.client.responses[answer.status]}"
    saved = {"status": status, "headers": answer.own_headers(), "body": answer.body.hex()}
    path.write_text(json.dumps(saved))


def check_ceiling(port: int, captured: Answer) -> None:
    ceiling = full_list(port, "ceiling")
    if (ceiling.body, ceiling.own_headers()) != (captured.body, captured.own_headers()):
        raise SystemExit("bench: the ceiling does not answer what the cached server did")


def check_uncached(ports: dict[str, int], before: Answer) -> None:
    """A row inserted behind the app's back (raw SQL: no signal, no invalidation) shows on
    the uncached server at once and not on the cached one; deleted the same way, the
    uncached server is back to the original bytes."""
    title = f"bench probe {secrets.token_hex(4)}"
    raw_sql("INSERT", title)
    try:
        uncached = full_list(ports["uncached"], "uncached")
        cached = full_list(ports["cached"], "cached")
    finally:
        raw_sql("DELETE", title)
    counts = len(uncached.rows()), len(cached.rows())
    if counts != (PROPERTIES + 1, PROPERTIES) or cached.body != before.body:
        raise SystemExit(f"bench: after a raw insert, uncached and cached rows: {counts}")
    if full_list(ports["uncached"], "uncached").body != before.body:
        raise SystemExit("bench: after the raw delete, the uncached list is not as before")


def raw_sql(verb: str, title: str) -> None:
    """INSERT a property of this title, or DELETE it, through Django's connection."""
    from decimal import Decimal

    from django.db import connection
    from django.utils import timezone
    from properties.models import Property

    table = connection.ops.quote_name(Property._meta.db_table)
    with connection.cursor() as cursor:
        if verb == "INSERT":
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            columns = "title, description, price, location, created_at"
            values = [title, "Inserted by bench.py.", Decimal("100.00"), "Lisbon", now]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)", values)
        else:
            cursor.execute(f"DELETE FROM {table} WHERE title = %s", [title])


# --- the load -------------------------------------------------------------------------


def load(port: int, seconds: float) -> tuple[float, list[float]]:
    """Requests per second and each request's milliseconds, from CLIENTS keep-alive
    threads for `seconds` (a request under way then is finished and counted)."""
    timings: list[list[float]] = [[] for _ in range(CLIENTS)]
    errors: list[BaseException] = []
    stop_at = time.perf_counter() + seconds

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = timings[index]
        try:
            while time.perf_counter() < stop_at:
                sent = time.perf_counter()
                connection.request("GET", PATH)
                response = connection.getresponse()
                response.read()
                mine.append((time.perf_counter() - sent) * 1000)
                if response.status != 200:
                    raise RuntimeError(f"GET {PATH} answered {response.status}")
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
        raise SystemExit(f"bench: port {port}: {errors[0]!r}")
    everything = [timing for mine in timings for timing in mine]
    return len(everything) / elapsed, everything


def measure(ports: dict[str, int]) -> dict[str, tuple[list[float], list[float]]]:
    """Per scenario: requests per second of each round, and every request's milliseconds."""
    for name in SCENARIOS:
        load(ports[name], WARM_UP_S)
    results: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in SCENARIOS}
    for number in range(ROUNDS):
        # Alternate the order, so that no scenario always meets a warmer machine.
        for name in SCENARIOS if number % 2 == 0 else reversed(SCENARIOS):
            rps, timings = load(ports[name], ROUND_S)
            results[name][0].append(rps)
            results[name][1].extend(timings)
        line = "   ".join(f"{name} {rounds[-1]:7.1f}" for name, (rounds, _) in results.items())
        print(f"round {number + 1}: {line} rps")
    return results


# --- the run --------------------------------------------------------------------------


def main() -> int:
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-caching-")))
        environment = bench_environment(folder)
        database = stack.enter_context(scratch_database(os.environ.get("POSTGRES_URL")))
        redis_url, redis_note = stack.enter_context(redis_service(folder))
        environment.update(
            {DATABASE: database, REDIS: redis_url, KEY_PREFIX: f"bench-{secrets.token_hex(4)}"}
        )
        os.environ.update(environment)
        print(f"cache: {redis_note}")
        prepare_database()
        if not redis_note.startswith("a private"):
            stack.callback(forget_keys)
        results = run_servers(environment, folder)
    return report(results)


def run_servers(
    environment: dict[str, str], folder: Path
) -> dict[str, tuple[list[float], list[float]]]:
    """Check the servers, then load them."""
    ceiling_file = folder / "ceiling.json"
    with servers(("uncached", "cached"), environment, folder) as ports:
        captured = check_same_list(ports)
        print(f"GET {PATH}: {PROPERTIES:,} rows, {len(captured.body):,} bytes, the same on both")
        check_uncached(ports, captured)
        print("uncached is uncached: a raw insert showed there at once, not on cached")
        save_ceiling(captured, ceiling_file)
        environment = {**environment, CEILING: str(ceiling_file)}
        with servers(("ceiling",), environment, folder) as ceiling_port:
            check_ceiling(ceiling_port["ceiling"], captured)
            print("ceiling answers the cached server's status, headers and bytes")
            return measure({**ports, **ceiling_port})


def percentile(timings: list[float], share: int) -> float:
    return statistics.quantiles(timings, n=100, method="inclusive")[share - 1]


def report(results: dict[str, tuple[list[float], list[float]]]) -> int:
    rows = {
        name: (statistics.median(rounds), percentile(timings, 50), percentile(timings, 99))
        for name, (rounds, timings) in results.items()
    }
    print(
        f"GET {PATH} of {PROPERTIES:,} properties, {CLIENTS} keep-alive clients; requests/s: "
        f"median of {ROUNDS} rounds of {ROUND_S} s; latency: every request of every round"
    )
    print(f"{'scenario':<46} {'requests/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'requests':>8}")
    for name, (rps, p50, p99) in rows.items():
        count = len(results[name][1])
        print(f"{LABELS[name]:<46} {rps:>10.1f} {p50:>8.1f} {p99:>8.1f} {count:>8}")
    (a, a50, _), (b, b50, _), (c, _, _) = rows["uncached"], rows["cached"], rows["ceiling"]
    speedup, fraction = b / a, b / c
    print(f"speed-up b/a: {speedup:.1f}x requests per second (goal: at least {SPEEDUP_GOAL:.0f})")
    print(f"fraction b/c: {fraction:.2f} of the ceiling (goal: at least {CEILING_GOAL})")
    print(
        f"the program's claim: over {CLAIM[0]:,.0f} ms uncached, under {CLAIM[1]:.0f} ms cached; "
        f"ours, p50 with {CLIENTS} clients: {a50:,.1f} ms uncached, {b50:.1f} ms cached"
    )
    print(
        f"RESULT uncached_rps={a:.1f} cached_rps={b:.1f} ceiling_rps={c:.1f} "
        f"speedup={speedup:.1f} ceiling_fraction={fraction:.3f} "
        f"uncached_p50_ms={a50:.1f} cached_p50_ms={b50:.1f}"
    )
    missed(speedup, fraction)
    return 0


def missed(speedup: float, fraction: float) -> None:
    """Goals missed, on stderr."""
    if speedup < SPEEDUP_GOAL:
        print(
            f"bench: the speed-up b/a of at least {SPEEDUP_GOAL:.0f} was not met: "
            f"{speedup:.1f} ({1 - speedup / SPEEDUP_GOAL:.0%} short)",
            file=sys.stderr,
        )
    if fraction < CEILING_GOAL:
        print(
            f"bench: the fraction b/c of at least {CEILING_GOAL} was not met: "
            f"{fraction:.2f} ({1 - fraction / CEILING_GOAL:.0%} short)",
            file=sys.stderr,
        )


if __name__ == "__main__":
    sys.exit(main())
