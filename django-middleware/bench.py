"""What our five middlewares cost: requests per second with and without them.

    cd django-middleware && python bench.py [--smoke]
    make bench MODULE=django-middleware            (from the repository root)

Two gunicorn servers over a temporary SQLite database with a few messages: "full" runs
settings.MIDDLEWARE, "django-only" the same list without our five (chats.middleware.*),
both without the IP tracking unit's three (ip_tracking.middleware.*, a commit per request),
chosen by `bench:application()` from BENCH_PROFILE. CLIENTS keep-alive clients send
GET /api/messages/ to each in ROUNDS alternating rounds. The last line is
`RESULT full_rps=... none_rps=... cost=...`; the budget is a cost below MAX_COST.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
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
PROFILE = "BENCH_PROFILE"  # "full" or "django-only", read by configure()
SQLITE = "BENCH_SQLITE"  # the temporary database, read by configure()
PROFILES = ("full", "django-only")
OURS = ("chats.middleware.",)
IP_UNIT = ("ip_tracking.",)
CLIENTS = 4
ROUNDS = sized(8, 1)
ROUND_S = sized(1.5, 0.3)
WARM_UP_S = sized(1.0, 0.2)
MAX_COST = 0.25
PATH = "/api/messages/"


def configure() -> None:
    """Before Django starts: the temporary database, and for "django-only" the stack
    without ours."""
    from django.conf import settings

    settings.DATABASES["default"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ[SQLITE],
        # Persistent connections, as in production: reconnecting (and SQLite's per-
        # connection setup) on every request would dwarf what is measured.
        "CONN_MAX_AGE": 600,
    }
    # Not the IP tracking unit's, in either profile: its row per request is a commit, on
    # SQLite a disk sync per request, which would drown what is measured here.
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.startswith(IP_UNIT)]
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
        PRODUCTION_ON_LOOPBACK,
        ACCESS_START="00:00",  # equal start and end: open all day, whenever the bench runs
        ACCESS_END="00:00",
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


def get_messages(client: int, number: int) -> Request:
    return "GET", PATH, None, {}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-middleware-") as scratch:
        folder = Path(scratch)
        environment = bench_environment(folder)
        os.environ.update(environment)
        prepare_database()
        logs = {name: folder / f"{name}.log" for name in PROFILES}
        with ExitStack() as stack:
            ports = {
                name: stack.enter_context(
                    gunicorn(
                        FOLDER,
                        {**environment, PROFILE: name, "REQUEST_LOG_PATH": str(logs[name])},
                        folder / f"{name}.out",
                        threads=CLIENTS,
                    )
                )
                for name in PROFILES
            }
            load = [Scenario(name, port, get_messages) for name, port in ports.items()]
            results = measure(
                load, clients=CLIENTS, rounds=ROUNDS, seconds=ROUND_S, warm_up=WARM_UP_S
            )
        # Our request log, read once the servers have stopped (and its writer has flushed):
        # only the full stack may have written one, or the profiles did not take.
        if [log.is_file() and log.stat().st_size > 0 for log in logs.values()] != [True, False]:
            raise SystemExit("bench: the two servers do not run the two middleware lists")
    print(f"GET {PATH}, {CLIENTS} keep-alive clients, median of {ROUNDS} rounds of {ROUND_S} s")
    table(results, {"full": "full stack", "django-only": "without our five middlewares"})
    full, none = results["full"].rps, results["django-only"].rps
    cost = 1 - full / none
    print(f"cost of the five: {cost:.1%} of throughput (budget: below {MAX_COST:.0%})")
    print(
        result_line({"full_rps": f"{full:.0f}", "none_rps": f"{none:.0f}", "cost": f"{cost:.3f}"})
    )
    short_of_goal("full/django-only requests per second", full / none, 1 - MAX_COST)
    return 0


if __name__ == "__main__":
    sys.exit(main())
