"""0x02 2-measure_runtime.py: four async comprehensions gathered take one run's time."""

import inspect

import pytest
from async_basics.measure_runtime import measure_runtime

pytestmark = pytest.mark.task("async_basics.measure_runtime")


def test_is_a_coroutine_function() -> None:
    assert inspect.iscoroutinefunction(measure_runtime)


def test_four_runs_in_parallel_take_ten_seconds_not_forty(clock, sleeps, uniform) -> None:
    uniform.supply([float(i % 11) for i in range(40)])
    runtime, elapsed = clock.timed(measure_runtime())
    assert runtime == pytest.approx(10.0)
    assert elapsed == pytest.approx(10.0)
    # All four comprehensions really ran: forty one-second sleeps and forty numbers drawn.
    assert sleeps == [1] * 40
    assert len(uniform.calls) == 40
