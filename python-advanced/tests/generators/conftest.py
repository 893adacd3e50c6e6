"""The database each generators test runs on: SQLite, and MariaDB when DATABASE_URL is set.

The program's files connect to MySQL themselves (`mysql.connector.connect(host=...,
user=..., password=..., database="ALX_prodev")`, or through the program's `seed.py`).
Such code can only be graded on MariaDB, so:

- on SQLite, a test of a file that connects to MySQL itself is skipped, with the reason
  `needs DATABASE_URL (MariaDB)`; this module's own files find their database through
  the environment (PRODEV_SQLITE_DIR, see generators/db.py) and run there;
- on MariaDB (DATABASE_URL=mysql://...), every connection the code opens with
  mysql.connector or mysqlclient goes to DATABASE_URL's server with its credentials,
  whatever host and password the code names: that is where the program's database lives
  on this machine. The database keeps the program's name, `ALX_prodev`, because the
  program's code names it in its SQL too (`CREATE DATABASE IF NOT EXISTS ALX_prodev`).
  Each test drops and recreates it while holding a server lock, so concurrent runs on
  one server take turns. Point DATABASE_URL at a server whose ALX_prodev may be dropped.

Setup and checks go through the raw driver, never through the code under test, so a
broken seed.py cannot make the stream tests pass or fail.
"""

from __future__ import annotations

import ast
import functools
import gc
import importlib
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

UNIT = Path(__file__).resolve().parents[2] / "generators"
DATABASE = "ALX_prodev"  # the program's name, on both backends
MARIADB_ONLY = "needs DATABASE_URL (MariaDB)"
CREATE_TABLE = """
CREATE TABLE user_data (
    user_id CHAR(36) NOT NULL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    email VARCHAR(255) NOT NULL,
    age INTEGER NOT NULL
)
"""
MYSQL_VARIABLES = ("MYSQL_HOST", "MYSQL_PORT", "MYSQL_USER", "MYSQL_PASSWORD")
# Modules whose use means the file opens MySQL connections itself: the drivers, and the
# program's own seed.py imported by its program name.
MYSQL_MODULES = {"mysql", "MySQLdb", "pymysql", "seed"}
LOCK = "python_advanced.ALX_prodev"
LOCK_WAIT_SECONDS = 600  # a cap on waiting for another run's test, not a timing assumption
IMPORTERS = {"__import__", "import_module"}


def connects_to_mysql_itself(path: Path) -> bool:
    """Whether the file imports a MySQL driver, or the program's `seed`, to connect."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return False  # let the tests show what is wrong with it
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) in IMPORTERS
        ):
            names = [node.args[0].value]
        if any(name.split(".")[0] in MYSQL_MODULES for name in names):
            return True
    return False


# --- MariaDB: every connection the code under test opens goes to DATABASE_URL's server ---

_REDIRECT: dict[str, Any] = {}  # host, port, user, password while a MariaDB test runs
_ORIGINAL_CONNECT: dict[str, Callable[..., Any]] = {}
MYSQLDB_POSITIONAL = ("host", "user", "passwd", "db", "port")


def _redirecting(driver: str, connect: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(connect)
    def redirected(*args: Any, **kwargs: Any) -> Any:
        if not _REDIRECT:
            return connect(*args, **kwargs)
        if driver == "MySQLdb":  # mysqlclient also takes its first arguments by position
            kwargs = {**dict(zip(MYSQLDB_POSITIONAL, args, strict=False)), **kwargs}
            args = args[len(MYSQLDB_POSITIONAL) :]
        for name in ("host", "port", "user", "password", "passwd", "unix_socket"):
            kwargs.pop(name, None)
        return connect(*args, **kwargs, **_REDIRECT)

    return redirected


def _install_redirects() -> None:
    """Wrap the drivers' connect functions once, before any file under test imports them
    (so `from mysql.connector import connect` gets the wrapper too)."""
    try:
        import mysql.connector
    except ImportError:
        pass
    else:
        _ORIGINAL_CONNECT["mysql.connector"] = mysql.connector.connect
        wrapper = _redirecting("mysql.connector", mysql.connector.connect)
        mysql.connector.connect = mysql.connector.Connect = wrapper
    try:
        import MySQLdb  # type: ignore[import-untyped]
    except ImportError:
        pass
    else:
        wrapper = _redirecting("MySQLdb", MySQLdb.connect)
        MySQLdb.connect = MySQLdb.Connect = wrapper


_install_redirects()


@dataclass
class Backend:
    """A database the code under test is pointed at, and raw access to it for the tests."""

    kind: str  # "sqlite" or "mysql"
    database: str = DATABASE
    sqlite_path: Path | None = None
    mysql: dict[str, Any] = field(default_factory=dict)  # host, port, user, password

    def connect(self, database: bool = True) -> Any:
        """A raw connection to the database (or, `database=False`, to the server)."""
        if self.kind == "sqlite":
            return sqlite3.connect(self.sqlite_path if database else ":memory:")
        extra = {"database": self.database} if database else {}
        return _ORIGINAL_CONNECT["mysql.connector"](**self.mysql, **extra)

    def execute(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run `query` (written with `?`) on the database, commit, return its rows."""
        connection = self.connect()
        try:
            cursor = connection.cursor()
            cursor.execute(self._paramstyle(query), params)
            rows = list(cursor.fetchall()) if cursor.description else []
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
        """Every row of user_data as a dict, ordered by email (ages as int)."""
        rows = self.execute("SELECT user_id, name, email, age FROM user_data ORDER BY email")
        return [
            {"user_id": user_id, "name": name, "email": email, "age": int(age)}
            for user_id, name, email, age in rows
        ]

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
    """Point this module's code at SQLite in `folder`, with the default database name."""
    for variable in ("DATABASE_URL", "PRODEV_DATABASE", *MYSQL_VARIABLES):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PRODEV_SQLITE_DIR", str(folder))
    return Backend("sqlite", sqlite_path=folder / f"{DATABASE}.sqlite3")


