"""3-concurrent.py: two aiosqlite queries run at the same time with asyncio.gather."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import ModuleType
from typing import Any

import aiosqlite
import pytest

SOLUTION = "context_managers.concurrent_queries"
pytestmark = pytest.mark.task("context_managers.concurrent_queries")


@pytest.fixture
def lifetimes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The opening and closing of every real aiosqlite connection, in the order they happen.

    No timing: if both queries opened their connection before either closed, they ran
    concurrently; one after the other gives open, close, open, close.
    """
    events: list[str] = []
    # The connections themselves, not their id(): a closed connection freed by the garbage
    # collector can leave its id to the next one, whose close would then go unrecorded.
    closed: list[aiosqlite.Connection] = []
    connect, close = aiosqlite.connect, aiosqlite.Connection.close

    def recording_connect(*args: Any, **kwargs: Any) -> aiosqlite.Connection:
        events.append("open")
        return connect(*args, **kwargs)

    async def recording_close(self: aiosqlite.Connection) -> None:
        if not any(connection is self for connection in closed):  # record the first close
            closed.append(self)
            events.append("close")
        await close(self)

    monkeypatch.setattr(aiosqlite, "connect", recording_connect)
    monkeypatch.setattr(aiosqlite.Connection, "close", recording_close)
    return events


def ids(rows: Any) -> list[Any]:
    return [row[0] for row in rows]


def test_async_fetch_users_returns_every_user(
    solution: ModuleType, users_db: Path, sample_users: list[tuple[int, str, str, int]]
) -> None:
    assert [tuple(row) for row in asyncio.run(solution.async_fetch_users())] == sample_users


def test_async_fetch_older_users_returns_those_over_40(
    solution: ModuleType, users_db: Path
) -> None:
    older = asyncio.run(solution.async_fetch_older_users())

    assert ids(older) == [3, 4]  # 45 and 52; 40 itself is not over 40


def test_fetch_concurrently_runs_both_and_closes_both(
    solution: ModuleType, users_db: Path, lifetimes: list[str]
) -> None:
    results = asyncio.run(solution.fetch_concurrently())

    assert lifetimes.count("open") == 2
    assert lifetimes.count("close") == 2, f"a connection was left open: {lifetimes}"
    if results is not None:  # the program only runs it; returning both results is a bonus
        users, older = results
        assert (ids(users), ids(older)) == ([1, 2, 3, 4, 5, 6, 7], [3, 4])


def test_both_queries_are_open_at_the_same_time(
    solution: ModuleType, users_db: Path, lifetimes: list[str]
) -> None:
    asyncio.run(solution.fetch_concurrently())

    assert lifetimes[:2] == ["open", "open"], f"ran one after the other: {lifetimes}"


def test_the_recorder_sees_sequential_queries_as_sequential(
    solution: ModuleType, users_db: Path, lifetimes: list[str]
) -> None:
    async def one_after_the_other() -> None:
        await solution.async_fetch_users()
        await solution.async_fetch_older_users()

    asyncio.run(one_after_the_other())

    assert lifetimes == ["open", "close", "open", "close"]
