"""0-databaseconnection.py: a class-based context manager for a SQLite connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType

from users_database import users_db_path


class DatabaseConnection:
    """`with DatabaseConnection() as conn:` opens the users database and always closes it.

    Closing does not commit: call `conn.commit()` inside the block to keep changes.
    """

    def __init__(self, db_path: str | Path | None = None) -> None:
        """Remember which database to open (default: `$USERS_DB` or users.db)."""
        self.db_path = db_path
        self.conn: sqlite3.Connection | None = None

    def __enter__(self) -> sqlite3.Connection:
        """Open the connection and hand it to the `with` block."""
        self.conn = sqlite3.connect(users_db_path(self.db_path))
        return self.conn

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the connection; returning None lets any exception from the block propagate."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None


if __name__ == "__main__":
    with DatabaseConnection() as conn:
        print(conn.execute("SELECT * FROM users").fetchall())
