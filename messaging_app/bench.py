"""What the message-list cache buys, and what a long thread costs: requests per second and
p50/p99 latency of a busy conversation's message list, cold and cached, and of a thread.

    cd messaging_app && python bench.py
    make bench MODULE=messaging_app            (from the repository root)

Seeds one temporary, migrated SQLite database (bulk inserts, no signals, so no
notifications): USERS users, CONVERSATIONS conversations of 2 to 5 participants and
MESSAGES messages with times spread over SPAN_DAYS days, BUSY of them in one busy
conversation, among those a thread of a root and THREAD_REPLIES replies nested up to
THREAD_DEPTH deep. Then starts two gunicorn servers on loopback (one worker, gthread,
CLIENTS threads, keep-alive, production settings with DEBUG off) that differ only in the
cache: "cold" has Django's DummyCache, so every list request reaches the database;
"cached" has the local-memory cache, shared by the worker's threads.

A client of CLIENTS threads with keep-alive connections, each sending the access token of
a participant of the busy conversation, runs each scenario for ROUND_S seconds:

    list, cold     GET /api/conversations/{busy}/messages/ on the cold server
    list, cached   the same on the cached server
    thread         GET /api/messages/{root}/thread/ on the cold server (no cache applies)

The list requests go round pages 1 to PAGES (each client starting at another), the same
on both servers, so that the cached run reads several keys and not one; a cached page
expires after settings.MESSAGE_LIST_CACHE_SECONDS and is then built again once, as in
production. Every request still authenticates its token against the user table; a cached
page skips the participant check (it was stored after that check passed). ROUNDS rounds
alternate the order of the scenarios; requests per second are the median over the rounds, p50 and
p99 are over every request of every round (for a slow scenario, such as a thread of
hundreds of messages, that is a few dozen requests: its p99 is close to its maximum).
Each scenario is warmed up for WARM_UP_S first. Before measuring, the servers must answer
200 with the same page, and a message inserted behind the app's back (no signal, so no
cache invalidation) must show on the cold server at once and not on the cached one; the
thread must hold the root and every reply, THREAD_DEPTH deep.

The last line is `RESULT cold_rps=... cached_rps=... thread_rps=... cached_over_cold=...
cold_p99_ms=... cached_p99_ms=... thread_p99_ms=...`. The goal is cached/cold of at least
GOAL; falling short is reported on stderr, not an error (the bench measures, it does not
judge).

The servers load `bench:application()`, which points the settings at the temporary
database and picks the cache from BENCH_PROFILE before Django starts: nothing in config/
knows about the bench.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent
PROFILE = "BENCH_PROFILE"  # "cold" or "cached", read by configure()
SQLITE = "BENCH_SQLITE"  # the temporary database, read by configure()
CACHES = {
    "cold": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "cached": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
USERS = 30
CONVERSATIONS = 200
MESSAGES = 100_000
BUSY = 20_000  # messages in the busy conversation, the thread's included
THREAD_REPLIES = 300
THREAD_DEPTH = 6
SPAN_DAYS = 365
BATCH = 5_000
PAGES = 5
PAGE_SIZE = 20  # chats.pagination.MessagePagination
CLIENTS = 4
ROUNDS = 6
ROUND_S = 2.0
WARM_UP_S = 1.0  # per scenario; every client sends at least one request
GOAL = 10.0
SEED = 20240601


@dataclass(frozen=True)
class Fixture:
    """What the client needs from the seeded database."""

    token: str
    conversation: str
    root: str


@dataclass(frozen=True)
class Scenario:
    name: str
    port: int
    paths: tuple[str, ...]


def configure() -> None:
    """Before Django starts: the temporary database, and the cache of BENCH_PROFILE. The
    settings module is loaded as it is; only these values change."""
    from django.conf import settings

    settings.DATABASES["default"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ[SQLITE],
        # Persistent connections, as in production: reconnecting (and SQLite's per-
        # connection setup) on every request would dwarf what is measured.
        "CONN_MAX_AGE": 600,
    }
    profile = os.environ.get(PROFILE)
    if profile in CACHES:
        settings.CACHES = {"default": CACHES[profile]}


def application() -> Callable[..., Any]:
    """The WSGI application gunicorn serves (`bench:application()`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    configure()
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def bench_environment(folder: Path) -> dict[str, str]:
    """Production settings on loopback, no outside database or cache, long-lived tokens."""
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        JWT_ACCESS_MINUTES="600",
        **{SQLITE: str(folder / "bench.sqlite3")},
    )
    return environment


