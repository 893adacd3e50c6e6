"""0x01 1-concurrent_coroutines.py: wait_n(n, max_delay) runs n waits concurrently."""

import asyncio
import importlib

import pytest
from async_basics.concurrent_coroutines import wait_n

pytestmark = pytest.mark.task("async_basics.wait_n")

# Delays handed out in an unsorted order, so only completion order can sort them.
UNSORTED = [
    [5.0, 1.0, 4.0, 2.0, 3.0],
    [9.0, 0.5, 7.25, 3.0, 3.0, 0.0],  # ties and a zero delay
    [1.0, 2.0, 3.0, 4.0][::-1],
]


def test_the_virtual_clock_tells_sequential_from_concurrent(clock) -> None:
    # The harness itself: awaiting one after the other adds up, gathering takes the longest.
    async def one_by_one() -> None:
        for delay in (3, 1, 2):
            await asyncio.sleep(delay)

    async def gathered() -> None:
        await asyncio.gather(*(asyncio.sleep(delay) for delay in (3, 1, 2)))

    assert clock.timed(one_by_one())[1] == pytest.approx(6.0)
    assert clock.timed(gathered())[1] == pytest.approx(3.0)


@pytest.mark.parametrize("delays", UNSORTED)
def test_delays_come_back_ascending_in_the_time_of_the_longest(
    clock, sleeps, uniform, delays: list[float]
) -> None:
    uniform.supply(delays)
    result, elapsed = clock.timed(wait_n(len(delays), 10))
    assert result == sorted(delays)
    # Concurrent: the longest delay, not the sum that awaiting one by one would take.
    assert elapsed == pytest.approx(max(delays))
    assert sorted(sleeps) == sorted(delays)
    assert uniform.calls == [(0, 10)] * len(delays)


def test_zero_coroutines_give_an_empty_list_at_once(clock, sleeps) -> None:
    assert clock.timed(wait_n(0, 5)) == ([], 0.0)


def test_does_not_sort(referenced_names) -> None:
    names = referenced_names(importlib.import_module("async_basics.concurrent_coroutines"))
    assert not names & {"sorted", "sort"}, "the order must come from completion, not sorting"


@pytest.mark.parametrize(
    ("n", "max_delay", "named"),
    [(-1, 5, r"\bn\b"), (3, -1, "max_delay"), (-2, -2, r"\bn\b")],
    ids=["negative n", "negative max_delay", "both negative"],
)
def test_negative_arguments_are_refused(clock, sleeps, n: int, max_delay: int, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        clock.run(wait_n(n, max_delay))
    assert sleeps == []
