#!/usr/bin/env python3
"""Run two database queries concurrently with aiosqlite and asyncio.gather"""
import asyncio
import aiosqlite


async def async_fetch_users():
    """Fetch all users"""
    async with aiosqlite.connect("users.db") as db:
        async with db.execute("SELECT * FROM users") as cursor:
            users = await cursor.fetchall()
            print("All users:", users)
            return users


async def async_fetch_older_users():
    """Fetch the users older than 40"""
    async with aiosqlite.connect("users.db") as db:
        async with db.execute("SELECT * FROM users WHERE age > ?", (40,)) as cursor:
            older = await cursor.fetchall()
            print("Users older than 40:", older)
            return older


async def fetch_concurrently():
    """Run both queries at the same time"""
    await asyncio.gather(async_fetch_users(), async_fetch_older_users())


asyncio.run(fetch_concurrently())
