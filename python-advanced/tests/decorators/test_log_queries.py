"""0-log_queries.py: log_queries shows the SQL before the function runs.

"Logs the SQL query": a logging call or a print are both readings in use, and both pass.
The program calls the decorated function with `query=`; reading the query when it is
passed by position, and a timestamp, are the decorators.extras task's.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import ModuleType

import pytest

SOLUTION = "decorators.log_queries"
pytestmark = pytest.mark.task("decorators.log_queries")

ALL_USERS = "SELECT * FROM users ORDER BY id"


def test_shows_the_query_and_returns_the_rows(
    solution: ModuleType, users_db: Path, sample_users: list[tuple[int, str, str, int]], shown
) -> None:
    rows = solution.fetch_all_users(query=ALL_USERS)

    assert rows == sample_users
    assert shown.mentioning(ALL_USERS), f"the query was not logged or printed: {shown.lines()}"


def test_the_query_is_shown_before_the_function_runs(solution: ModuleType, shown) -> None:
    seen_while_running: list[list[str]] = []

    @solution.log_queries
    def run(query: str) -> str:
        seen_while_running.append(shown.mentioning("SELECT 42"))
        return "done"

    assert run(query="SELECT 42") == "done"
    assert len(seen_while_running) == 1
    assert seen_while_running[0], "nothing about the query was shown before it ran"


def test_a_failing_query_is_shown_and_its_error_is_not_hidden(
    solution: ModuleType, users_db: Path, shown
) -> None:
    with pytest.raises(sqlite3.OperationalError, match="no such table: missing"):
        solution.fetch_all_users(query="SELECT * FROM missing")

    assert shown.mentioning("SELECT * FROM missing")


def test_the_decorated_function_raises_its_own_exception(solution: ModuleType) -> None:
    error = ValueError("bad query")

    @solution.log_queries
    def run(query: str) -> None:
        raise error

    with pytest.raises(ValueError, match="bad query") as caught:
        run(query="SELECT 1")
    assert caught.value is error