def prepare_database() -> Fixture:
    """Migrate the temporary database and seed it (in this process)."""
    import django

    configure()
    django.setup()
    from django.core.management import call_command
    from rest_framework_simplejwt.tokens import AccessToken

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    caller, conversation, root = seed(random.Random(SEED))
    print(
        f"seeded {USERS} users, {CONVERSATIONS} conversations, {MESSAGES:,} messages "
        f"({BUSY:,} in the busy one, a thread of {THREAD_REPLIES + 1}) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return Fixture(str(AccessToken.for_user(caller)), conversation, root)


def seed(rng: random.Random) -> tuple[Any, str, str]:
    """Users, conversations and messages; the caller, the busy conversation and the root."""
    from django.db import transaction

    with transaction.atomic():
        users = seed_users()
        conversations = seed_conversations(rng, users)
        busy, others = conversations[0], conversations[1:]
        with explicit_sent_at():
            root = seed_thread(rng, busy)
            seed_messages(rng, busy, BUSY - THREAD_REPLIES - 1)
            share, extra = divmod(MESSAGES - BUSY, len(others))
            for number, conversation in enumerate(others):
                seed_messages(rng, conversation, share + (number < extra))
    return busy[1][0], str(busy[0].pk), str(root)


def seed_users() -> list[Any]:
    from chats.models import User
    from django.contrib.auth.hashers import make_password

    password = make_password(None)  # unusable: the bench signs tokens directly
    users = [
        User(
            email=f"user{number}@bench.example",
            first_name=f"First{number}",
            last_name=f"Last{number}",
            password=password,
        )
        for number in range(USERS)
    ]
    return User.objects.bulk_create(users)


def seed_conversations(rng: random.Random, users: list[Any]) -> list[tuple[Any, list[Any]]]:
    """Conversations with their participants; the first, the busy one, has five, the
    first user among them (the caller)."""
    from chats.models import Conversation

    conversations = Conversation.objects.bulk_create(Conversation() for _ in range(CONVERSATIONS))
    members = [[users[0], *rng.sample(users[1:], 4)]]
    members += [rng.sample(users, rng.randint(2, 5)) for _ in conversations[1:]]
    through = Conversation.participants.through
    through.objects.bulk_create(
        through(conversation_id=conversation.pk, user_id=user.pk)
        for conversation, people in zip(conversations, members, strict=True)
        for user in people
    )
    return list(zip(conversations, members, strict=True))


@contextmanager
def explicit_sent_at() -> Iterator[None]:
    """Let bulk_create keep the sent_at we give: auto_now_add would stamp them all with
    the same now() (DateTimeField.pre_save runs for bulk inserts too)."""
    from chats.models import Message

    field = Message._meta.get_field("sent_at")
    field.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        field.auto_now_add = True  # type: ignore[attr-defined]


def seed_messages(rng: random.Random, conversation: tuple[Any, list[Any]], count: int) -> None:
    """`count` messages from the participants, at random times over SPAN_DAYS days."""
    from chats.models import Message

    room, people = conversation
    start = datetime.now().astimezone() - timedelta(days=SPAN_DAYS)
    span = SPAN_DAYS * 86_400.0
    messages = (
        Message(
            conversation_id=room.pk,
            sender_id=rng.choice(people).pk,
            message_body=f"message {number} " + "lorem ipsum " * rng.randint(1, 12),
            sent_at=start + timedelta(seconds=rng.uniform(0, span)),
        )
        for number in range(count)
    )
    Message.objects.bulk_create(messages, batch_size=BATCH)


def seed_thread(rng: random.Random, conversation: tuple[Any, list[Any]]) -> Any:
    """A root message of yesterday and THREAD_REPLIES replies, a minute apart: the first
    THREAD_DEPTH a chain (so the thread is that deep), the others each to a random earlier
    message of the thread less than THREAD_DEPTH deep. The root's id."""
    from chats.models import Message

    room, people = conversation
    when = datetime.now().astimezone() - timedelta(days=1)
    root = Message(conversation_id=room.pk, sender_id=people[0].pk, message_body="thread root")
    root.sent_at = when
    thread, depths = [root], [0]
    for number in range(1, THREAD_REPLIES + 1):
        open_ = [index for index, depth in enumerate(depths) if depth < THREAD_DEPTH]
        parent = number - 1 if number <= THREAD_DEPTH else rng.choice(open_)
        reply = Message(
            conversation_id=room.pk,
            sender_id=rng.choice(people).pk,
            message_body=f"reply {number}",
            parent_message_id=thread[parent].pk,
        )
        reply.sent_at = when + timedelta(minutes=number)
        thread.append(reply)
        depths.append(depths[parent] + 1)
    Message.objects.bulk_create(thread, batch_size=BATCH)
    return root.pk


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


def get(port: int, path: str, token: str | None = None) -> tuple[int, Any]:
    """One request on a fresh connection: the status and the decoded JSON body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=authorization(token))
        response = connection.getresponse()
        body = response.read()
        return response.status, json.loads(body) if body else None
    finally:
        connection.close()


def authorization(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def wait_until_answering(port: int, process: subprocess.Popen[bytes], name: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench: the {name} server exited (see its output)")
        try:
            get(port, "/api/health/")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"bench: the {name} server did not answer in 30 s")


def list_paths(fixture: Fixture) -> tuple[str, ...]:
    base = f"/api/conversations/{fixture.conversation}/messages/"
    return (base, *(f"{base}?page={page}" for page in range(2, PAGES + 1)))


def thread_path(fixture: Fixture) -> str:
    return f"/api/messages/{fixture.root}/thread/"


def first_page(port: int, fixture: Fixture) -> dict[str, Any]:
    path = list_paths(fixture)[0]
    status, page = get(port, path, fixture.token)
    if status != 200:
        raise SystemExit(f"bench: GET {path} answered {status}: {page}")
    if not isinstance(page, dict) or {"count", "results"} - page.keys():
        raise SystemExit(f"bench: GET {path} is not a page (count, results): {page}")
    return page


def check_lists(cold_port: int, cached_port: int, fixture: Fixture) -> None:
    """Both answer the same full page; then a message inserted without signals (so no
    invalidation) shows at once on the cold server, and not yet on the cached one."""
    from chats.models import Message

    cold, cached = first_page(cold_port, fixture), first_page(cached_port, fixture)
    if cold["results"] != cached["results"]:  # not `next`: it names each server's port
        raise SystemExit("bench: the cold and cached servers answer different pages")
    if cold["count"] != BUSY or len(cold["results"]) != PAGE_SIZE:
        raise SystemExit(f"bench: {cold['count']} messages, {len(cold['results'])} a page")
    author = Message.objects.get(pk=fixture.root).sender_id
    extra = Message(conversation_id=fixture.conversation, sender_id=author, message_body="x")
    Message.objects.bulk_create([extra])
    try:
        counts = first_page(cold_port, fixture)["count"], first_page(cached_port, fixture)["count"]
    finally:
        Message.objects.filter(pk=extra.pk).delete()
    if counts != (BUSY + 1, BUSY):
        raise SystemExit(f"bench: cold and cached counts after an insert: {counts}")


def check_thread(port: int, fixture: Fixture) -> None:
    """The thread answers with the root and every reply, THREAD_DEPTH deep."""
    status, tree = get(port, thread_path(fixture), fixture.token)
    if status != 200:
        raise SystemExit(f"bench: GET {thread_path(fixture)} answered {status}: {tree}")
    if (size(tree), depth(tree)) != (THREAD_REPLIES + 1, THREAD_DEPTH):
        raise SystemExit(f"bench: the thread has {size(tree)} messages, {depth(tree)} deep")


def size(node: dict[str, Any]) -> int:
    return 1 + sum(size(reply) for reply in node["replies"])


def depth(node: dict[str, Any]) -> int:
    return max((1 + depth(reply) for reply in node["replies"]), default=0)


def load(scenario: Scenario, token: str, seconds: float) -> tuple[float, list[float]]:
    """Requests per second and each request's milliseconds, from CLIENTS keep-alive
    threads going round the scenario's paths for `seconds` (a request under way then is
    finished and counted, with the time it takes)."""
    timings: list[list[float]] = [[] for _ in range(CLIENTS)]
    errors: list[BaseException] = []
    stop_at = time.perf_counter() + seconds
    headers = authorization(token)

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", scenario.port, timeout=30)
        mine, paths = timings[index], scenario.paths
        try:
            while time.perf_counter() < stop_at:
                path = paths[(index + len(mine)) % len(paths)]
                sent = time.perf_counter()
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                mine.append((time.perf_counter() - sent) * 1000)
                if response.status != 200:
                    raise RuntimeError(f"GET {path} answered {response.status}")
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
        raise SystemExit(f"bench: {scenario.name}: {errors[0]!r}")
    everything = [timing for mine in timings for timing in mine]
    return len(everything) / elapsed, everything


def measure(
    scenarios: Sequence[Scenario], token: str
) -> dict[str, tuple[list[float], list[float]]]:
    """Per scenario: requests per second of each round, and every request's milliseconds."""
    results: dict[str, tuple[list[float], list[float]]] = {s.name: ([], []) for s in scenarios}
    for number in range(ROUNDS):
        # Alternate the order, so that no scenario always meets a warmer machine.
        for scenario in scenarios if number % 2 == 0 else reversed(scenarios):
            rps, timings = load(scenario, token, ROUND_S)
            results[scenario.name][0].append(rps)
            results[scenario.name][1].extend(timings)
        line = "   ".join(f"{name} {rounds[-1]:7.1f}" for name, (rounds, _) in results.items())
        print(f"round {number + 1}: {line} rps")
    return results


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-messaging-") as scratch:
        folder = Path(scratch)
        os.environ.update(bench_environment(folder))
        fixture = prepare_database()
        ports = {name: free_port() for name in CACHES}
        servers = {name: start_server(name, port, folder) for name, port in ports.items()}
        try:
            for name, server in servers.items():
                wait_until_answering(ports[name], server, name)
            check_lists(ports["cold"], ports["cached"], fixture)
            check_thread(ports["cold"], fixture)
            scenarios = (
                Scenario("list, cold", ports["cold"], list_paths(fixture)),
                Scenario("list, cached", ports["cached"], list_paths(fixture)),
                Scenario("thread", ports["cold"], (thread_path(fixture),)),
            )
            for scenario in scenarios:
                load(scenario, fixture.token, WARM_UP_S)
            results = measure(scenarios, fixture.token)
        finally:
            for server in servers.values():
                stop(server)
    return report(results)


