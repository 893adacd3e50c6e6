"""0-databaseconnection.py: DatabaseConnection, a class-based context manager."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import ModuleType

import pytest

SOLUTION = "context_managers.database_connection"
pytestmark = pytest.mark.task("context_managers.database_connection")


def test_the_block_gets_an_open_connection_closed_afterwards(
    solution: ModuleType,
    users_db: Path,
    sample_users: list[tuple[int, str, str, int]],
    database_connection,
) -> None:
    # `conn.execute(...)` also works when __enter__ hands out a cursor instead.
    with database_connection(solution.DatabaseConnection) as conn:
        assert conn.execute("SELECT * FROM users").fetchall() == sample_users

    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        conn.execute("SELECT 1")


def test_a_database_named_at_construction_is_the_one_opened(
    solution: ModuleType, users_db: Path, tmp_path: Path, database_connection
) -> None:
    cls = solution.DatabaseConnection
    if not database_connection.takes_a_name(cls):
        pytest.skip("this DatabaseConnection takes no database name: it opens users.db")
    other = tmp_path / "other.db"
    setup = sqlite3.connect(other)
    setup.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
    setup.close()

    with database_connection(cls, str(other)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM users").fetchone() == (0,)


def test_an_error_in_the_block_propagates_and_the_connection_is_closed(
    solution: ModuleType, users_db: Path, database_connection
) -> None:
    error = LookupError("no such user")

    with (
        pytest.raises(LookupError, match="no such user") as caught,
        database_connection(solution.DatabaseConnection) as conn,
    ):
        raise error

    assert caught.value is error
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        conn.execute("SELECT 1")


def test_a_failing_query_in_the_block_propagates(
    solution: ModuleType, users_db: Path, database_connection
) -> None:
    with (
        pytest.raises(sqlite3.OperationalError, match="no such table"),
        database_connection(solution.DatabaseConnection) as conn,
    ):
        conn.execute("SELECT * FROM missing")


def test_exit_never_reports_the_exception_as_handled(
    solution: ModuleType, users_db: Path, database_connection
) -> None:
    manager = database_connection(solution.DatabaseConnection)
    manager.__enter__()
    error = ValueError("boom")

    handled = manager.__exit__(ValueError, error, error.__traceback__)
    assert not handled, "__exit__ returns a true value: every error in the block is swallowed"
