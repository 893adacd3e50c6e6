"""0x02 exercise 0 (0-async_generator.py): an asynchronous generator."""

import asyncio
import random
from collections.abc import AsyncGenerator


async def async_generator() -> AsyncGenerator[float, None]:
    """Yield ten random numbers between 0 and 10, waiting one second before each."""
    for _ in range(10):
        await asyncio.sleep(1)
        yield random.uniform(0, 10)
