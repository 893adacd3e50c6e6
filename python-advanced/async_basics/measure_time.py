"""0x01 exercise 2 (2-measure_runtime.py): time wait_n from synchronous code."""

import asyncio
import time

from async_basics.concurrent_coroutines import wait_n


def measure_time(n: int, max_delay: int) -> float:
    """Run wait_n(n, max_delay) to completion and return the elapsed seconds per call.

    Raises ValueError naming n when it is below 1 (there is nothing to average over) and,
    through wait_n, naming max_delay when it is negative.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    # perf_counter, not time.time: it is monotonic and has the finest resolution.
    start = time.perf_counter()
    asyncio.run(wait_n(n, max_delay))
    return (time.perf_counter() - start) / n
