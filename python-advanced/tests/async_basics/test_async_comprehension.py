"""0x02 1-async_comprehension.py: async_comprehension() collects the generator's ten values."""

import ast
import importlib
import inspect

import pytest
from async_basics.async_comprehension import async_comprehension

pytestmark = pytest.mark.task("async_basics.async_comprehension")


def test_returns_the_ten_values_in_order_after_ten_seconds(clock, draws) -> None:
    values, elapsed = clock.timed(async_comprehension())
    assert values == pytest.approx(draws.delays(10, 10))
    assert type(values) is list
    assert elapsed == pytest.approx(10.0)
    assert clock.sleeps == [1] * 10


def test_each_call_runs_the_generator_afresh(clock, draws) -> None:
    drawn = draws.delays(20, 10)

    async def twice() -> tuple[list[float], list[float]]:
        return await async_comprehension(), await async_comprehension()

    first, second = clock.run(twice())
    assert (first, second) == (pytest.approx(drawn[:10]), pytest.approx(drawn[10:]))


def test_collects_with_an_async_comprehension() -> None:
    module = importlib.import_module("async_basics.async_comprehension")
    function = next(
        node
        for node in ast.walk(ast.parse(inspect.getsource(module)))
        if isinstance(node, ast.AsyncFunctionDef) and node.name == "async_comprehension"
    )
    comprehensions = [node for node in ast.walk(function) if isinstance(node, ast.comprehension)]
    assert any(node.is_async for node in comprehensions), "no `async for` comprehension"
