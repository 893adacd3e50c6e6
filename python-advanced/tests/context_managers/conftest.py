"""Fixtures of the context_managers tests (the shared ones are in tests/conftest.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from users_database import USERS_DB_VARIABLE


@pytest.fixture
def missing_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the users database should be (`USERS_DB`, or users.db here), with nothing there."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv(USERS_DB_VARIABLE, str(empty / "users.db"))
    monkeypatch.chdir(empty)
    return empty / "users.db"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[sqlite3.Connection]:
    """Every real sqlite3 connection opened during the test, to check each was closed."""
    connections: list[sqlite3.Connection] = []
    connect = sqlite3.connect

    def recording_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connections.append(connect(*args, **kwargs))
        return connections[-1]

    monkeypatch.setattr(sqlite3, "connect", recording_connect)
    return connections


def is_closed(connection: sqlite3.Connection) -> bool:
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


@pytest.fixture
def all_closed(opened: list[sqlite3.Connection]) -> Any:
    """`all_closed()`: at least one connection was opened and every one is closed now."""
    return lambda: bool(opened) and all(is_closed(connection) for connection in opened)
