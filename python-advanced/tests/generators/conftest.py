"""One real database per test, on SQLite and (when DATABASE_URL is mysql://) on MariaDB.

The `backend` fixture points the code at a fresh database through the environment only
(PRODEV_SQLITE_DIR, PRODEV_DATABASE, DATABASE_URL), the way a learner's own seed.py could
be pointed too. Setup and checks go through the raw drivers (sqlite3, MySQLdb), never
through the code under test, so a broken seed.py cannot make the stream tests pass or fail.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

SQLITE_DATABASE = "ALX_prodev"  # the program's name: the default when PRODEV_DATABASE is unset
CREATE_TABLE = """
CREATE TABLE user_data (
    user_id CHAR(36) NOT NULL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    email VARCHAR(255) NOT NULL,
    age INTEGER NOT NULL
)
"""
MYSQL_VARIABLES = ("MYSQL_HOST", "MYSQL_PORT", "MYSQL_USER", "MYSQL_PASSWORD")


@dataclass
class Backend:
    """A database the code under test is pointed at, and raw access to it for the tests."""

    kind: str  # "sqlite" or "mysql"
    database: str
    sqlite_path: Path | None = None
    mysql: dict[str, Any] = field(default_factory=dict)  # MySQLdb.connect() arguments

    def connect(self, database: bool = True) -> Any:
        """A raw connection to the database (or, `database=False`, to the server)."""
        if self.kind == "sqlite":
            return sqlite3.connect(self.sqlite_path if database else ":memory:")
        import MySQLdb

        extra = {"database": self.database} if database else {}
        return MySQLdb.connect(**self.mysql, **extra)

    def execute(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run `query` (written with `?`) on the database, commit, return its rows."""
        connection = self.connect()
        try:
            cursor = connection.cursor()
            cursor.execute(self._paramstyle(query), params)
            rows = list(cursor.fetchall())
            connection.commit()
            return rows
        finally:
            connection.close()

    def create_database(self) -> None:
        if self.kind == "sqlite":
            sqlite3.connect(self.sqlite_path).close()
            return
        server = self.connect(database=False)
        server.cursor().execute(f"CREATE DATABASE `{self.database}`")
        server.close()

    def database_exists(self) -> bool:
        if self.kind == "sqlite":
            assert self.sqlite_path is not None
            return self.sqlite_path.is_file()
        server = self.connect(database=False)
        try:
            cursor = server.cursor()
            cursor.execute("SHOW DATABASES LIKE %s", (self.database,))
            return cursor.fetchone() is not None
        finally:
            server.close()

    def create_users_table(self) -> None:
        self.create_database()
        self.execute(CREATE_TABLE)

    def add_users(self, ages: list[int], first: int = 1) -> list[dict[str, Any]]:
        """Insert one user per age (numbered from `first`) and return them as dicts."""
        users = [
            {
                "user_id": str(uuid.uuid4()),
                "name": f"User {number}",
                "email": f"user{number}@example.com",
                "age": age,
            }
            for number, age in enumerate(ages, start=first)
        ]
        connection = self.connect()
        try:
            connection.cursor().executemany(
                self._paramstyle("INSERT INTO user_data VALUES (?, ?, ?, ?)"),
                [tuple(user.values()) for user in users],
            )
            connection.commit()
        finally:
            connection.close()
        return users

    def users(self) -> list[dict[str, Any]]:
        """Every row of user_data as a dict, ordered by email."""
        rows = self.execute("SELECT user_id, name, email, age FROM user_data ORDER BY email")
        return [dict(zip(("user_id", "name", "email", "age"), row, strict=True)) for row in rows]

    def columns(self) -> dict[str, bool]:
        """user_data's column names, each mapped to whether it is in the primary key."""
        if self.kind == "sqlite":
            rows = self.execute("PRAGMA table_info(user_data)")
            return {row[1]: row[5] > 0 for row in rows}
        rows = self.execute(
            "SELECT column_name, column_key FROM information_schema.columns"
            " WHERE table_schema = ? AND table_name = 'user_data'",
            (self.database,),
        )
        return {name: key == "PRI" for name, key in rows}

    def _paramstyle(self, query: str) -> str:
        return query if self.kind == "sqlite" else query.replace("?", "%s")

    def drop(self) -> None:
        if self.kind == "mysql":
            server = self.connect(database=False)
            cursor = server.cursor()
            # Fail rather than hang if a test left a connection holding the table.
            cursor.execute("SET SESSION lock_wait_timeout = 10")
            cursor.execute(f"DROP DATABASE IF EXISTS `{self.database}`")
            server.close()


def use_sqlite(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Backend:
    """Point the code at SQLite in `folder`, with the default database name."""
    for variable in ("DATABASE_URL", "PRODEV_DATABASE", *MYSQL_VARIABLES):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PRODEV_SQLITE_DIR", str(folder))
    return Backend("sqlite", SQLITE_DATABASE, sqlite_path=folder / f"{SQLITE_DATABASE}.sqlite3")


def use_mysql(monkeypatch: pytest.MonkeyPatch) -> Backend:
    """Point the code at a new database on DATABASE_URL's server, named after its own."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    name = f"{parts.path.strip('/') or 'test'}_gen_{uuid.uuid4().hex[:8]}"
    for variable in MYSQL_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PRODEV_DATABASE", name)
    arguments = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 3306,
        "user": unquote(parts.username or "root"),
        "password": unquote(parts.password or ""),
    }
    return Backend("mysql", name, mysql=arguments)


@pytest.fixture(params=["sqlite", pytest.param("mysql", marks=pytest.mark.services("mysql"))])
def backend(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Backend]:
    """No database yet: the code is pointed at one that does not exist."""
    sqlite = request.param == "sqlite"
    chosen = use_sqlite(monkeypatch, tmp_path) if sqlite else use_mysql(monkeypatch)
    yield chosen
    gc.collect()  # finish abandoned generators, closing their connections, before DROP
    chosen.drop()


@pytest.fixture
def users_table(backend: Backend) -> Backend:
    """The database with an empty user_data table, as seed.py leaves it."""
    backend.create_users_table()
    return backend