def mysql_server() -> dict[str, Any]:
    """DATABASE_URL's server and credentials, as connect() arguments."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 3306,
        "user": unquote(parts.username or "root"),
        "password": unquote(parts.password or ""),
    }


@pytest.fixture(params=["sqlite", pytest.param("mysql", marks=pytest.mark.services("mysql"))])
def backend(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Backend]:
    """No database yet: the code is pointed at one that does not exist.

    A test file names the file it grades in UNDER_TEST; on SQLite, a test of a file that
    connects to MySQL itself is skipped.
    """
    if request.param == "sqlite":
        under_test = getattr(request.module, "UNDER_TEST", None)
        if under_test is not None and connects_to_mysql_itself(under_test):
            pytest.skip(MARIADB_ONLY)
        yield use_sqlite(monkeypatch, tmp_path)
        return
    for variable in (*MYSQL_VARIABLES, "PRODEV_DATABASE"):
        monkeypatch.delenv(variable, raising=False)
    chosen = Backend("mysql", mysql=mysql_server())
    lock = chosen.connect(database=False)
    try:
        cursor = lock.cursor()
        cursor.execute("SELECT GET_LOCK(%s, %s)", (LOCK, LOCK_WAIT_SECONDS))
        assert cursor.fetchone() == (1,), f"another run held the server lock {LOCK!r}"
        chosen.drop()
        _REDIRECT.update(chosen.mysql)
        try:
            yield chosen
        finally:
            _REDIRECT.clear()
            gc.collect()  # finish abandoned generators, closing their connections, before DROP
            chosen.drop()
    finally:
        lock.close()  # releases the lock


@pytest.fixture
def users_table(backend: Backend) -> Backend:
    """The database with an empty user_data table, as seed.py leaves it."""
    backend.create_users_table()
    return backend


@pytest.fixture
def runnable() -> Callable[[Path], None]:
    """`runnable(path)`: skip, naming what is missing, when the file can only be graded on
    MariaDB and DATABASE_URL does not point at one."""

    def check(path: Path) -> None:
        on_mariadb = os.environ.get("DATABASE_URL", "").startswith("mysql://")
        if not on_mariadb and connects_to_mysql_itself(path):
            pytest.skip(MARIADB_ONLY)

    return check


@pytest.fixture
def load() -> Callable[[str], ModuleType]:
    """`load("generators.stream_users")`: the file under test, imported when the test needs
    it (after its database is ready: a program-style file may query it on import)."""
    return importlib.import_module


def _prodev_with_table(seed: ModuleType) -> Any:
    """What the program's 0-main.py does before loading the CSV: the database, then a
    connection to it, then the table."""
    server = seed.connect_db()
    seed.create_database(server)
    server.close()
    connection = seed.connect_to_prodev()
    seed.create_table(connection)
    return connection


@pytest.fixture
def prodev_with_table() -> Callable[[ModuleType], Any]:
    return _prodev_with_table