def percentile(timings: list[float], share: int) -> float:
    return statistics.quantiles(timings, n=100, method="inclusive")[share - 1]


def report(results: dict[str, tuple[list[float], list[float]]]) -> int:
    rows = {
        name: (statistics.median(rounds), percentile(timings, 50), percentile(timings, 99))
        for name, (rounds, timings) in results.items()
    }
    print(
        f"{CLIENTS} keep-alive clients; requests/s: median of {ROUNDS} rounds of {ROUND_S} s; "
        f"latency: every request of every round"
    )
    print(f"{'scenario':<44} {'requests/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
    labels = {
        "list, cold": f"message list, pages 1-{PAGES}, cold (DummyCache)",
        "list, cached": f"message list, pages 1-{PAGES}, cached (LocMem)",
        "thread": f"thread of {THREAD_REPLIES + 1} messages, depth {THREAD_DEPTH}",
    }
    for name, (rps, p50, p99) in rows.items():
        print(f"{labels[name]:<44} {rps:>10.1f} {p50:>8.1f} {p99:>8.1f}")
    cold, cached, thread = rows["list, cold"], rows["list, cached"], rows["thread"]
    ratio = cached[0] / cold[0]
    print(f"cached/cold: {ratio:.1f}x requests per second (goal: at least {GOAL:.0f})")
    print(
        f"RESULT cold_rps={cold[0]:.1f} cached_rps={cached[0]:.1f} thread_rps={thread[0]:.1f} "
        f"cached_over_cold={ratio:.2f} cold_p99_ms={cold[2]:.1f} "
        f"cached_p99_ms={cached[2]:.1f} thread_p99_ms={thread[2]:.1f}"
    )
    if ratio < GOAL:
        print(
            f"bench: the goal of cached/cold at least {GOAL:.0f} was not met: "
            f"{ratio:.2f}, short by {GOAL - ratio:.2f} ({1 - ratio / GOAL:.0%})",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
