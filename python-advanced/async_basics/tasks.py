"""0x01 exercise 3 (3-tasks.py): a regular function that schedules a coroutine as a Task."""

import asyncio

from async_basics.basic_async_syntax import wait_random


def task_wait_random(max_delay: int) -> asyncio.Task[float]:
    """Schedule wait_random(max_delay) on the running event loop and return its Task.

    The Task starts running at the loop's next step, whether or not anyone awaits it.
    Raises ValueError naming max_delay when it is negative, here rather than inside
    the Task, so the caller sees the mistake where it was made.
    """
    if max_delay < 0:
        raise ValueError(f"max_delay must be zero or more, got {max_delay}")
    return asyncio.create_task(wait_random(max_delay))
