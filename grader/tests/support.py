"""Helpers the grader's tests share: the fixture modules, writing a module, running the
command line in-process and interrupting a watching command."""

from __future__ import annotations

import signal
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from grader.cli import main
from grader.manifest import Module, Task
from grader.scoring import ModuleResult, TaskResult

FIXTURES = Path(__file__).parent / "fixtures"

PYPROJECT = """\
[tool.pytest.ini_options]
testpaths = ["tests"]
pythonpath = ["."]
addopts = "--strict-markers"
markers = ["task(id): graded task", "services(*names): real services needed"]
"""


def write_module(root: Path, name: str, files: dict[str, str]) -> Path:
    """A module folder with a pytest configuration and the given files (dedented)."""
    folder = root / name
    for relative, text in {"pyproject.toml": PYPROJECT, **files}.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def grade(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    """Run the grader's command line in-process: (exit status, stdout, stderr)."""
    status = main([*args, "--root", str(root)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def interrupt_when(command: list[str], cwd: Path, waiting: str) -> tuple[list[str], str, int]:
    """Run a watching command until it prints a line starting with `waiting`, then press
    Ctrl-C: (the lines until then, the rest of its output, its exit status)."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith(waiting):
            break
    process.send_signal(signal.SIGINT)
    rest, _ = process.communicate(timeout=60)
    return lines, rest, process.returncode


def task(task_id: str, points: int = 1, **fields: Any) -> Task:
    """A task of a module that exists only in memory (its files are never read)."""
    return Task(task_id, f"Title of {task_id}", points, ("code.py",), **fields)


def module(name: str, *tasks: Task) -> Module:
    return Module(name=name, path=Path(name), title=name.title(), summary="", tasks=tasks)


def module_result(
    name: str,
    *states: tuple[Task, str, str],
    problems: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
    seconds: float = 1.5,
) -> ModuleResult:
    """A scored module from (task, state, message) triples, without running anything."""
    results = [TaskResult(t, state, message) for t, state, message in states]
    return ModuleResult(
        module(name, *(t for t, _, _ in states)), results, list(problems), seconds, list(notes)
    )


# A test file with every kind of task mark: on the file, a function, a class, a parameter,
# and one computed at run time (last, so the lines above keep their numbers).
TEST_SOURCE = """\
import pytest

pytestmark = pytest.mark.task("demo.file")


def helper():
    pass


@pytest.mark.task("demo.add")
@pytest.mark.parametrize("n", [1, 2])
def test_adds(n):
    pass


class TestGroup:
    pytestmark = pytest.mark.task("demo.group")

    def test_inside(self):
        pass


@pytest.mark.parametrize("x", [pytest.param(1, marks=pytest.mark.task("demo.param"))])
def test_param(x):
    pass


@pytest.mark.task(f"demo.{'computed'}")
def test_computed():
    pass
"""
