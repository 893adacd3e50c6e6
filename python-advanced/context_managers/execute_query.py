"""1-execute.py: a context manager that runs one parameterised query and yields its rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType
from typing import Any

from users_database import users_db_path


class ExecuteQuery:
    """`with ExecuteQuery("SELECT * FROM users WHERE age > ?", 25) as rows:`.

    The parameters are bound by SQLite, never pasted into the SQL, so a value such as
    "25; DROP TABLE users" is only ever compared, not executed.
    """

    def __init__(self, query: str, params: Any = (), db_path: str | Path | None = None) -> None:
        """`params`: one value, or a tuple/list (by position) or dict (by name) of values."""
        self.query = query
        self.params = params if isinstance(params, tuple | list | dict) else (params,)
        self.db_path = db_path
        self.conn: sqlite3.Connection | None = None

    def __enter__(self) -> list[Any]:
        """Open a connection, run the query with its parameters, return all rows."""
        self.conn = sqlite3.connect(users_db_path(self.db_path))
        try:
            return self.conn.execute(self.query, self.params).fetchall()
        except BaseException:
            # A failing __enter__ means __exit__ never runs: close here or leak it.
            self._close()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the connection; returning None lets any exception from the block propagate."""
        self._close()

    def _close(self) -> None:
        """Close the connection if it is open."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None


if __name__ == "__main__":
    with ExecuteQuery("SELECT * FROM users WHERE age > ?", 25) as results:
        print(results)
