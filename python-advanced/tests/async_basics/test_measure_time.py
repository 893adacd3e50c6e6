"""0x01 2-measure_runtime.py: measure_time(n, max_delay) is the elapsed time per call."""

import pytest
from async_basics.measure_time import measure_time

pytestmark = pytest.mark.task("async_basics.measure_time")


def test_is_the_total_time_divided_by_n(clock, sleeps, uniform) -> None:
    uniform.supply([3.0, 1.0, 4.0, 1.0, 5.0])
    # The five waits overlap: 5 s in all, 1 s per call (one by one it would be 14 / 5 = 2.8).
    assert measure_time(5, 5) == pytest.approx(1.0)
    assert sorted(sleeps) == [1.0, 1.0, 3.0, 4.0, 5.0]


def test_a_single_call_is_its_own_delay(clock, sleeps, uniform) -> None:
    uniform.supply([2.0])
    assert measure_time(1, 3) == pytest.approx(2.0)


def test_zero_max_delay_takes_no_time(clock, sleeps) -> None:
    assert measure_time(3, 0) == 0.0


def test_runs_its_own_event_loop_with_asyncio_run(clock, sleeps, uniform) -> None:
    # A synchronous function: called outside any loop, it runs wait_n through asyncio.run
    # (here the virtual-time one, so the simulated clock moves by the longest wait).
    uniform.supply([4.0, 2.0])
    start = clock.now
    result = measure_time(2, 4)
    assert isinstance(result, float)
    assert result == pytest.approx(2.0)
    assert clock.now - start == pytest.approx(4.0)


@pytest.mark.parametrize(
    ("n", "max_delay", "named"),
    [(0, 5, r"\bn\b"), (-3, 5, r"\bn\b"), (2, -1, "max_delay")],
    ids=["zero n", "negative n", "negative max_delay"],
)
def test_bad_arguments_are_refused(clock, sleeps, n: int, max_delay: int, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        measure_time(n, max_delay)
    assert sleeps == []
