"""0x01 1-concurrent_coroutines.py: wait_n(n, max_delay) runs n waits concurrently."""

import asyncio
import importlib

import pytest
from async_basics.concurrent_coroutines import wait_n

pytestmark = pytest.mark.task("async_basics.wait_n")


def test_the_virtual_clock_tells_sequential_from_concurrent(clock) -> None:
    # The harness itself: awaiting one after the other adds up, gathering takes the longest.
    async def one_by_one() -> None:
        for delay in (3, 1, 2):
            await asyncio.sleep(delay)

    async def gathered() -> None:
        await asyncio.gather(*(asyncio.sleep(delay) for delay in (3, 1, 2)))

    assert clock.timed(one_by_one())[1] == pytest.approx(6.0)
    assert clock.timed(gathered())[1] == pytest.approx(3.0)


@pytest.mark.parametrize(("n", "max_delay"), [(5, 10), (6, 3), (10, 7)])
def test_delays_come_back_ascending_in_the_time_of_the_longest(
    clock, draws, n: int, max_delay: int
) -> None:
    drawn = draws.delays(n, max_delay)
    assert drawn != sorted(drawn)  # drawn out of order: only completion order sorts them
    result, elapsed = clock.timed(wait_n(n, max_delay))
    assert result == pytest.approx(sorted(drawn)), "not the delays in ascending order"
    # Concurrent: the longest delay, not the sum that awaiting one by one would take.
    assert elapsed == pytest.approx(max(drawn)), "the waits did not run concurrently"


def test_zero_max_delay_gives_zeros_at_once(clock, draws) -> None:
    assert clock.timed(wait_n(4, 0)) == ([0.0] * 4, 0.0)


def test_zero_coroutines_give_an_empty_list_at_once(clock, draws) -> None:
    assert clock.timed(wait_n(0, 5)) == ([], 0.0)


def test_does_not_sort(referenced_names) -> None:
    names = referenced_names(importlib.import_module("async_basics.concurrent_coroutines"))
    assert not names & {"sorted", "sort"}, "the order must come from completion, not sorting"
