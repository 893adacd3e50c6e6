"""0x02 0-async_generator.py: async_generator() yields ten random numbers, one per second."""

import asyncio
import inspect

import pytest
from async_basics.async_generator import async_generator

pytestmark = pytest.mark.task("async_basics.async_generator")


def test_is_an_async_generator_function() -> None:
    assert inspect.isasyncgenfunction(async_generator)


def test_yields_ten_values_each_after_a_one_second_sleep(clock, draws) -> None:
    async def timestamped() -> list[tuple[float, float]]:
        loop = asyncio.get_running_loop()
        start = loop.time()
        return [(value, loop.time() - start) async for value in async_generator()]

    received = clock.run(timestamped())
    assert [value for value, _ in received] == pytest.approx(draws.delays(10, 10))
    # Waiting before each yield: the first value arrives after 1 s, the last after 10 s.
    assert [at for _, at in received] == pytest.approx([1.0 * i for i in range(1, 11)]), (
        "not one value a second, each after its one-second wait"
    )
    assert clock.sleeps == [1] * 10


def test_is_lazy(clock, draws) -> None:
    async def first_three() -> list[float]:
        generator = async_generator()
        taken = [await anext(generator) for _ in range(3)]
        await generator.aclose()
        return taken

    taken, elapsed = clock.timed(first_three())
    assert taken == pytest.approx(draws.delays(3, 10))
    assert elapsed == pytest.approx(3.0)  # no second slept ahead of time


def test_values_are_floats_between_0_and_10(clock, draws) -> None:
    async def collect() -> list[float]:
        return [value async for value in async_generator()]

    values = clock.run(collect())
    assert len(values) == 10
    assert all(isinstance(value, float) and 0 <= value <= 10 for value in values)
