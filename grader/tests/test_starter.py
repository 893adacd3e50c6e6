"""Starters: a task's solution taken out as text, everything else kept as written."""

from __future__ import annotations

import asyncio
import textwrap
import types
from pathlib import Path

import pytest

from grader.manifest import Task
from grader.starter import apply_starter, stub_python

SOLUTION = textwrap.dedent(
    '''
    """A solved exercise."""
    import functools
    from typing import TypeVar

    T = TypeVar("T")
    pi: float = 3.14


    def add(a: float, b: float = 1.0) -> float:
        """Add."""
        # keep a and b as given
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


    def one_liner(x): return x
    '''
)


def load(source: str) -> types.ModuleType:
    module = types.ModuleType("starter_under_test")
    exec(compile(source, "<starter>", "exec"), module.__dict__)
    return module


RAISE = "raise NotImplementedError('demo.task: Demo')"


@pytest.fixture
def starter() -> types.ModuleType:
    return load(stub_python(SOLUTION, [""], RAISE))


def task(files: list[str], **fields: object) -> Task:
    return Task(id="demo.task", title="Demo", points=1, files=tuple(files), **fields)


def test_the_solution_itself_works() -> None:
    solved = load(SOLUTION.replace('"""A solved', 'import asyncio\n"""A solved'))
    assert solved.add(2, 3) == 5
    assert asyncio.run(solved.wait(0)) == 0


def test_module_level_names_and_imports_stay(starter: types.ModuleType) -> None:
    assert starter.pi == 3.14
    assert starter.Shape.sides == 4
    assert starter.functools.__name__ == "functools"


def test_function_and_method_bodies_raise_naming_the_task(starter: types.ModuleType) -> None:
    for call in (
        lambda: starter.add(2, 3),
        starter.Shape.describe,
        lambda: starter.Shape().area,
        lambda: asyncio.run(starter.wait(0)),
        lambda: starter.one_liner(1),
    ):
        with pytest.raises(NotImplementedError, match=r"^demo\.task: Demo$"):
            call()


def test_signatures_decorators_and_docstrings_stay(starter: types.ModuleType) -> None:
    assert starter.add.__annotations__ == {"a": "float", "b": "float", "return": "float"}
    assert starter.add.__defaults__ == (1.0,)
    assert starter.add.__doc__ == "Add."
    assert isinstance(starter.Shape.__dict__["describe"], staticmethod)


def test_the_body_goes_with_its_comments_the_rest_stays_as_written() -> None:
    text = stub_python(SOLUTION, [""], RAISE)
    assert "helper" not in text
    assert "keep a and b" not in text
    assert text.startswith(SOLUTION.split("def add")[0])  # imports, comments, layout


def test_a_named_function_or_method_alone_is_replaced() -> None:
    solved = load(stub_python(SOLUTION, ["Shape.describe"], RAISE))
    assert solved.Shape().area == 1.0
    with pytest.raises(NotImplementedError):
        solved.Shape.describe()
    with pytest.raises(NotImplementedError):
        load(stub_python(SOLUTION, ["add"], RAISE)).add(1, 2)


def test_a_named_class_loses_its_method_bodies_keeps_its_attributes() -> None:
    solved = load(stub_python(SOLUTION, ["Shape"], RAISE))
    assert solved.Shape.sides == 4
    with pytest.raises(NotImplementedError):
        solved.Shape.describe()


def test_a_file_that_does_not_parse_gets_the_instructions(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("def broken(:\n")
    apply_starter(tmp_path, task(["broken.py"], instructions="Fix it."))
    assert (tmp_path / "broken.py").read_text() == "# demo.task: Demo\n#\n# Fix it.\n"


@pytest.mark.parametrize(
    ("name", "original", "expected"),
    [
        ("query.sql", "SELECT 1;\n", "-- demo.task: Demo\n--\n-- Write the query.\n"),
        (
            "run.sh",
            "#!/bin/sh\necho hi\n",
            "#!/bin/sh\n# demo.task: Demo\n#\n# Write the query.\n",
        ),
        ("erd.md", "# ERD\n", "<!--\ndemo.task: Demo\n\nWrite the query.\n-->\n"),
        ("compose.yaml", "services: {}\n", "# demo.task: Demo\n#\n# Write the query.\n"),
        ("Jenkinsfile", "pipeline {}\n", "// demo.task: Demo\n//\n// Write the query.\n"),
    ],
)
def test_other_files_become_the_instructions_as_comments(
    tmp_path: Path, name: str, original: str, expected: str
) -> None:
    (tmp_path / name).write_text(original)
    apply_starter(tmp_path, task([name], instructions="Write the query."))
    assert (tmp_path / name).read_text() == expected


def test_a_comments_starter_replaces_a_python_data_file(tmp_path: Path) -> None:
    (tmp_path / "define_variables.py").write_text("a: int = 1\n")
    apply_starter(
        tmp_path, task(["define_variables.py"], starter="comments", instructions="Set a.")
    )
    assert (tmp_path / "define_variables.py").read_text() == "# demo.task: Demo\n#\n# Set a.\n"


def test_only_the_named_parts_of_a_shared_file_change(tmp_path: Path) -> None:
    (tmp_path / "code.py").write_text(SOLUTION)
    (tmp_path / "other.py").write_text(SOLUTION)
    apply_starter(tmp_path, task(["code.py", "other.py"], solution=("code.py:add",)))
    assert (tmp_path / "other.py").read_text() == SOLUTION
    changed = (tmp_path / "code.py").read_text()
    assert changed == SOLUTION.replace(
        SOLUTION[SOLUTION.index("    # keep") : SOLUTION.index("\n\n\nasync")],
        "    " + RAISE,
    )
