"""Starters: function bodies removed, everything a test imports kept."""

from __future__ import annotations

import asyncio
import textwrap
import types
from pathlib import Path

import pytest

from grader.starter import make_starter, python_starter

SOLUTION = textwrap.dedent(
    '''
    """A solved exercise."""
    import functools
    from typing import TypeVar

    T = TypeVar("T")
    pi: float = 3.14


    def add(a: float, b: float = 1.0) -> float:
        """Add."""
        def helper():
            return a
        return a + b


    async def wait(delay: float) -> float:
        await asyncio.sleep(delay)
        return delay


    class Shape:
        sides: int = 4

        @functools.cached_property
        def area(self) -> float:
            return 1.0

        @staticmethod
        def describe() -> str:
            return "shape"
    '''
)


def load(source: str) -> types.ModuleType:
    module = types.ModuleType("starter_under_test")
    exec(compile(source, "<starter>", "exec"), module.__dict__)
    return module


@pytest.fixture
def starter() -> types.ModuleType:
    return load(python_starter(SOLUTION))


def test_the_solution_itself_works() -> None:
    solved = load(SOLUTION.replace('"""A solved', 'import asyncio\n"""A solved'))
    assert solved.add(2, 3) == 5
    assert asyncio.run(solved.wait(0)) == 0


def test_module_level_names_and_imports_stay(starter: types.ModuleType) -> None:
    assert starter.pi == 3.14
    assert starter.Shape.sides == 4
    assert starter.functools.__name__ == "functools"


def test_function_and_method_bodies_raise(starter: types.ModuleType) -> None:
    with pytest.raises(NotImplementedError):
        starter.add(2, 3)
    with pytest.raises(NotImplementedError):
        starter.Shape.describe()
    with pytest.raises(NotImplementedError):
        _ = starter.Shape().area
    with pytest.raises(NotImplementedError):
        asyncio.run(starter.wait(0))


def test_signatures_and_decorators_stay(starter: types.ModuleType) -> None:
    assert starter.add.__annotations__ == {"a": "float", "b": "float", "return": "float"}
    assert starter.add.__defaults__ == (1.0,)
    assert isinstance(starter.Shape.__dict__["describe"], staticmethod)
    assert "helper" not in python_starter(SOLUTION)


def test_unparsable_python_becomes_empty() -> None:
    assert python_starter("def broken(:\n") == ""


def test_other_files_become_empty(tmp_path: Path) -> None:
    script = tmp_path / "query.sql"
    script.write_text("SELECT 1;\n")
    make_starter(script)
    assert script.read_bytes() == b""


def test_an_empty_starter_empties_python_too(tmp_path: Path) -> None:
    constants = tmp_path / "define_variables.py"
    constants.write_text("a: int = 1\n")
    make_starter(constants, "empty")
    assert constants.read_bytes() == b""


def test_python_files_are_rewritten_in_place(tmp_path: Path) -> None:
    code = tmp_path / "code.py"
    code.write_text(SOLUTION)
    make_starter(code)
    assert code.read_text() == python_starter(SOLUTION)
    assert "return a + b" not in code.read_text()
