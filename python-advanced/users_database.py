"""The SQLite `users` database the decorators and context_managers units work on.

The program hard-codes `users.db` in the working directory. Here the path comes from the
`USERS_DB` environment variable, read each time a connection opens so a test can point it
at a temporary file; unset, it is the `users.db` in this folder. Create that file with
`python -m users_database`.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

USERS_DB_VARIABLE = "USERS_DB"
DEFAULT_USERS_DB = Path(__file__).with_name("users.db")

# (id, name, email, age): ages on both sides of the 25 and 40 the exercises filter on.
SAMPLE_USERS = [
    (1, "Amina Diallo", "amina@example.com", 31),
    (2, "Brian Otieno", "brian@example.com", 24),
    (3, "Chidi Okeke", "chidi@example.com", 45),
    (4, "Dina Haile", "dina@example.com", 52),
    (5, "Esi Mensah", "esi@example.com", 19),
    (6, "Farid Nasser", "farid@example.com", 25),
    (7, "Grace Wanjiru", "grace@example.com", 40),
]


def chosen_path(path: str | Path | None = None) -> Path:
    """`path` if given, else `$USERS_DB`, else `users.db` in this folder."""
    return Path(path or os.environ.get(USERS_DB_VARIABLE) or DEFAULT_USERS_DB)


def users_db_path(path: str | Path | None = None) -> Path:
    """The users database file (see `chosen_path`), which must exist."""
    chosen = chosen_path(path)
    # sqlite3.connect would silently create an empty file and fail later on "no such table".
    if not chosen.is_file():
        raise FileNotFoundError(
            f"users database not found: {chosen} "
            f"(set {USERS_DB_VARIABLE} or run `python -m users_database`)"
        )
    return chosen


def connect_users_db(path: str | Path | None = None) -> sqlite3.Connection:
    """Open the users database, refusing to create an empty one where none exists."""
    return sqlite3.connect(users_db_path(path))


def create_users_db(path: Path, users: list[tuple[int, str, str, int]] = SAMPLE_USERS) -> None:
    """Create the `users` table at `path` (if missing) and insert `users` (if absent)."""
    connection = sqlite3.connect(path)
    try:
        with connection:  # one transaction: commit on success, roll back on error
            connection.execute(
                "CREATE TABLE IF NOT EXISTS users ("
                " id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                " email TEXT NOT NULL UNIQUE, age INTEGER NOT NULL)"
            )
            connection.executemany("INSERT OR IGNORE INTO users VALUES (?, ?, ?, ?)", users)
    finally:
        connection.close()


if __name__ == "__main__":
    create_users_db(chosen_path())
    print(f"users database ready: {chosen_path()}")
