#!/usr/bin/env python3
"""wait_random"""
import asyncio
from random import uniform


async def wait_random(max_delay: int = 10) -> float:
    """Sleep a random time up to max_delay and return it"""
    wait = uniform(0, max_delay)
    await asyncio.sleep(wait)
    return wait
