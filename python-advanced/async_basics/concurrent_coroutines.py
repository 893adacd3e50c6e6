"""0x01 exercise 1 (1-concurrent_coroutines.py): run n coroutines at the same time."""

import asyncio

from async_basics.basic_async_syntax import wait_random


async def wait_n(n: int, max_delay: int) -> list[float]:
    """Run wait_random(max_delay) n times concurrently; return the delays in ascending order.

    No sorting: as_completed hands the coroutines back as they finish, and a shorter
    delay finishes first. Raises ValueError naming n or max_delay when it is negative.
    """
    if n < 0:
        raise ValueError(f"n must be zero or more, got {n}")
    if max_delay < 0:
        raise ValueError(f"max_delay must be zero or more, got {max_delay}")
    waits = [wait_random(max_delay) for _ in range(n)]
    return [await finished for finished in asyncio.as_completed(waits)]
