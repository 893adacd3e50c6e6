"""0x01 4-tasks.py: task_wait_n(n, max_delay), wait_n built on task_wait_random."""

import importlib
import inspect

import pytest
from async_basics.task_wait_n import task_wait_n

pytestmark = pytest.mark.task("async_basics.task_wait_n")


def test_is_a_coroutine_function() -> None:
    assert inspect.iscoroutinefunction(task_wait_n)


@pytest.mark.parametrize(("n", "max_delay"), [(5, 10), (6, 3), (10, 7)])
def test_delays_come_back_ascending_in_the_time_of_the_longest(
    clock, draws, n: int, max_delay: int
) -> None:
    drawn = draws.delays(n, max_delay)
    assert drawn != sorted(drawn)
    result, elapsed = clock.timed(task_wait_n(n, max_delay))
    assert result == pytest.approx(sorted(drawn)), "not the delays in ascending order"
    assert elapsed == pytest.approx(max(drawn)), "the tasks did not run concurrently"


def test_zero_tasks_give_an_empty_list_at_once(clock, draws) -> None:
    assert clock.timed(task_wait_n(0, 5)) == ([], 0.0)


def test_does_not_sort(referenced_names) -> None:
    names = referenced_names(importlib.import_module("async_basics.task_wait_n"))
    assert not names & {"sorted", "sort"}, "the order must come from completion, not sorting"
