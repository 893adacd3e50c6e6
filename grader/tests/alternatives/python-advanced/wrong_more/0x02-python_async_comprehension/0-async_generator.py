#!/usr/bin/env python3
"""async_generator yielding before it waits"""
import asyncio
import random
from typing import AsyncGenerator


async def async_generator() -> AsyncGenerator[float, None]:
    """Yield a number, then wait a second"""
    for _ in range(10):
        yield random.uniform(0, 10)
        await asyncio.sleep(1)
