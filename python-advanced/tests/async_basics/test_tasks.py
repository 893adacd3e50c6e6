"""0x01 3-tasks.py: task_wait_random(max_delay) returns an asyncio.Task."""

import asyncio
import inspect

import pytest
from async_basics.tasks import task_wait_random

pytestmark = pytest.mark.task("async_basics.task_wait_random")


def test_is_a_regular_function() -> None:
    assert not inspect.iscoroutinefunction(task_wait_random)


def test_returns_a_task_that_resolves_to_the_delay(clock, draws) -> None:
    [expected] = draws.delays(1, 3)

    async def scenario() -> float:
        task = task_wait_random(3)
        assert isinstance(task, asyncio.Task)
        return await task

    delay, elapsed = clock.timed(scenario())
    assert delay == pytest.approx(expected)
    assert elapsed == pytest.approx(expected)


def test_tasks_run_from_creation_not_from_await(clock, draws) -> None:
    drawn = draws.delays(3, 3)

    async def scenario() -> list[float]:
        tasks = [task_wait_random(3) for _ in range(3)]
        return [await task for task in tasks]  # awaited one by one, in creation order

    delays, elapsed = clock.timed(scenario())
    assert delays == pytest.approx(drawn)
    # All three were already running: the longest, not the sum.
    assert elapsed == pytest.approx(max(drawn))
