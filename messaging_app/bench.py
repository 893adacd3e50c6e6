"""What the message-list cache buys, and what a long thread costs: requests per second and
p50/p99 latency of a busy conversation's message list, cold and cached, and of a thread.

    cd messaging_app && python bench.py [--smoke]
    make bench MODULE=messaging_app            (from the repository root)

Seeds a temporary SQLite database: MESSAGES messages, BUSY of them in one conversation,
among those a thread of THREAD_REPLIES replies up to THREAD_DEPTH deep. Two gunicorn
servers differ only in the cache: "cold" has DummyCache, "cached" local memory (chosen by
`bench:application()` from BENCH_PROFILE). CLIENTS keep-alive clients, signed in as a
participant, read pages 1 to PAGES of the busy conversation from each ("cold", "cached")
and the thread from the cold one ("thread"), in ROUNDS alternating rounds. The last line
is `RESULT cold_rps=... cached_rps=... thread_rps=... cached_over_cold=... cold_p99_ms=...
cached_p99_ms=... thread_p99_ms=...`; the goal is cached/cold of at least GOAL.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench_support import (
    PRODUCTION_ON_LOOPBACK,
    Request,
    Scenario,
    gunicorn,
    measure,
    result_line,
    short_of_goal,
    sized,
    table,
)

FOLDER = Path(__file__).resolve().parent
PROFILE = "BENCH_PROFILE"  # "cold" or "cached", read by configure()
SQLITE = "BENCH_SQLITE"  # the temporary database, read by configure()
CACHES = {
    "cold": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "cached": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
USERS = 30
CONVERSATIONS = sized(200, 10)
MESSAGES = sized(100_000, 1_000)
BUSY = sized(20_000, 500)  # messages in the busy conversation, the thread's included
THREAD_REPLIES = sized(300, 30)
THREAD_DEPTH = 6
SPAN_DAYS = 365
BATCH = 5_000
PAGES = 5  # of 20 messages (chats.pagination.MessagePagination)
CLIENTS = 4
ROUNDS = sized(6, 1)
ROUND_S = sized(2.0, 0.3)
WARM_UP_S = sized(1.0, 0.2)  # per scenario; every client sends at least one request
LABELS = {
    "cold": f"message list, pages 1-{PAGES}, cold (DummyCache)",
    "cached": f"message list, pages 1-{PAGES}, cached (LocMem)",
    "thread": f"thread of {THREAD_REPLIES + 1} messages, depth {THREAD_DEPTH}",
}
GOAL = 10.0
SEED = 20240601


def configure() -> None:
    """Before Django starts: the temporary database, and the cache of BENCH_PROFILE."""
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
        PRODUCTION_ON_LOOPBACK,
        JWT_ACCESS_MINUTES="600",
        **{SQLITE: str(folder / "bench.sqlite3")},
    )
    return environment


def prepare_database() -> tuple[str, str, str]:
    """Migrate and seed the temporary database (in this process): a participant's access
    token, the busy conversation and the thread's root."""
    import django

    configure()
    django.setup()
    from chats.models import Conversation, Message, User
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction
    from rest_framework_simplejwt.tokens import AccessToken

    call_command("migrate", verbosity=0)
    # Keep the times given here: auto_now_add would stamp every bulk insert with one now().
    Message._meta.get_field("sent_at").auto_now_add = False  # type: ignore[attr-defined]
    rng = random.Random(SEED)
    with transaction.atomic():
        password = make_password(None)  # unusable: the bench signs tokens directly
        users = User.objects.bulk_create(
            User(email=f"u{n}@bench.example", first_name=f"First{n}", last_name=f"Last{n}",
                 password=password)
            for n in range(USERS)
        )  # fmt: skip
        rooms = Conversation.objects.bulk_create(Conversation() for _ in range(CONVERSATIONS))
        # The busy conversation first, with the caller (users[0]) among its five people.
        people = [[users[0], *rng.sample(users[1:], 4)]]
        people += [rng.sample(users, rng.randint(2, 5)) for _ in rooms[1:]]
        through = Conversation.participants.through
        through.objects.bulk_create(
            through(conversation_id=room.pk, user_id=user.pk)
            for room, members in zip(rooms, people, strict=True)
            for user in members
        )
        root = seed_thread(rng, rooms[0].pk, people[0])
        start = datetime.now().astimezone() - timedelta(days=SPAN_DAYS)
        where = [0] * (BUSY - THREAD_REPLIES - 1)  # the other messages: any other conversation
        where += [rng.randrange(1, CONVERSATIONS) for _ in range(MESSAGES - BUSY)]
        Message.objects.bulk_create(
            (
                Message(
                    conversation_id=rooms[room].pk,
                    sender_id=rng.choice(people[room]).pk,
                    message_body="lorem ipsum " * rng.randint(1, 12),
                    sent_at=start + timedelta(seconds=rng.uniform(0, SPAN_DAYS * 86_400)),
                )
                for room in where
            ),
            batch_size=BATCH,
        )
    return str(AccessToken.for_user(users[0])), str(rooms[0].pk), str(root)


