"""The program's RequestLoggingMiddleware: each request logged to requests.log as
`{datetime.now()} - User: {user} - Path: {request.path}`.

Any way of writing that line passes: through logging or straight to the file, with or
without a formatter's own timestamp in front, "User:x" or "User: x", the user as
`request.user` or its username. The file is `requests.log` in the project folder (or
the working directory, or settings.REQUEST_LOG_PATH where this project puts it); only
what a test appends to it is read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.test import Client
from tests.conftest import MakeUser
from tests.contract import EVENING, alone, clock_at

pytestmark = pytest.mark.task("middleware.request_logging")

MODULE = Path(__file__).resolve().parent.parent
ENTRY = re.compile(r"User:\s*(?P<user>.*?)\s*-\s*Path:\s*(?P<path>\S+)")
NewLines = Callable[[], list[str]]


def flush_every_handler() -> None:
    """What logging.shutdown() does at exit: every handler writes out what it holds."""
    loggers = [logging.getLogger()]
    loggers += [
        item
        for item in logging.Logger.manager.loggerDict.values()
        if isinstance(item, logging.Logger)
    ]
    for each in loggers:
        for handler in each.handlers:
            handler.flush()


@pytest.fixture
def new_entries(settings: LazySettings) -> NewLines:
    """new_entries(): the `User: ... - Path: ...` lines added to any requests.log since
    the test began."""
    alone(settings, "RequestLoggingMiddleware")
    candidates = {
        path.resolve()
        for path in (
            Path(settings.REQUEST_LOG_PATH),
            MODULE / "requests.log",
            MODULE / "chats" / "requests.log",
            Path.cwd() / "requests.log",
        )
    }
    sizes = {path: path.stat().st_size if path.is_file() else 0 for path in candidates}

    def read() -> list[str]:
        flush_every_handler()
        found: list[str] = []
        for path in sorted(candidates):
            if path.is_file():
                with path.open("rb") as log:
                    log.seek(sizes[path])
                    text = log.read().decode("utf-8", errors="replace")
                found += [line for line in text.splitlines() if ENTRY.search(line)]
        return found

    return read


def test_a_request_is_logged_with_its_time_user_and_path(
    client: Client, make_user: MakeUser, new_entries: NewLines
) -> None:
    client.force_login(make_user("host", username="ada"))

    with clock_at(EVENING):
        response = client.get("/api/messages/")

    assert response.status_code == 200, "the request did not reach the view"
    entries = new_entries()
    assert entries, "no `User: ... - Path: ...` line was added to requests.log"
    [entry] = [line for line in entries if ENTRY.search(line)["path"] == "/api/messages/"]
    assert "ada" in ENTRY.search(entry)["user"]
    assert "2024-05-01" in entry, f"no date in {entry!r} (the clock said 2024-05-01 19:30)"
    assert "19:30" in entry, f"no time in {entry!r} (the clock said 2024-05-01 19:30)"


def test_each_request_gets_its_own_entry_in_order(
    client: Client, db: None, new_entries: NewLines
) -> None:
    with clock_at(EVENING):
        client.get("/api/messages/")
        client.get("/no/such/page/")
        client.get("/api/messages/")

    paths = [ENTRY.search(line)["path"] for line in new_entries()]
    assert paths == ["/api/messages/", "/no/such/page/", "/api/messages/"]
