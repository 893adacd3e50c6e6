from __future__ import annotations

import logging
import re
import sqlite3
from pathlib import Path
from types import ModuleType

import pytest

SOLUTION = "decorators.log_queries"
pytestmark = pytest.mark.task("decorators.log_queries")

ALL_USERS = "SELECT * FROM users"
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}")


def logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records]


@pytest.mark.parametrize("by_keyword", [True, False], ids=["query=", "positional"])
def test_logs_the_query_with_a_timestamp_and_returns_the_rows(
    solution: ModuleType,
    users_db: Path,
    sample_users: list[tuple[int, str, str, int]],
    caplog: pytest.LogCaptureFixture,
    by_keyword: bool,
) -> None:
    caplog.set_level(logging.INFO)

    if by_keyword:
        rows = solution.fetch_all_users(query=ALL_USERS)
    else:
        rows = solution.fetch_all_users(ALL_USERS)

    assert rows == sample_users
    lines = [line for line in logged(caplog) if ALL_USERS in line]
    assert len(lines) == 1
    assert TIMESTAMP.search(lines[0]), f"no timestamp in {lines[0]!r}"


def test_the_log_line_is_written_before_the_function_runs(
    solution: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    seen_while_running: list[list[str]] = []

    @solution.log_queries
    def run(query: str) -> str:
        seen_while_running.append(logged(caplog))
        return "done"

    assert run(query="SELECT 42") == "done"
    assert len(seen_while_running) == 1
    assert any("SELECT 42" in line for line in seen_while_running[0])


def test_a_failing_query_is_logged_and_its_error_is_not_hidden(
    solution: ModuleType, users_db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)

    with pytest.raises(sqlite3.OperationalError, match="no such table: missing"):
        solution.fetch_all_users(query="SELECT * FROM missing")

    assert any("SELECT * FROM missing" in line for line in logged(caplog))


def test_the_decorated_function_raises_its_own_exception(solution: ModuleType) -> None:
    error = ValueError("bad query")

    @solution.log_queries
    def run(query: str) -> None:
        raise error

    with pytest.raises(ValueError, match="bad query") as caught:
        run("SELECT 1")
    assert caught.value is error


def test_a_function_without_a_query_parameter_is_refused(solution: ModuleType) -> None:
    def no_query(sql: str) -> None:
        """Takes `sql`, not `query`."""

    with pytest.raises(TypeError, match="query"):
        solution.log_queries(no_query)


def test_keeps_the_name_and_docstring(solution: ModuleType) -> None:
    def find(query: str) -> None:
        """Find things."""

    wrapped = solution.log_queries(find)
    assert (wrapped.__name__, wrapped.__doc__) == ("find", "Find things.")
    assert solution.fetch_all_users.__name__ == "fetch_all_users"