def seed_thread(rng: random.Random, room: Any, people: list[Any]) -> Any:
    """A root message of yesterday and THREAD_REPLIES replies, a minute apart: the first
    THREAD_DEPTH a chain (so the thread is that deep), the others each to a random earlier
    message of the thread less than THREAD_DEPTH deep. The root's id."""
    from chats.models import Message

    when = datetime.now().astimezone() - timedelta(days=1)
    thread = [
        Message(conversation_id=room, sender_id=people[0].pk, message_body="root", sent_at=when)
    ]
    depths = [0]
    for number in range(1, THREAD_REPLIES + 1):
        open_ = [index for index, depth in enumerate(depths) if depth < THREAD_DEPTH]
        parent = number - 1 if number <= THREAD_DEPTH else rng.choice(open_)
        thread.append(
            Message(
                conversation_id=room,
                sender_id=rng.choice(people).pk,
                message_body=f"reply {number}",
                parent_message_id=thread[parent].pk,
                sent_at=when + timedelta(minutes=number),
            )
        )
        depths.append(depths[parent] + 1)
    Message.objects.bulk_create(thread, batch_size=BATCH)
    return thread[0].pk


def scenarios(cold: int, cached: int, token: str, conversation: str, root: str) -> list[Scenario]:
    headers = {"Authorization": f"Bearer {token}"}
    pages = [f"/api/conversations/{conversation}/messages/?page={n}" for n in range(1, PAGES + 1)]

    def page(client: int, number: int) -> Request:  # each client starts on another page
        return "GET", pages[(client + number) % PAGES], None, headers

    def thread(client: int, number: int) -> Request:
        return "GET", f"/api/messages/{root}/thread/", None, headers

    return [
        Scenario("cold", cold, page),
        Scenario("cached", cached, page),
        Scenario("thread", cold, thread),
    ]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-messaging-") as scratch, ExitStack() as stack:
        folder = Path(scratch)
        environment = bench_environment(folder)
        os.environ.update(environment)
        fixture = prepare_database()
        print(f"seeded {MESSAGES:,} messages ({BUSY:,} in the busy conversation)", flush=True)
        cold, cached = (
            stack.enter_context(
                gunicorn(FOLDER, {**environment, PROFILE: name}, folder / name, threads=CLIENTS)
            )
            for name in CACHES
        )
        load = scenarios(cold, cached, *fixture)
        results = measure(load, clients=CLIENTS, rounds=ROUNDS, seconds=ROUND_S, warm_up=WARM_UP_S)
    print(f"{CLIENTS} keep-alive clients, median of {ROUNDS} rounds of {ROUND_S} s")
    table(results, LABELS)
    ratio = results["cached"].rps / results["cold"].rps
    print(f"cached/cold: {ratio:.1f}x requests per second (goal: at least {GOAL:g})")
    values = {f"{name}_rps": f"{measured.rps:.1f}" for name, measured in results.items()}
    values["cached_over_cold"] = f"{ratio:.2f}"
    values |= {f"{name}_p99_ms": f"{got.percentile(99):.1f}" for name, got in results.items()}
    print(result_line(values))
    short_of_goal("cached/cold", ratio, GOAL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
