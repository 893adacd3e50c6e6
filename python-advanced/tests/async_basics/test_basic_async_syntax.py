"""0x01 0-basic_async_syntax.py: wait_random(max_delay=10) sleeps a random delay and returns it."""

import asyncio
import inspect

import pytest
from async_basics.basic_async_syntax import wait_random

pytestmark = pytest.mark.task("async_basics.wait_random")


def test_is_a_coroutine_function() -> None:
    assert inspect.iscoroutinefunction(wait_random)


def test_sleeps_the_random_delay_and_returns_it(clock, sleeps, uniform) -> None:
    uniform.supply([2.5])
    delay, elapsed = clock.timed(wait_random(4))
    assert delay == 2.5
    assert sleeps == [2.5]
    assert elapsed == pytest.approx(2.5)
    assert uniform.calls == [(0, 4)]


def test_max_delay_defaults_to_ten(clock, sleeps, uniform) -> None:
    uniform.supply([7.0])
    assert clock.run(wait_random()) == 7.0
    assert uniform.calls == [(0, 10)]


@pytest.mark.parametrize("max_delay", [0, 1, 3, 10])
def test_real_random_delays_stay_between_zero_and_max_delay(clock, sleeps, max_delay: int) -> None:
    async def twenty_waits() -> list[float]:
        return [await wait_random(max_delay) for _ in range(20)]

    delays, elapsed = clock.timed(twenty_waits())
    assert all(0 <= delay <= max_delay for delay in delays)
    assert sleeps == delays  # each wait slept exactly the delay it reports
    assert elapsed == pytest.approx(sum(delays))


def test_negative_max_delay_is_refused(clock, sleeps) -> None:
    with pytest.raises(ValueError, match="max_delay"):
        clock.run(wait_random(-1))
    assert sleeps == []


def test_the_wait_can_be_cancelled(clock, uniform) -> None:
    # A coroutine that sleeps must stay cancellable: no catching CancelledError.
    uniform.supply([5.0])

    async def cancel_after_one_second() -> bool:
        task = asyncio.ensure_future(wait_random(5))
        await asyncio.sleep(1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return task.cancelled()

    cancelled, elapsed = clock.timed(cancel_after_one_second())
    assert cancelled
    assert elapsed == pytest.approx(1.0)
