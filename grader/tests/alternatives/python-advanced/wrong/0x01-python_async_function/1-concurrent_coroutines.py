#!/usr/bin/env python3
"""wait_n (correct: here for 2-measure_runtime.py to import)"""
import asyncio
from typing import List

wait_random = __import__('0-basic_async_syntax').wait_random


async def wait_n(n: int, max_delay: int) -> List[float]:
    """Delays in ascending order"""
    return [await c for c in asyncio.as_completed([wait_random(max_delay) for _ in range(n)])]
