"""4-cache_query.py: cache_query runs a query once and serves its result again.

Tested by hits and misses: a second identical query does not reach the database, a
different one does. How the cache stores its entries (its keys) is the code's own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

SOLUTION = "decorators.cache_query"
pytestmark = pytest.mark.task("decorators.cache_query")


@pytest.fixture(autouse=True)
def empty_cache(solution: ModuleType) -> Iterator[None]:
    """The program's module-level query_cache, emptied around each test when there is one
    (each test's SQL is its own anyway, so a cache kept elsewhere cannot leak a hit)."""
    cache = getattr(solution, "query_cache", None)
    if isinstance(cache, dict):
        cache.clear()
    yield
    if isinstance(cache, dict):
        cache.clear()


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


def test_the_same_query_again_is_a_hit(
    solution: ModuleType, connections: list[sqlite3.Connection]
) -> None:
    counting = CountingQuery(solution)
    first = counting.run(connections[0], query="SELECT id FROM users")
    second = counting.run(connections[0], query="SELECT id FROM users")

    assert counting.runs == ["SELECT id FROM users"], "the second query reached the database"
    assert second == first == [(1,), (2,), (3,), (4,), (5,), (6,), (7,)]


def test_the_same_query_from_another_connection_is_a_hit(
    solution: ModuleType, connections: list[sqlite3.Connection]
) -> None:
    # The program's with_db_connection opens a new connection for every call.
    counting = CountingQuery(solution)
    first = counting.run(connections[0], query="SELECT name FROM users WHERE id = 1")
    second = counting.run(connections[1], query="SELECT name FROM users WHERE id = 1")

    assert counting.runs == ["SELECT name FROM users WHERE id = 1"], "no hit on a new connection"
    assert second == first == [("Amina Diallo",)]


def test_a_different_query_is_a_miss(
    solution: ModuleType, connections: list[sqlite3.Connection]
) -> None:
    counting = CountingQuery(solution)
    older = counting.run(connections[0], query="SELECT id FROM users WHERE age > 40")
    younger = counting.run(connections[0], query="SELECT id FROM users WHERE age < 30")
    older_again = counting.run(connections[0], query="SELECT id FROM users WHERE age > 40")

    assert counting.runs == [
        "SELECT id FROM users WHERE age > 40",
        "SELECT id FROM users WHERE age < 30",
    ]
    assert (older, younger, older_again) == ([(3,), (4,)], [(2,), (5,), (6,)], [(3,), (4,)])


def test_fetch_users_with_cache_serves_the_first_result_again(
    solution: ModuleType, users_db: Path, sample_users: list[tuple[int, str, str, int]]
) -> None:
    query = "SELECT * FROM users ORDER BY id"
    first = solution.fetch_users_with_cache(query=query)
    add_user(users_db)  # changes the table: only a cache hit still returns seven rows

    again = solution.fetch_users_with_cache(query=query)
    other = solution.fetch_users_with_cache(query="SELECT * FROM users WHERE id > 0")

    assert first == again == sample_users
    assert len(other) == len(sample_users) + 1  # a miss reads the table as it is now


def test_a_failing_query_raises_its_own_error_and_is_not_cached(
    solution: ModuleType, users_db: Path
) -> None:
    with pytest.raises(sqlite3.OperationalError, match="no such table: people"):
        solution.fetch_users_with_cache(query="SELECT * FROM people")

    conn = sqlite3.connect(users_db)
    with conn:
        conn.execute("CREATE TABLE people (name TEXT)")
    conn.close()
    assert solution.fetch_users_with_cache(query="SELECT * FROM people") == []
