"""3-concurrent.py: two aiosqlite queries run at the same time with asyncio.gather.

(Not named concurrent.py: that would shadow the standard library's `concurrent` package.)
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiosqlite
from users_database import users_db_path


async def fetch_rows(query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of `query`, on a connection of their own (one per concurrent query)."""
    async with aiosqlite.connect(users_db_path()) as db, db.execute(query, params) as cursor:
        return [tuple(row) for row in await cursor.fetchall()]


async def async_fetch_users() -> list[tuple[Any, ...]]:
    """Every user."""
    return await fetch_rows("SELECT * FROM users")


async def async_fetch_older_users() -> list[tuple[Any, ...]]:
    """Users older than 40."""
    return await fetch_rows("SELECT * FROM users WHERE age > ?", (40,))


async def fetch_concurrently() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Both queries at once: (all users, users older than 40)."""
    users, older_users = await asyncio.gather(async_fetch_users(), async_fetch_older_users())
    return users, older_users


if __name__ == "__main__":
    all_users, older = asyncio.run(fetch_concurrently())
    print(f"{len(all_users)} users, {len(older)} older than 40: {older}")
