import sqlite3
import functools

query_cache = {}


def with_db_connection(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        conn = sqlite3.connect('users.db')
        try:
            return func(conn, *args, **kwargs)
        finally:
            conn.close()
    return wrapper


def cache_query(func):
    """Keyed by the connection and the query: every call's new connection misses"""
    @functools.wraps(func)
    def wrapper(conn, *args, **kwargs):
        key = (id(conn), kwargs.get("query"))
        if key not in query_cache:
            query_cache[key] = func(conn, *args, **kwargs)
        return query_cache[key]
    return wrapper


@with_db_connection
@cache_query
def fetch_users_with_cache(conn, query):
    cursor = conn.cursor()
    cursor.execute(query)
    return cursor.fetchall()
