"""0x01 3-tasks.py: task_wait_random(max_delay) returns an asyncio.Task."""

import asyncio
import inspect

import pytest
from async_basics.tasks import task_wait_random

pytestmark = pytest.mark.task("async_basics.task_wait_random")


def test_is_a_regular_function() -> None:
    assert not inspect.iscoroutinefunction(task_wait_random)


def test_returns_a_task_that_resolves_to_the_delay(clock, sleeps, uniform) -> None:
    uniform.supply([2.0])

    async def scenario() -> float:
        task = task_wait_random(3)
        assert isinstance(task, asyncio.Task)
        return await task

    delay, elapsed = clock.timed(scenario())
    assert delay == 2.0
    assert elapsed == pytest.approx(2.0)
    assert uniform.calls == [(0, 3)]


def test_tasks_run_from_creation_not_from_await(clock, sleeps, uniform) -> None:
    uniform.supply([3.0, 1.0, 2.0])

    async def scenario() -> list[float]:
        tasks = [task_wait_random(3) for _ in range(3)]
        return [await task for task in tasks]  # awaited one by one, in creation order

    delays, elapsed = clock.timed(scenario())
    assert delays == [3.0, 1.0, 2.0]
    # All three were already running: the longest, 3 s, not 6 s.
    assert elapsed == pytest.approx(3.0)


def test_negative_max_delay_is_refused_at_the_call(clock, sleeps) -> None:
    async def scenario() -> None:
        with pytest.raises(ValueError, match="max_delay"):
            task_wait_random(-1)

    clock.run(scenario())
    assert sleeps == []
