#!/usr/bin/env python3
"""measure_time, returning the total time instead of total_time / n"""
import asyncio
import time

wait_n = __import__('1-concurrent_coroutines').wait_n


def measure_time(n: int, max_delay: int) -> float:
    """Elapsed time of wait_n"""
    start = time.perf_counter()
    asyncio.run(wait_n(n, max_delay))
    return time.perf_counter() - start
