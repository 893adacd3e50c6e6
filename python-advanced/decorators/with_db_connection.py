"""1-with_db_connection.py: open a connection for the function and always close it."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from users_database import connect_users_db

P = ParamSpec("P")
R = TypeVar("R")


def with_db_connection(func: Callable[Concatenate[sqlite3.Connection, P], R]) -> Callable[P, R]:
    """Call `func` with a new users-database connection as its first argument.

    The connection is closed when `func` returns and when it raises; its exception
    propagates unchanged.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        conn = connect_users_db()
        try:
            return func(conn, *args, **kwargs)
        finally:
            # sqlite3's own `with conn:` only commits or rolls back: it never closes.
            conn.close()

    return wrapper


@with_db_connection
def get_user_by_id(conn: sqlite3.Connection, user_id: int) -> Any:
    """The users row with this id, or None."""
    cursor = conn.cursor()
    cursor.execute("SELECT * FROM users WHERE id = ?", (user_id,))
    return cursor.fetchone()


if __name__ == "__main__":
    print(get_user_by_id(user_id=1))
