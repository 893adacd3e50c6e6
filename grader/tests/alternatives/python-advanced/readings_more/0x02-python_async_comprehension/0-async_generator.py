#!/usr/bin/env python3
"""Async generator"""
import asyncio
from random import random
from typing import AsyncGenerator


async def async_generator() -> AsyncGenerator[float, None]:
    """Yield ten random numbers in [0, 10], one each second"""
    i = 0
    while i < 10:
        await asyncio.sleep(1)
        yield random() * 10
        i += 1
