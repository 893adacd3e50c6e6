from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

SOLUTION = "decorators.cache_query"
pytestmark = pytest.mark.task("decorators.cache_query")

ALL_USERS = "SELECT * FROM users"


@pytest.fixture(autouse=True)
def empty_cache(solution: ModuleType) -> Iterator[None]:
    solution.query_cache.clear()
    yield
    solution.query_cache.clear()


@pytest.fixture
def connections(users_db: Path) -> Iterator[list[sqlite3.Connection]]:
    """Two distinct connections to the same database."""
    opened = [sqlite3.connect(users_db), sqlite3.connect(users_db)]
    yield opened
    for connection in opened:
        connection.close()


class CountingQuery:
    """A function decorated with `cache_query` that records every query it really runs."""

    def __init__(self, solution: ModuleType) -> None:
        self.runs: list[str] = []
        self.run = solution.cache_query(self._run)

    def _run(self, conn: sqlite3.Connection, query: str) -> list[tuple[int]]:
        self.runs.append(query)
        return conn.execute(query).fetchall()


def add_user(users_db: Path) -> None:
    conn = sqlite3.connect(users_db)
    with conn:
        conn.execute("INSERT INTO users VALUES (8, 'Femi Ade', 'femi@example.com', 38)")
    conn.close()


def test_same_sql_from_another_connection_is_a_cache_hit(
    solution: ModuleType, connections: list[sqlite3.Connection]
) -> None:
    counting = CountingQuery(solution)
    run, runs = counting.run, counting.runs
    first = run(connections[0], query="SELECT id FROM users")
    second = run(connections[1], query="SELECT id FROM users")

    assert runs == ["SELECT id FROM users"]
    assert second == first == [(1,), (2,), (3,), (4,), (5,), (6,), (7,)]
    assert list(solution.query_cache) == ["SELECT id FROM users"]  # keyed by the SQL text


def test_different_sql_is_a_miss(
    solution: ModuleType, connections: list[sqlite3.Connection]
) -> None:
    counting = CountingQuery(solution)
    run, runs = counting.run, counting.runs
    older = run(connections[0], query="SELECT id FROM users WHERE age > 40")
    younger = run(connections[0], query="SELECT id FROM users WHERE age < 30")

    assert runs == ["SELECT id FROM users WHERE age > 40", "SELECT id FROM users WHERE age < 30"]
    assert (older, younger) == ([(3,), (4,)], [(2,), (5,), (6,)])


def test_fetch_users_with_cache_serves_the_first_result_again(
    solution: ModuleType, users_db: Path, sample_users: list[tuple[int, str, str, int]]
) -> None:
    first = solution.fetch_users_with_cache(query=ALL_USERS)
    add_user(users_db)  # changes the table: only a cache hit still returns five rows

    again = solution.fetch_users_with_cache(query=ALL_USERS)

    assert first == again == sample_users


def test_the_query_is_read_when_passed_by_position(
    solution: ModuleType, users_db: Path, sample_users: list[tuple[int, str, str, int]]
) -> None:
    solution.fetch_users_with_cache(query=ALL_USERS)
    add_user(users_db)

    assert solution.fetch_users_with_cache(ALL_USERS) == sample_users  # a hit, however passed
    assert (
        len(solution.fetch_users_with_cache("SELECT * FROM users WHERE id > 0"))
        == len(sample_users) + 1
    )  # a miss


def test_a_failing_query_raises_its_own_error_and_is_not_cached(
    solution: ModuleType, users_db: Path
) -> None:
    with pytest.raises(sqlite3.OperationalError, match="no such table: people"):
        solution.fetch_users_with_cache(query="SELECT * FROM people")
    assert "SELECT * FROM people" not in solution.query_cache

    conn = sqlite3.connect(users_db)
    with conn:
        conn.execute("CREATE TABLE people (name TEXT)")
    conn.close()
    assert solution.fetch_users_with_cache(query="SELECT * FROM people") == []


def test_a_function_without_a_query_parameter_is_refused(solution: ModuleType) -> None:
    def no_query(conn: sqlite3.Connection, sql: str) -> None:
        """Takes `sql`, not `query`."""

    with pytest.raises(TypeError, match="query"):
        solution.cache_query(no_query)


def test_keeps_the_name_and_docstring(solution: ModuleType) -> None:
    def lookup(conn: sqlite3.Connection, query: str) -> None:
        """Look things up."""

    wrapped = solution.cache_query(lookup)
    assert (wrapped.__name__, wrapped.__doc__) == ("lookup", "Look things up.")
    assert solution.fetch_users_with_cache.__name__ == "fetch_users_with_cache"
