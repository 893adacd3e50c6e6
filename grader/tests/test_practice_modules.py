"""Practice mode on the portfolio's own modules: every task has instructions and a starter
that takes out its own solution alone, and a learner's loop works in every module."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader.manifest import Module, Task, discover
from grader.practice import DONE, Practice
from grader.starter import apply_starter, part_source

REPOSITORY = Path(__file__).resolve().parents[2]
MODULES = discover(REPOSITORY)
TASKS = [(module, task) for module in MODULES for task in module.tasks]


def task_id(case: tuple[Module, Task]) -> str:
    return f"{case[0].name}/{case[1].id}"


@pytest.mark.parametrize("case", TASKS, ids=[task_id(case) for case in TASKS])
def test_instructions_say_what_to_build_in_3_to_10_lines(case: tuple[Module, Task]) -> None:
    _, task = case
    lines = task.instructions.splitlines()
    assert 3 <= len(lines) <= 10, f"{task.id}: {len(lines)} lines of instructions"
    assert all(len(line) <= 88 for line in lines), f"{task.id}: a line is over 88 characters"


@pytest.mark.parametrize("case", TASKS, ids=[task_id(case) for case in TASKS])
def test_a_starter_takes_out_its_own_task_alone(tmp_path: Path, case: tuple[Module, Task]) -> None:
    module, task = case
    for path in {path for other in module.tasks for path in other.files}:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(module.path / path, tmp_path / path)

    apply_starter(tmp_path, task)

    for path, symbol in task.solution_parts:
        assert part_source(tmp_path / path, symbol) != part_source(module.path / path, symbol)
    untouched = [t for t in module.tasks if t not in module.started_with(task)]
    for other in untouched:
        for path, symbol in other.solution_parts:
            before = part_source(module.path / path, symbol)
            assert part_source(tmp_path / path, symbol) == before, f"{other.id} lost {path}"
    for path in tmp_path.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")  # still imports


def first_plain_task(module: Module) -> Task:
    """The first task that runs on the embedded defaults (no service to point at)."""
    return next(task for task in module.tasks if not task.services)


@pytest.mark.parametrize("module", MODULES, ids=[module.name for module in MODULES])
def test_a_learner_does_one_exercise(tmp_path: Path, module: Module) -> None:
    """start, check fails naming the task, the reference back, check passes and is
    recorded, next moves on, reset keeps a backup, solution shows the diff."""
    shown: list[str] = []
    practice = Practice(MODULES, tmp_path, out=shown.append)
    task = first_plain_task(module)
    workspace = tmp_path / module.name

    practice.start(f"{module.name}/{task.id}")
    result = practice.check(None)
    assert result.state in ("failed", "error"), result.message
    assert shown[-4].startswith(f"✗ {task.id} is not done yet")

    for path, _ in task.solution_parts:
        shutil.copyfile(module.path / path, workspace / path)
    result = practice.check(None)
    assert result.state == "passed", result.message
    assert practice.workspace(module).state(task) == DONE

    following = practice.next()
    assert following is not None
    assert following != task
    assert practice.workspace(module).current() == following

    shown.clear()
    backups = practice.reset(f"{module.name}/{task.id}")
    assert backups
    for path, symbol in task.solution_parts:
        assert part_source(workspace / path, symbol) != part_source(module.path / path, symbol)
    practice.solution(f"{module.name}/{task.id}", confirmed=True)
    assert any(line.startswith("--- yours:") for line in "\n".join(shown).splitlines())
