"""0x02 2-measure_runtime.py: four async comprehensions gathered take one run's time."""

import inspect

import pytest
from async_basics.measure_runtime import measure_runtime

pytestmark = pytest.mark.task("async_basics.measure_runtime")


def test_is_a_coroutine_function() -> None:
    assert inspect.iscoroutinefunction(measure_runtime)


def test_four_runs_in_parallel_take_ten_seconds_not_forty(clock, draws) -> None:
    runtime, elapsed = clock.timed(measure_runtime())
    assert elapsed == pytest.approx(10.0), "the four comprehensions did not run in parallel"
    assert runtime == pytest.approx(10.0), "not the time the four runs took"
    # All four comprehensions really ran: forty one-second sleeps.
    assert clock.sleeps == [1] * 40
