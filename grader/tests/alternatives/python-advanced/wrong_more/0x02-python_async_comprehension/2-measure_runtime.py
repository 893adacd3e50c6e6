#!/usr/bin/env python3
"""measure_runtime awaiting the four comprehensions one after the other"""
import time

async_comprehension = __import__('1-async_comprehension').async_comprehension


async def measure_runtime() -> float:
    """Runtime of four comprehensions, run in turn: 40 s, not 10"""
    start = time.perf_counter()
    for _ in range(4):
        await async_comprehension()
    return time.perf_counter() - start
