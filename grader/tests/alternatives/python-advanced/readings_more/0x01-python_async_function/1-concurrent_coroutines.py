#!/usr/bin/env python3
"""wait_n: each delay is appended as its coroutine finishes"""
import asyncio
from typing import List

wait_random = __import__('0-basic_async_syntax').wait_random


async def wait_n(n: int, max_delay: int) -> List[float]:
    """Delays in the order the waits finish, which is ascending"""
    delays: List[float] = []

    async def one() -> None:
        delays.append(await wait_random(max_delay))

    await asyncio.gather(*(one() for _ in range(n)))
    return delays
