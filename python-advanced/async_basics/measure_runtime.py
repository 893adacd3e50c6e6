"""0x02 exercise 2 (2-measure_runtime.py): four comprehensions at once take as long as one."""

import asyncio
import time

from async_basics.async_comprehension import async_comprehension


async def measure_runtime() -> float:
    """Run async_comprehension four times in parallel and return the elapsed seconds.

    Each run sleeps ten times one second; gathered, the sleeps overlap, so the total is
    about ten seconds, not forty.
    """
    start = time.perf_counter()
    await asyncio.gather(*(async_comprehension() for _ in range(4)))
    return time.perf_counter() - start
