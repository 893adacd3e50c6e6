import asyncio
import aiosqlite

DB = "users.db"


async def async_fetch_users():
    async with aiosqlite.connect(DB) as db:
        db.row_factory = aiosqlite.Row
        return await db.execute_fetchall("SELECT * FROM users")


async def async_fetch_older_users():
    async with aiosqlite.connect(DB) as db:
        db.row_factory = aiosqlite.Row
        return await db.execute_fetchall("SELECT * FROM users WHERE age > 40")


async def fetch_concurrently():
    return await asyncio.gather(async_fetch_users(), async_fetch_older_users())


if __name__ == "__main__":
    users, older = asyncio.run(fetch_concurrently())
    print(len(users), "users;", len(older), "older than 40")
