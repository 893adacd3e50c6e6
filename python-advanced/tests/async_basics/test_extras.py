"""async_basics.extras: arguments the program never rules on are refused by name.

The program's functions are only called with sensible values. Here a negative delay or
count (and an n of zero for an average) is a ValueError naming the argument, raised
before anything sleeps.
"""

import pytest
from async_basics.basic_async_syntax import wait_random
from async_basics.concurrent_coroutines import wait_n
from async_basics.measure_time import measure_time
from async_basics.task_wait_n import task_wait_n
from async_basics.tasks import task_wait_random

pytestmark = pytest.mark.task("async_basics.extras")


def test_wait_random_refuses_a_negative_max_delay(clock, draws) -> None:
    with pytest.raises(ValueError, match="max_delay"):
        clock.run(wait_random(-1))
    assert clock.sleeps == []


@pytest.mark.parametrize(
    ("n", "max_delay", "named"),
    [(-1, 5, r"\bn\b"), (3, -1, "max_delay"), (-2, -2, r"\bn\b")],
    ids=["negative n", "negative max_delay", "both negative"],
)
def test_wait_n_refuses_negative_arguments(
    clock, draws, n: int, max_delay: int, named: str
) -> None:
    with pytest.raises(ValueError, match=named):
        clock.run(wait_n(n, max_delay))
    assert clock.sleeps == []


@pytest.mark.parametrize(
    ("n", "max_delay", "named"),
    [(0, 5, r"\bn\b"), (-3, 5, r"\bn\b"), (2, -1, "max_delay")],
    ids=["zero n", "negative n", "negative max_delay"],
)
def test_measure_time_refuses_bad_arguments(
    clock, draws, n: int, max_delay: int, named: str
) -> None:
    with pytest.raises(ValueError, match=named):
        measure_time(n, max_delay)
    assert clock.sleeps == []


def test_task_wait_random_refuses_a_negative_max_delay_at_the_call(clock, draws) -> None:
    async def scenario() -> None:
        with pytest.raises(ValueError, match="max_delay"):
            task_wait_random(-1)

    clock.run(scenario())
    assert clock.sleeps == []


@pytest.mark.parametrize(
    ("n", "max_delay", "named"),
    [(-1, 5, r"\bn\b"), (3, -1, "max_delay"), (0, -1, "max_delay")],
    ids=["negative n", "negative max_delay", "no tasks, negative max_delay"],
)
def test_task_wait_n_refuses_negative_arguments(
    clock, draws, n: int, max_delay: int, named: str
) -> None:
    with pytest.raises(ValueError, match=named):
        clock.run(task_wait_n(n, max_delay))
    assert clock.sleeps == []
