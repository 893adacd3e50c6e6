#!/usr/bin/env python3
"""wait_n awaiting each coroutine in turn: sequential, and in the order drawn"""
from typing import List

wait_random = __import__('0-basic_async_syntax').wait_random


async def wait_n(n: int, max_delay: int) -> List[float]:
    """Delays of n waits"""
    delays = []
    for _ in range(n):
        delays.append(await wait_random(max_delay))
    return delays
