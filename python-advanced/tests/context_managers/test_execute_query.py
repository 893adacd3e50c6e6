"""1-execute.py: ExecuteQuery runs one parameterised query and hands its rows to the block.

Built however the class takes the query and its parameter (see conftest.py); the rows
may come as a list or as the cursor over them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SOLUTION = "context_managers.execute_query"
pytestmark = pytest.mark.task("context_managers.execute_query")


@pytest.fixture
def run_query(
    solution: ModuleType, users_db: Path, execute_query: Callable[[type], Any]
) -> Callable[[str, Any], Any]:
    """`run_query(query, value)`: an ExecuteQuery, in the form its class takes."""
    return execute_query(solution.ExecuteQuery)


@pytest.fixture
def all_closed(run_query: Any, opened: list[sqlite3.Connection]) -> Callable[[], bool]:
    """`all_closed()`: a connection was opened (after the call form was found), and every
    connection opened since is closed now."""

    def check() -> bool:
        return bool(opened) and all(is_closed(connection) for connection in opened)

    return check


def is_closed(connection: sqlite3.Connection) -> bool:
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def rows_of(result: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in result]


def count_users(users_db: Path) -> int:
    conn = sqlite3.connect(users_db)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM users").fetchone()[0])
    finally:
        conn.close()


def test_returns_the_users_older_than_25_and_closes(
    run_query: Callable[[str, Any], Any],
    sample_users: list[tuple[int, str, str, int]],
    all_closed: Callable[[], bool],
) -> None:
    with run_query("SELECT * FROM users WHERE age > ?", 25) as result:
        rows = rows_of(result)

    assert rows == [user for user in sample_users if user[3] > 25]
    assert [row[0] for row in rows] == [1, 3, 4, 7]  # 25 itself is not older than 25
    assert all_closed(), "a connection was left open"


@pytest.mark.parametrize("hostile", ["0 OR 1=1", "25) OR (1=1", "25; DROP TABLE users"])
def test_a_hostile_parameter_is_bound_as_a_value_never_run_as_sql(
    run_query: Callable[[str, Any], Any],
    users_db: Path,
    all_closed: Callable[[], bool],
    hostile: str,
) -> None:
    with run_query("SELECT * FROM users WHERE age > ?", hostile) as result:
        # Compared as text: no integer age is greater than a string.
        assert rows_of(result) == [], "the parameter was run as SQL, not bound as a value"

    assert count_users(users_db) == 7
    assert all_closed(), "a connection was left open"


def test_an_error_in_the_block_propagates_and_the_connection_is_closed(
    run_query: Callable[[str, Any], Any], all_closed: Callable[[], bool]
) -> None:
    error = KeyError("id")

    with pytest.raises(KeyError) as caught, run_query("SELECT * FROM users WHERE age > ?", 25):
        raise error

    assert caught.value is error
    assert all_closed(), "a connection was left open"


def test_a_failing_query_propagates_and_never_runs_the_block(
    run_query: Callable[[str, Any], Any],
) -> None:
    with (
        pytest.raises(sqlite3.OperationalError, match="no such column: height"),
        run_query("SELECT * FROM users WHERE height > ?", 25),
    ):
        pytest.fail("the block must not run when the query fails")
