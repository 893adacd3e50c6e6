"""The three engines: which one a URL names, and a fresh database on it.

SQLite is the embedded default (a file in a temporary folder). MariaDB/MySQL (through
mysqlclient) and PostgreSQL (through psycopg) are used when a URL names them:
`mysql://user:password@host:3306/base`, `postgres://user@host:5432/base`. A fresh database
there is `<base>_<8 hex digits>`, created for the run and dropped after it, so the user
in the URL must be allowed to create and drop databases. Every server session is set up
the same way whatever the server's own settings: MariaDB in strict mode, and timestamps in
UTC on both servers (see MYSQL_SESSION).
"""

from __future__ import annotations

import contextlib
import importlib
import re
import secrets
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlsplit

SCHEMES = {
    "sqlite": "sqlite",
    "mysql": "mysql",
    "mariadb": "mysql",
    "postgres": "postgres",
    "postgresql": "postgres",
}
DRIVERS = {"mysql": "MySQLdb", "postgres": "psycopg"}
PACKAGES = {"mysql": "mysqlclient", "postgres": "psycopg[binary]"}
# Fresh database names are `<base>_<8 hex digits>`: 64 characters at most on MySQL.
# The --url option's help, shared by the commands that take a server URL.
URL_HELP = (
    "mysql://user@host:3306/base, postgres://user@host:5432/base (default: $DATABASE_URL, "
    "else SQLite)"
)
BASE_NAME = re.compile(r"[A-Za-z0-9_]{1,54}")
# Behaviour that must not depend on the server's configuration: strict mode makes a bad
# ENUM value, a too-long string or an impossible date an error instead of a warning (and a
# silently stored '' or truncated value), and every engine reads and prints timestamps in
# UTC, as SQLite's CURRENT_TIMESTAMP does.
MYSQL_SESSION = (
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', time_zone = '+00:00'"
)
POSTGRES_OPTIONS = "-c TimeZone=UTC"


class EngineError(RuntimeError):
    """A URL or a server the runner cannot use: the message says which and why."""


@dataclass(frozen=True)
class Server:
    """Where an engine runs: parsed from a URL (SQLite needs none of it)."""

    engine: str
    host: str = "127.0.0.1"
    port: int | None = None
    user: str = ""
    password: str = field(default="", repr=False)  # never in a repr, a log or a traceback
    base: str = ""  # the URL's database: the prefix of fresh database names

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}" if self.port else self.host


def server_for(url: str | None) -> Server:
    """The engine and server a URL names; no URL (or `sqlite://`) means SQLite."""
    if not url:
        return Server("sqlite")
    parts = urlsplit(url)
    engine = SCHEMES.get(parts.scheme)
    if engine is None:
        known = ", ".join(f"{scheme}://" for scheme in SCHEMES)
        raise EngineError(f"unsupported database URL scheme {parts.scheme!r} (use {known})")
    if engine == "sqlite":
        return Server("sqlite")
    try:
        port = parts.port
    except ValueError:
        raise EngineError(f"bad port in database URL {redacted(url)}") from None
    base = (parts.path.lstrip("/") or "sqladv").replace("-", "_")
    if not BASE_NAME.fullmatch(base):
        raise EngineError(
            f"bad database name {base!r} in database URL {redacted(url)} "
            "(letters, digits and _, at most 54 characters)"
        )
    return Server(
        engine=engine,
        host=parts.hostname or "127.0.0.1",
        port=port or (3306 if engine == "mysql" else 5432),
        user=unquote(parts.username or ("root" if engine == "mysql" else "postgres")),
        password=unquote(parts.password or ""),
        base=base,
    )


def redacted(url: str) -> str:
    """The URL without its password, for error messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def connect(server: Server, database: str) -> Any:
    """A DB-API connection in autocommit mode to `database` (a file path for SQLite; on a
    server, "" connects to none)."""
    if server.engine == "sqlite":
        connection = sqlite3.connect(database, isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
        return connection
    driver = _driver(server.engine)
    try:
        return _connect_server(driver, server, database)
    except driver.Error as error:
        raise EngineError(
            f"cannot connect to {server.engine} at {server.address} as {server.user!r}: {error}"
        ) from None


def database_errors(engine: str) -> type[Exception]:
    """The base class of every error the engine's driver raises (DB-API `Error`)."""
    if engine == "sqlite":
        return sqlite3.Error
    error: type[Exception] = _driver(engine).Error
    return error


def _driver(engine: str) -> ModuleType:
    """The engine's driver module, imported on use: the server drivers are optional."""
    try:
        return importlib.import_module(DRIVERS[engine])
    except ImportError:
        raise EngineError(
            f"{engine} needs the {DRIVERS[engine]} driver: pip install {PACKAGES[engine]}"
        ) from None


def _connect_server(driver: ModuleType, server: Server, database: str) -> Any:
    if server.engine == "mysql":
        chosen = {"database": database} if database else {}
        return driver.connect(
            host=server.host,
            port=server.port or 3306,
            user=server.user,
            password=server.password,
            charset="utf8mb4",
            autocommit=True,
            local_infile=True,
            init_command=MYSQL_SESSION,
            **chosen,
        )
    return driver.connect(
        host=server.host,
        port=server.port or 5432,
        user=server.user,
        password=server.password or None,
        dbname=database or "postgres",
        autocommit=True,
        options=POSTGRES_OPTIONS,
    )


@contextlib.contextmanager
def fresh_database(url: str | None) -> Iterator[tuple[Server, Any]]:
    """A new, empty database on the URL's engine, dropped when the block ends."""
    server = server_for(url)
    if server.engine == "sqlite":
        with tempfile.TemporaryDirectory(prefix="sqlrunner-") as folder:
            connection = connect(server, str(Path(folder) / "booking.sqlite3"))
            try:
                yield server, connection
            finally:
                connection.close()
        return
    name = f"{server.base}_{secrets.token_hex(4)}"
    _on_admin(server, f"CREATE DATABASE {quote_name(server.engine, name)}")
    try:
        connection = connect(server, name)
        try:
            yield server, connection
        finally:
            connection.close()
    finally:
        force = " WITH (FORCE)" if server.engine == "postgres" else ""
        _on_admin(server, f"DROP DATABASE IF EXISTS {quote_name(server.engine, name)}{force}")


def _on_admin(server: Server, sql: str) -> None:
    """Run CREATE/DROP DATABASE from outside the fresh database."""
    connection = connect(server, "")  # MySQL: no database; PostgreSQL: `postgres`
    try:
        cursor = connection.cursor()
        cursor.execute(sql)
        cursor.close()
    except database_errors(server.engine) as error:  # e.g. no right to create databases
        raise EngineError(f"{server.engine} at {server.address} refused {sql}: {error}") from None
    finally:
        connection.close()


def quote_name(engine: str, name: str) -> str:
    """An identifier quoted for `engine`: `name` on MySQL, "name" elsewhere."""
    return f"`{name}`" if engine == "mysql" else f'"{name}"'
