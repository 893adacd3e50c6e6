"""0x01 4-tasks.py: task_wait_n(n, max_delay), wait_n built on task_wait_random."""

import importlib
import inspect

import pytest
from async_basics.task_wait_n import task_wait_n

pytestmark = pytest.mark.task("async_basics.task_wait_n")

UNSORTED = [
    [5.0, 1.0, 4.0, 2.0, 3.0],
    [9.0, 0.5, 7.25, 3.0, 3.0, 0.0],
    [4.0, 3.0, 2.0, 1.0],
]


def test_is_a_coroutine_function() -> None:
    assert inspect.iscoroutinefunction(task_wait_n)


@pytest.mark.parametrize("delays", UNSORTED)
def test_delays_come_back_ascending_in_the_time_of_the_longest(
    clock, sleeps, uniform, delays: list[float]
) -> None:
    uniform.supply(delays)
    result, elapsed = clock.timed(task_wait_n(len(delays), 10))
    assert result == sorted(delays)
    assert elapsed == pytest.approx(max(delays))
    assert uniform.calls == [(0, 10)] * len(delays)


def test_zero_tasks_give_an_empty_list_at_once(clock, sleeps) -> None:
    assert clock.timed(task_wait_n(0, 5)) == ([], 0.0)


def test_does_not_sort(referenced_names) -> None:
    names = referenced_names(importlib.import_module("async_basics.task_wait_n"))
    assert not names & {"sorted", "sort"}, "the order must come from completion, not sorting"


@pytest.mark.parametrize(
    ("n", "max_delay", "named"),
    [(-1, 5, r"\bn\b"), (3, -1, "max_delay"), (0, -1, "max_delay")],
    ids=["negative n", "negative max_delay", "no tasks, negative max_delay"],
)
def test_negative_arguments_are_refused(clock, sleeps, n: int, max_delay: int, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        clock.run(task_wait_n(n, max_delay))
    assert sleeps == []
