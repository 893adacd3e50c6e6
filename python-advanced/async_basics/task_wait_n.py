"""0x01 exercise 4 (4-tasks.py): wait_n again, built on task_wait_random."""

import asyncio

from async_basics.tasks import task_wait_random


async def task_wait_n(n: int, max_delay: int) -> list[float]:
    """Run task_wait_random(max_delay) n times; return the delays in ascending order.

    As in wait_n, the order comes from as_completed, not from sorting. Raises ValueError
    naming n or max_delay when it is negative.
    """
    if n < 0:
        raise ValueError(f"n must be zero or more, got {n}")
    if max_delay < 0:
        raise ValueError(f"max_delay must be zero or more, got {max_delay}")
    tasks = [task_wait_random(max_delay) for _ in range(n)]
    return [await finished for finished in asyncio.as_completed(tasks)]
