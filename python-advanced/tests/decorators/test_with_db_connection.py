"""1-with_db_connection.py: open a connection, pass it first, always close it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import ModuleType

import pytest

SOLUTION = "decorators.with_db_connection"
pytestmark = pytest.mark.task("decorators.with_db_connection")


def test_passes_an_open_connection_to_the_users_database_first(
    solution: ModuleType, users_db: Path
) -> None:
    @solution.with_db_connection
    def count_older(conn: sqlite3.Connection, age: int) -> int:
        return int(conn.execute("SELECT COUNT(*) FROM users WHERE age > ?", (age,)).fetchone()[0])

    assert count_older(age=30) == 4
    assert count_older(40) == 2


def test_closes_the_connection_after_success(solution: ModuleType, users_db: Path) -> None:
    used: list[sqlite3.Connection] = []

    @solution.with_db_connection
    def keep(conn: sqlite3.Connection) -> None:
        used.append(conn)

    keep()

    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        used[0].execute("SELECT 1")


def test_closes_the_connection_on_error_and_re_raises_it(
    solution: ModuleType, users_db: Path
) -> None:
    used: list[sqlite3.Connection] = []
    error = RuntimeError("boom")

    @solution.with_db_connection
    def fail(conn: sqlite3.Connection) -> None:
        used.append(conn)
        raise error

    with pytest.raises(RuntimeError, match="boom") as caught:
        fail()

    assert caught.value is error
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        used[0].execute("SELECT 1")


@pytest.mark.parametrize("call", ["keyword", "positional"])
def test_get_user_by_id_returns_the_row(
    solution: ModuleType,
    users_db: Path,
    sample_users: list[tuple[int, str, str, int]],
    call: str,
) -> None:
    user = solution.get_user_by_id(user_id=3) if call == "keyword" else solution.get_user_by_id(3)

    assert tuple(user) == sample_users[2]


@pytest.mark.parametrize("user_id", [999, "1 OR 1=1", "1; DROP TABLE users"])
def test_get_user_by_id_finds_nothing_for_an_unknown_or_hostile_id(
    solution: ModuleType, users_db: Path, user_id: object
) -> None:
    assert solution.get_user_by_id(user_id=user_id) is None
    conn = sqlite3.connect(users_db)
    try:
        assert conn.execute("SELECT COUNT(*) FROM users").fetchone() == (7,)
    finally:
        conn.close()
