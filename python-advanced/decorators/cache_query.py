"""4-cache_query.py: remember query results, keyed by the SQL text."""

from __future__ import annotations

import functools
import inspect
import logging
import sqlite3
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from decorators.with_db_connection import with_db_connection

P = ParamSpec("P")
R = TypeVar("R")

logger = logging.getLogger(__name__)

# SQL text -> result. Keyed by the query only: every call opens a new connection, so a
# key that included the connection would never be found again.
query_cache: dict[str, Any] = {}


def cache_query(func: Callable[P, R]) -> Callable[P, R]:
    """Return the cached result for a `query` seen before; otherwise run `func` and store it.

    Only successful results are stored: a query that raised runs again next time.
    """
    signature = inspect.signature(func)
    if "query" not in signature.parameters:
        raise TypeError(f"cache_query needs a 'query' parameter; {func.__name__} has none")

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        query = signature.bind(*args, **kwargs).arguments["query"]
        if query in query_cache:
            logger.debug("cache hit: %s", query)
            result: R = query_cache[query]
            return result
        result = func(*args, **kwargs)
        query_cache[query] = result
        return result

    return wrapper


@with_db_connection
@cache_query
def fetch_users_with_cache(conn: sqlite3.Connection, query: str) -> list[Any]:
    """Rows of `query`, read from the database the first time only."""
    cursor = conn.cursor()
    cursor.execute(query)
    return cursor.fetchall()


if __name__ == "__main__":
    users = fetch_users_with_cache(query="SELECT * FROM users")
    users_again = fetch_users_with_cache(query="SELECT * FROM users")
    print(users_again is users)
