"""2-transactional.py: commit when the function succeeds, roll back when it raises."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from decorators.with_db_connection import with_db_connection

P = ParamSpec("P")
R = TypeVar("R")


def transactional(
    func: Callable[Concatenate[sqlite3.Connection, P], R],
) -> Callable[Concatenate[sqlite3.Connection, P], R]:
    """Run `func(conn, ...)` as one transaction on `conn`.

    On success the transaction is committed. On any exception it is rolled back and the
    same exception is re-raised, so the caller still sees what went wrong.
    """

    @functools.wraps(func)
    def wrapper(conn: sqlite3.Connection, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            result = func(conn, *args, **kwargs)
            conn.commit()
        except BaseException:  # KeyboardInterrupt too: never leave half a change pending
            conn.rollback()
            raise
        return result

    return wrapper


@with_db_connection
@transactional
def update_user_email(conn: sqlite3.Connection, user_id: int, new_email: str) -> None:
    """Set the email of the user with this id."""
    cursor = conn.cursor()
    cursor.execute("UPDATE users SET email = ? WHERE id = ?", (new_email, user_id))


if __name__ == "__main__":
    update_user_email(user_id=1, new_email="Crawford_Cartwright@hotmail.com")
