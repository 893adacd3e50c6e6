#!/usr/bin/env python3
"""wait_random (correct: here for 2-measure_runtime.py to import)"""
import asyncio
import random


async def wait_random(max_delay: int = 10) -> float:
    """Wait a random delay and return it"""
    delay = random.uniform(0, max_delay)
    await asyncio.sleep(delay)
    return delay
