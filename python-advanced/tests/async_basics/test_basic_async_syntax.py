"""0x01 0-basic_async_syntax.py: wait_random(max_delay=10) sleeps a random delay and returns it."""

import asyncio
import inspect

import pytest
from async_basics.basic_async_syntax import wait_random

pytestmark = pytest.mark.task("async_basics.wait_random")


def test_is_a_coroutine_function() -> None:
    assert inspect.iscoroutinefunction(wait_random)


def test_sleeps_the_random_delay_and_returns_it(clock, draws) -> None:
    [expected] = draws.delays(1, 4)
    delay, elapsed = clock.timed(wait_random(4))
    assert delay == pytest.approx(expected)
    assert clock.sleeps == [delay]
    assert elapsed == pytest.approx(delay)


def test_max_delay_defaults_to_ten(clock, draws) -> None:
    [expected] = draws.delays(1, 10)
    assert clock.run(wait_random()) == pytest.approx(expected)


@pytest.mark.parametrize("max_delay", [0, 1, 3, 10])
def test_delays_stay_between_zero_and_max_delay(clock, draws, max_delay: int) -> None:
    async def twenty_waits() -> list[float]:
        return [await wait_random(max_delay) for _ in range(20)]

    delays, elapsed = clock.timed(twenty_waits())
    assert delays == pytest.approx(draws.delays(20, max_delay))
    assert all(isinstance(delay, float) and 0 <= delay <= max_delay for delay in delays)
    assert elapsed == pytest.approx(sum(delays))  # each wait slept the delay it reports


def test_the_wait_can_be_cancelled(clock, draws) -> None:
    # A coroutine that sleeps must stay cancellable: no catching CancelledError.
    [delay] = draws.delays(1, 5)

    async def cancel_halfway() -> bool:
        task = asyncio.ensure_future(wait_random(5))
        await asyncio.sleep(delay / 2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return task.cancelled()

    cancelled, elapsed = clock.timed(cancel_halfway())
    assert cancelled
    assert elapsed == pytest.approx(delay / 2)
