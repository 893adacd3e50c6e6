from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

SOLUTION = "context_managers.execute_query"
pytestmark = pytest.mark.task("context_managers.execute_query")


def count_users(users_db: Path) -> int:
    conn = sqlite3.connect(users_db)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM users").fetchone()[0])
    finally:
        conn.close()


def test_returns_the_users_older_than_25_and_closes(
    solution: ModuleType,
    users_db: Path,
    sample_users: list[tuple[int, str, str, int]],
    all_closed: Callable[[], bool],
) -> None:
    with solution.ExecuteQuery("SELECT * FROM users WHERE age > ?", 25) as rows:
        assert rows == [user for user in sample_users if user[3] > 25]

    assert [row[0] for row in rows] == [1, 3, 4, 7]  # 25 itself is not older than 25
    assert all_closed()


def test_several_parameters_and_none(solution: ModuleType, users_db: Path) -> None:
    with solution.ExecuteQuery("SELECT id FROM users WHERE age > ? AND age < ?", (25, 45)) as rows:
        assert rows == [(1,), (7,)]
    with solution.ExecuteQuery("SELECT COUNT(*) FROM users") as rows:
        assert rows == [(7,)]


@pytest.mark.parametrize("hostile", ["25; DROP TABLE users", "0 OR 1=1", "25) OR (1=1"])
def test_a_hostile_parameter_is_bound_as_a_value_never_run_as_sql(
    solution: ModuleType, users_db: Path, all_closed: Callable[[], bool], hostile: str
) -> None:
    with solution.ExecuteQuery("SELECT * FROM users WHERE age > ?", hostile) as rows:
        assert rows == []  # compared as text: no integer age is greater than a string

    assert count_users(users_db) == 7
    assert all_closed()


def test_an_error_in_the_block_propagates_and_the_connection_is_closed(
    solution: ModuleType, users_db: Path, all_closed: Callable[[], bool]
) -> None:
    error = KeyError("id")

    with (
        pytest.raises(KeyError) as caught,
        solution.ExecuteQuery("SELECT * FROM users WHERE age > ?", 25),
    ):
        raise error

    assert caught.value is error
    assert all_closed()


def test_a_failing_query_propagates_and_its_connection_is_closed(
    solution: ModuleType, users_db: Path, all_closed: Callable[[], bool]
) -> None:
    with (
        pytest.raises(sqlite3.OperationalError, match="no such column: height"),
        solution.ExecuteQuery("SELECT * FROM users WHERE height > ?", 25),
    ):
        pytest.fail("the block must not run when the query fails")

    assert all_closed()  # __exit__ never runs after a failed __enter__


def test_a_missing_database_is_an_error_naming_its_path(
    solution: ModuleType, missing_db: Path
) -> None:
    with (
        pytest.raises(FileNotFoundError, match=re.escape(str(missing_db))),
        solution.ExecuteQuery("SELECT * FROM users WHERE age > ?", 25),
    ):
        pytest.fail("the block must not run without a database")
    assert not missing_db.exists()
