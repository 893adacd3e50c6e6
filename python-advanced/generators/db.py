"""The one place that knows which database the generators unit talks to.

SQLite by default: the "server" is a folder and each database a `<name>.sqlite3` file
in it. MariaDB/MySQL through mysqlclient when `DATABASE_URL=mysql://user:pass@host:port/db`
or `MYSQL_HOST` (with `MYSQL_PORT`, `MYSQL_USER`, `MYSQL_PASSWORD`) is set.

    DATABASE_URL / MYSQL_*   pick MariaDB/MySQL (the URL's own database name is not used:
                             the exercise creates its own database, see PRODEV_DATABASE)
    PRODEV_DATABASE          the database name, default "ALX_prodev" (the program's)
    PRODEV_SQLITE_DIR        the SQLite folder, default this folder

The environment is read on every connection, not at import, so a test (or a shell) can
switch backends without re-importing anything.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

DEFAULT_DATABASE = "ALX_prodev"
DEFAULT_SQLITE_DIR = Path(__file__).resolve().parent
# Database names end up in `CREATE DATABASE` and in file paths, where parameters cannot
# be used: accept identifiers only, so a name can neither inject SQL nor escape the folder.
DATABASE_NAME = re.compile(r"[A-Za-z0-9_]{1,64}")


@dataclass(frozen=True)
class MySQLSettings:
    """Where the MariaDB/MySQL server is."""

    host: str
    port: int
    user: str
    password: str


def database_name() -> str:
    """The exercise's database name: PRODEV_DATABASE, or the program's ALX_prodev."""
    name = os.environ.get("PRODEV_DATABASE") or DEFAULT_DATABASE
    if not DATABASE_NAME.fullmatch(name):
        raise ValueError(f"PRODEV_DATABASE must be letters, digits or _ (1-64), got {name!r}")
    return name


def mysql_settings() -> MySQLSettings | None:
    """The MariaDB/MySQL server from DATABASE_URL or MYSQL_*, or None for SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("mysql://"):
        parts = urlsplit(url)
        return MySQLSettings(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 3306,
            user=unquote(parts.username or "root"),
            password=unquote(parts.password or ""),
        )
    if os.environ.get("MYSQL_HOST"):
        return MySQLSettings(
            host=os.environ["MYSQL_HOST"],
            port=int(os.environ.get("MYSQL_PORT") or 3306),
            user=os.environ.get("MYSQL_USER") or "root",
            password=os.environ.get("MYSQL_PASSWORD", ""),
        )
    return None


def sqlite_dir() -> Path:
    """The folder that plays the SQLite "server"."""
    return Path(os.environ.get("PRODEV_SQLITE_DIR") or DEFAULT_SQLITE_DIR)


def sqlite_path(name: str) -> Path:
    """The file that holds the SQLite database `name`."""
    return sqlite_dir() / f"{name}.sqlite3"


def dialect(connection: Any) -> str:
    """ "sqlite" or "mysql", for the few statements the two spell differently."""
    return "sqlite" if isinstance(connection, sqlite3.Connection) else "mysql"


def sql(connection: Any, query: str) -> str:
    """`query`, written with `?` placeholders, in the connection's paramstyle."""
    return query if dialect(connection) == "sqlite" else query.replace("?", "%s")


def connect(database: str | None = None) -> Any:
    """A connection to the server (`database=None`) or to one database on it.

    Rows come back as dicts on both backends. Raises ConnectionError naming the host
    and port, or the SQLite path, when it cannot connect.
    """
    settings = mysql_settings()
    if settings is None:
        return _connect_sqlite(database)
    return _connect_mysql(settings, database)


def _connect_sqlite(database: str | None) -> sqlite3.Connection:
    folder = sqlite_dir()
    if not folder.is_dir():
        raise ConnectionError(f"cannot reach the SQLite folder {folder}: it does not exist")
    if database is None:
        # No server process: the "server" connection is an empty in-memory database
        # that create_database() attaches files to.
        return sqlite3.connect(":memory:")
    path = sqlite_path(database)
    try:
        # mode=rw: a missing database is an error, as on a server, instead of a new file.
        connection = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True)
    except sqlite3.OperationalError as error:
        raise ConnectionError(f"cannot open SQLite database {path}: {error}") from error
    connection.row_factory = _dict_row
    return connection


def _dict_row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


def _connect_mysql(settings: MySQLSettings, database: str | None) -> Any:
    try:
        # Imported here so that SQLite users never need mysqlclient installed.
        import MySQLdb  # type: ignore[import-untyped]
        import MySQLdb.cursors  # type: ignore[import-untyped]
    except ImportError as error:
        raise ImportError(
            "DATABASE_URL/MYSQL_HOST point to MySQL but mysqlclient is not installed: "
            "pip install mysqlclient (or unset them to use SQLite)"
        ) from error
    options: dict[str, Any] = {}
    if database is not None:
        # Server-side dict cursor: rows stream from the server as they are read; the
        # default cursor would copy the whole result into memory at execute().
        options = {"database": database, "cursorclass": MySQLdb.cursors.SSDictCursor}
    try:
        return MySQLdb.connect(
            host=settings.host,
            port=settings.port,
            user=settings.user,
            password=settings.password,
            charset="utf8mb4",
            connect_timeout=5,
            **options,
        )
    except MySQLdb.OperationalError as error:
        where = f"{settings.host}:{settings.port}"
        if database is not None:
            where += f" (database {database})"
        raise ConnectionError(f"cannot connect to MySQL at {where}: {error}") from error
