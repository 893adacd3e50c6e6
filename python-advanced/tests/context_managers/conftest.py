"""Fixtures of the context_managers tests (the shared ones are in tests/conftest.py).

The program fixes how its context managers are used (`with ... as ...:`), not how they
are constructed: `DatabaseConnection()` and `DatabaseConnection("users.db")`,
`ExecuteQuery(query, 25)`, `ExecuteQuery(query, (25,))` and
`ExecuteQuery("users.db", query, 25)` are all in use. The fixtures here build them the
way the class under test takes its arguments.
"""

from __future__ import annotations

import inspect
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from users_database import USERS_DB_VARIABLE

DATABASE = "users.db"  # the program's file name, in the test's working directory


@pytest.fixture
def missing_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the users database should be (`USERS_DB`, or users.db here), with nothing there."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv(USERS_DB_VARIABLE, str(empty / DATABASE))
    monkeypatch.chdir(empty)
    return empty / DATABASE


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[sqlite3.Connection]:
    """Every real sqlite3 connection opened from now on, to check each was closed."""
    connections: list[sqlite3.Connection] = []
    connect = sqlite3.connect

    def recording_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connections.append(connect(*args, **kwargs))
        return connections[-1]

    monkeypatch.setattr(sqlite3, "connect", recording_connect)
    return connections


def takes_an_argument(cls: type) -> bool:
    """Whether the class's constructor accepts at least one positional argument."""
    try:
        parameters = inspect.signature(cls).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return any(p.kind in (*positional, inspect.Parameter.VAR_POSITIONAL) for p in parameters)


class Builder:
    """`database_connection(cls)`: a DatabaseConnection for the users database, made with
    the database's name when the class takes one, without arguments when it does not."""

    def __call__(self, cls: type, database: str = DATABASE) -> Any:
        return cls(database) if takes_an_argument(cls) else cls()

    takes_a_name = staticmethod(takes_an_argument)


@pytest.fixture
def database_connection() -> Builder:
    return Builder()


def call_forms(database: str) -> list[tuple[str, Callable[[str, Any], tuple[Any, ...]]]]:
    """The ways learners' ExecuteQuery classes take a query and its one parameter."""
    return [
        ("ExecuteQuery(query, value)", lambda query, value: (query, value)),
        ("ExecuteQuery(query, (value,))", lambda query, value: (query, (value,))),
        ("ExecuteQuery(database, query, value)", lambda query, value: (database, query, value)),
        (
            "ExecuteQuery(database, query, (value,))",
            lambda query, value: (database, query, (value,)),
        ),
    ]


def rows_of(result: Any) -> list[Any]:
    """The rows `__enter__` handed out: a list of them, or a cursor over them."""
    return [tuple(row) for row in result]


@pytest.fixture
def execute_query() -> Callable[[type], Callable[[str, Any], Any]]:
    """`execute_query(cls)`: a function (query, value) -> an ExecuteQuery built the way
    this class takes its arguments, found by trying each form on a known query."""

    def adapt(cls: type) -> Callable[[str, Any], Any]:
        failures = []
        for form, arguments in call_forms(DATABASE):
            try:
                with cls(*arguments("SELECT id FROM users WHERE age > ?", 25)) as result:
                    ids = [row[0] for row in rows_of(result)]
            except Exception as error:  # a form this class does not take
                failures.append(f"{form}: {type(error).__name__}: {error}")
                continue
            if ids == [1, 3, 4, 7]:
                return lambda query, value, arguments=arguments: cls(*arguments(query, value))
            failures.append(f"{form}: ids {ids}, not [1, 3, 4, 7]")
        pytest.fail(
            "no way of calling ExecuteQuery runs 'SELECT id FROM users WHERE age > ?'"
            " with 25:\n" + "\n".join(failures)
        )

    return adapt
