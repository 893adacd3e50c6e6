"""context_managers.extras: what the portfolio adds to the program's context managers.

A missing database is an error naming its path (sqlite3.connect would create an empty
file and fail later on "no such table"), and ExecuteQuery takes any number of
parameters: none, one, or a tuple of several. A query that fails in `__enter__` still
closes its connection: `__exit__` never runs then.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.task("context_managers.extras")


@pytest.fixture
def load(import_solution: Callable[[str], ModuleType]) -> Callable[[str], ModuleType]:
    return import_solution


def test_database_connection_names_a_missing_database(
    load: Callable[[str], ModuleType], missing_db: Path
) -> None:
    module = load("context_managers.database_connection")
    with pytest.raises(FileNotFoundError, match=re.escape(str(missing_db))):
        module.DatabaseConnection().__enter__()
    assert not missing_db.exists()


def test_execute_query_names_a_missing_database(
    load: Callable[[str], ModuleType], missing_db: Path
) -> None:
    module = load("context_managers.execute_query")
    with (
        pytest.raises(FileNotFoundError, match=re.escape(str(missing_db))),
        module.ExecuteQuery("SELECT * FROM users WHERE age > ?", 25),
    ):
        pytest.fail("the block must not run without a database")
    assert not missing_db.exists()


def test_fetch_concurrently_names_a_missing_database(
    load: Callable[[str], ModuleType], missing_db: Path
) -> None:
    module = load("context_managers.concurrent_queries")
    with pytest.raises(FileNotFoundError, match=re.escape(str(missing_db))):
        asyncio.run(module.fetch_concurrently())
    assert not missing_db.exists()


def test_execute_query_takes_several_parameters_or_none(
    load: Callable[[str], ModuleType], users_db: Path
) -> None:
    module = load("context_managers.execute_query")
    with module.ExecuteQuery("SELECT id FROM users WHERE age > ? AND age < ?", (25, 45)) as rows:
        assert rows == [(1,), (7,)]
    with module.ExecuteQuery("SELECT COUNT(*) FROM users") as rows:
        assert rows == [(7,)]


def test_a_query_failing_on_enter_closes_its_connection(
    load: Callable[[str], ModuleType], users_db: Path, opened: list[sqlite3.Connection]
) -> None:
    module = load("context_managers.execute_query")
    with (
        pytest.raises(sqlite3.OperationalError, match="no such column: height"),
        module.ExecuteQuery("SELECT * FROM users WHERE height > ?", 25),
    ):
        pytest.fail("the block must not run when the query fails")

    assert opened
    for connection in opened:
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            connection.execute("SELECT 1")
