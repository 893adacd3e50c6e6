#!/usr/bin/env python3
"""measure_runtime"""
from asyncio import gather
from time import perf_counter

async_comprehension = __import__('1-async_comprehension').async_comprehension


async def measure_runtime() -> float:
    """Total runtime of four parallel comprehensions"""
    t0 = perf_counter()
    await gather(async_comprehension(), async_comprehension(),
                 async_comprehension(), async_comprehension())
    return perf_counter() - t0
