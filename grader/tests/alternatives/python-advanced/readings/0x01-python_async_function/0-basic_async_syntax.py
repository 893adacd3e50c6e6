#!/usr/bin/env python3
"""Basics of async"""
import random
from asyncio import sleep


async def wait_random(max_delay: int = 10) -> float:
    """Wait for a random delay between 0 and max_delay seconds and return it"""
    delay = random.random() * max_delay
    await sleep(delay)
    return delay
