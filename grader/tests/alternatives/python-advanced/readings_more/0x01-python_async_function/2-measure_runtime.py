#!/usr/bin/env python3
"""measure_time"""
import asyncio
from time import perf_counter

wait_n = __import__('1-concurrent_coroutines').wait_n


def measure_time(n: int, max_delay: int) -> float:
    """Average time per wait"""
    start = perf_counter()
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(wait_n(n, max_delay))
    finally:
        loop.close()
    return (perf_counter() - start) / n
