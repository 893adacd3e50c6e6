"""0x01 exercise 0 (0-basic_async_syntax.py): a coroutine that waits a random delay."""

import asyncio
import random


async def wait_random(max_delay: int = 10) -> float:
    """Wait a random delay between 0 and max_delay seconds, and return that delay.

    Raises ValueError naming max_delay when it is negative.
    """
    if max_delay < 0:
        raise ValueError(f"max_delay must be zero or more, got {max_delay}")
    delay = random.uniform(0, max_delay)
    await asyncio.sleep(delay)
    return delay
