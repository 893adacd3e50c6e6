from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from types import ModuleType

import pytest

SOLUTION = "context_managers.database_connection"
pytestmark = pytest.mark.task("context_managers.database_connection")


def test_the_block_gets_an_open_connection_closed_afterwards(
    solution: ModuleType, users_db: Path, sample_users: list[tuple[int, str, str, int]]
) -> None:
    with solution.DatabaseConnection() as conn:
        assert conn.execute("SELECT * FROM users").fetchall() == sample_users

    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        conn.execute("SELECT 1")


def test_an_explicit_database_path_is_used(
    solution: ModuleType, users_db: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    setup = sqlite3.connect(other)
    setup.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
    setup.close()

    with solution.DatabaseConnection(other) as conn:
        assert conn.execute("SELECT COUNT(*) FROM users").fetchone() == (0,)


def test_an_error_in_the_block_propagates_and_the_connection_is_closed(
    solution: ModuleType, users_db: Path
) -> None:
    error = LookupError("no such user")

    with (
        pytest.raises(LookupError, match="no such user") as caught,
        solution.DatabaseConnection() as conn,
    ):
        raise error

    assert caught.value is error
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        conn.execute("SELECT 1")


def test_a_failing_query_in_the_block_propagates(solution: ModuleType, users_db: Path) -> None:
    with (
        pytest.raises(sqlite3.OperationalError, match="no such table"),
        solution.DatabaseConnection() as conn,
    ):
        conn.execute("SELECT * FROM missing")


def test_exit_never_reports_the_exception_as_handled(solution: ModuleType, users_db: Path) -> None:
    manager = solution.DatabaseConnection()
    manager.__enter__()
    error = ValueError("boom")

    assert not manager.__exit__(ValueError, error, error.__traceback__)


def test_a_missing_database_is_an_error_naming_its_path(
    solution: ModuleType, missing_db: Path
) -> None:
    with pytest.raises(FileNotFoundError, match=re.escape(str(missing_db))):
        solution.DatabaseConnection().__enter__()
    assert not missing_db.exists()
