"""0-log_queries.py: log every SQL query, with a timestamp, before it runs."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from users_database import connect_users_db

P = ParamSpec("P")
R = TypeVar("R")

logger = logging.getLogger(__name__)


def log_queries(func: Callable[P, R]) -> Callable[P, R]:
    """Log the `query` argument of `func` (by position or keyword) before calling it."""
    signature = inspect.signature(func)
    if "query" not in signature.parameters:
        raise TypeError(f"log_queries needs a 'query' parameter; {func.__name__} has none")

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        query = signature.bind(*args, **kwargs).arguments["query"]
        # Logged first, so a query that fails or hangs is still on record.
        timestamp = datetime.now().isoformat(sep=" ", timespec="seconds")
        logger.info("%s Executing query: %s", timestamp, query)
        return func(*args, **kwargs)

    return wrapper


@log_queries
def fetch_all_users(query: str) -> list[Any]:
    """Run `query` on the users database and return every row."""
    conn = connect_users_db()
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    users = fetch_all_users(query="SELECT * FROM users")
    print(users)
