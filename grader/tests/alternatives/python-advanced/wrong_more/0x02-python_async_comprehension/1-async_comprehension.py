#!/usr/bin/env python3
"""async_comprehension (correct, over a correct generator of its own)"""
import asyncio
import random
from typing import List


async def _numbers():
    for _ in range(10):
        await asyncio.sleep(1)
        yield random.uniform(0, 10)


async def async_comprehension() -> List[float]:
    """The ten numbers"""
    return [number async for number in _numbers()]
