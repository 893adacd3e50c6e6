"""What the tests of the program's contract share (tests/test_program_*.py).

They grade chats/middleware.py as the program's text describes it, whoever wrote it:
each test runs one middleware alone behind Django's sessions and authentication (so
one middleware's verdict never depends on another's), loads it by its dotted path only
(a missing class fails that test, naming it, not the whole file), freezes the clock
with time-machine (which any way of reading it obeys: datetime.now(), timezone.now(),
time.time()), and takes its clients from addresses no other test uses (a limiter that
keeps its counts in module state still starts from zero).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.conf import LazySettings

AUTHENTICATED = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
UTC = ZoneInfo("UTC")
# A Wednesday, 19:30:00 UTC: inside the program's hours on every reading of them.
EVENING = "2024-05-01T19:30:00"

_addresses = (f"198.51.{third}.{fourth}" for third in range(100, 200) for fourth in range(1, 255))


def alone(settings: LazySettings, name: str) -> None:
    """The stack: sessions, authentication, then the program's `name`, nothing else."""
    settings.MIDDLEWARE = [*AUTHENTICATED, f"chats.middleware.{name}"]
    # A cache whose clock is the frozen one, whatever REDIS_URL says: an implementation
    # that counts in the cache sees its entries expire when the clock moves past them.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"contract-{uuid.uuid4().hex}",
        }
    }


@contextmanager
def clock_at(moment: str) -> Iterator[time_machine.Coordinates]:
    """The clock stopped at `moment` (ISO 8601, UTC, the server's time zone); move it with
    `.shift(seconds)` or `.move_to(...)` on what this yields."""
    destination = dt.datetime.fromisoformat(moment).replace(tzinfo=UTC)
    with time_machine.travel(destination, tick=False) as traveller:
        yield traveller


def new_address() -> str:
    """An IPv4 address that no other test of the session has used."""
    return next(_addresses)


def is_refusal(response: Any) -> bool:
    return response.status_code in (401, 403, 429)
