"""3-retry_on_failure.py: call a function again when it fails, then give up loudly."""

from __future__ import annotations

import functools
import logging
import sqlite3
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from decorators.with_db_connection import with_db_connection

P = ParamSpec("P")
R = TypeVar("R")

logger = logging.getLogger(__name__)


def retry_on_failure(
    retries: int = 3, delay: float = 2
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Try the function up to `retries` times in all, waiting `delay` seconds between tries.

    When every attempt fails, the last attempt's exception is re-raised as it was. The
    wait is `time.sleep`, looked up at each call, so tests replace it there.
    """
    if retries < 1:
        raise ValueError(f"retries must be at least 1, got {retries}")
    if delay < 0:
        raise ValueError(f"delay must not be negative, got {delay}")

    def decorator(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            attempt = 1
            while True:
                try:
                    return func(*args, **kwargs)
                except Exception as error:  # not BaseException: Ctrl-C is not a failure to retry
                    if attempt == retries:
                        raise  # the last error, with its own traceback
                    logger.warning(
                        "%s: attempt %d of %d failed (%r), retrying in %ss",
                        func.__name__,
                        attempt,
                        retries,
                        error,
                        delay,
                    )
                attempt += 1
                time.sleep(delay)

        return wrapper

    return decorator


@with_db_connection
@retry_on_failure(retries=3, delay=1)
def fetch_users_with_retry(conn: sqlite3.Connection) -> list[Any]:
    """Every users row, retried if the database is briefly unavailable."""
    cursor = conn.cursor()
    cursor.execute("SELECT * FROM users")
    return cursor.fetchall()


if __name__ == "__main__":
    print(fetch_users_with_retry())
