"""0x01 2-measure_runtime.py: measure_time(n, max_delay) is the elapsed time per call."""

import pytest
from async_basics.measure_time import measure_time

pytestmark = pytest.mark.task("async_basics.measure_time")


def test_is_the_total_time_divided_by_n(clock, draws) -> None:
    drawn = draws.delays(5, 5)
    # The five waits overlap: the longest one in all, a fifth of it per call.
    assert measure_time(5, 5) == pytest.approx(max(drawn) / 5), "not the total time divided by n"


def test_a_single_call_is_its_own_delay(clock, draws) -> None:
    [delay] = draws.delays(1, 3)
    assert measure_time(1, 3) == pytest.approx(delay)


def test_zero_max_delay_takes_no_time(clock, draws) -> None:
    assert measure_time(3, 0) == 0.0


def test_runs_its_own_event_loop_and_returns_a_float(clock, draws) -> None:
    # A synchronous function: called outside any loop, it runs wait_n in a loop of its
    # own (here a virtual-time one, so the simulated clock moves by the longest wait).
    drawn = draws.delays(2, 4)
    start = clock.now
    result = measure_time(2, 4)
    assert isinstance(result, float)
    assert result == pytest.approx(max(drawn) / 2)
    assert clock.now - start == pytest.approx(max(drawn))
