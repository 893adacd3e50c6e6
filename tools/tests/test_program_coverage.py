"""The program coverage table (tools/program_coverage.py): complete for this repository,
and each of its checks able to fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.manifest import Module, Task, discover
from tools.program_coverage import ProgramTask, coverage_table, load_program, problems

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    return {module.name: module for module in discover(ROOT)}


def demo_module(*tasks: Task) -> dict[str, Module]:
    return {"demo": Module("demo", ROOT, "Demo", "", tasks)}


def task(task_id: str, curriculum: str = "") -> Task:
    return Task(task_id, task_id, 1, ("a.py",), curriculum=curriculum)


def render(program: list[ProgramTask], modules: dict[str, Module]) -> str:
    return coverage_table(
        program, modules, lambda name: f"{name}.md", lambda name, t: f"`{name}:{t.id}`"
    )


def test_every_program_task_is_graded_or_explained(modules: dict[str, Module]) -> None:
    assert problems(load_program(), modules) == []


def test_the_table_has_a_row_per_program_task(modules: dict[str, Module]) -> None:
    program = load_program()
    table = render(program, modules)
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) - table.count("| Program task |") == len(program)
    assert f"{len(program)} program tasks:" in table


def test_a_curriculum_field_finds_its_program_task() -> None:
    program = [ProgramTask("p", "demo", "Add", ("0-add.py",))]
    table = render(program, demo_module(task("add", "0-add.py"), task("other")))
    assert "| Add | `0-add.py` | `demo:add` | yes, with `--against` |" in table
    assert "1 graded on the learner's own file, 0 on this portfolio's layout only" in table


def test_by_names_tasks_graded_on_this_layout_only() -> None:
    program = [ProgramTask("p", "demo", "Views", ("views.py",), by=("api",))]
    table = render(program, demo_module(task("api"), task("add", "views.py")))
    assert "| Views | `views.py` | `demo:api` | no: this layout only |" in table


@pytest.mark.parametrize(
    ("row", "tasks", "problem"),
    [
        (ProgramTask("p", "demo", "T", ("x.py",)), (task("a"),), "no task covers it"),
        (ProgramTask("p", "demo", "T", ("x.py",), by=("gone",)), (task("a"),), "no task gone"),
        (ProgramTask("p", "nowhere", "T", ("x.py",)), (task("a"),), "no module 'nowhere'"),
        (
            ProgramTask("p", "demo", "T", ("x.py",), note="why"),
            (task("a", "x.py"),),
            "covered, yet it has a note",
        ),
        (
            ProgramTask("p", "demo", "T", ("x.py",), note="why"),
            (task("a", "y.py"),),
            "curriculum y.py is no program file",
        ),
    ],
)
def test_problems_are_reported(row: ProgramTask, tasks: tuple[Task, ...], problem: str) -> None:
    found = problems([row], demo_module(*tasks))
    assert any(problem in line for line in found), found


def test_a_row_with_a_note_says_why_it_is_not_graded() -> None:
    program = [ProgramTask("p", "demo", "Run it", ("m/",), note="A step, not code.")]
    assert "| Run it | `m/` | *A step, not code.* | not graded |" in render(
        program, demo_module(task("a"))
    )
