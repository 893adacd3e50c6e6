"""The program coverage table of docs/program.md: each program task (tools/program.toml)
and the portfolio tasks that grade it, found from the `curriculum` fields of the
modules' tasks.toml (or named by the program task's `by`). `problems` lists what would
make the table wrong; tools/tests/test_program_coverage.py keeps it empty."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from grader.manifest import Module, Task

PROGRAM = Path(__file__).with_name("program.toml")


@dataclass(frozen=True)
class ProgramTask:
    project: str
    module: str
    title: str
    files: tuple[str, ...]
    by: tuple[str, ...] = ()
    note: str = ""


def load_program(path: Path = PROGRAM) -> list[ProgramTask]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        ProgramTask(
            project=project["name"],
            module=project["module"],
            title=entry["title"],
            files=tuple(entry["files"]),
            by=tuple(entry.get("by", ())),
            note=entry.get("note", ""),
        )
        for project in data["project"]
        for entry in project["tasks"]
    ]


def program_files(task: Task) -> tuple[str, ...]:
    """Where a portfolio task's file sits in a learner's repository, if anywhere."""
    return (task.curriculum, *task.curriculum_also) if task.curriculum else ()


def grades_own_file(task: Task, program_task: ProgramTask) -> bool:
    """Whether `grade --against` runs this task's tests on the learner's file for it."""
    return bool(set(program_files(task)) & set(program_task.files))


def covering(program_task: ProgramTask, module: Module) -> list[Task]:
    if program_task.by:
        return [task for task in module.tasks if task.id in program_task.by]
    return [task for task in module.tasks if grades_own_file(task, program_task)]


def problems(program: list[ProgramTask], modules: dict[str, Module]) -> list[str]:
    """Everything that would leave the table wrong or incomplete."""
    found = []
    for row in program:
        where = f"{row.project}: {row.title}"
        module = modules.get(row.module)
        if module is None:
            found.append(f"{where}: no module {row.module!r}")
            continue
        unknown = sorted(set(row.by) - {task.id for task in module.tasks})
        if unknown:
            found.append(f"{where}: {row.module} has no task {', '.join(unknown)}")
        if covering(row, module) and row.note:
            found.append(f"{where}: covered, yet it has a note saying why it is not")
        if not covering(row, module) and not row.note:
            found.append(f"{where}: no task covers it and no note says why")
    listed = {(row.module, file) for row in program for file in row.files}
    for name, module in modules.items():
        for task in module.tasks:
            if task.curriculum and (name, task.curriculum) not in listed:
                found.append(f"{name} {task.id}: curriculum {task.curriculum} is no program file")
    return found


def coverage_table(
    program: list[ProgramTask],
    modules: dict[str, Module],
    module_page: Callable[[str], str],
    task_link: Callable[[str, Task], str],
) -> str:
    """Markdown: a summary line, then one table per program project. `module_page` gives
    a module's page's URL, `task_link` a task's exercise on it."""
    rows = [(row, covering(row, modules[row.module])) for row in program]
    own = sum(any(grades_own_file(task, row) for task in tasks) for row, tasks in rows)
    ours = sum(bool(tasks) for _, tasks in rows) - own
    lines = [
        f"{len(rows)} program tasks: {own} graded on the learner's own file, {ours} on this "
        f"portfolio's layout only, {len(rows) - own - ours} not graded (each says why).",
    ]
    for project in dict.fromkeys(row.project for row in program):
        project_rows = [(row, tasks) for row, tasks in rows if row.project == project]
        module = project_rows[0][0].module
        lines += [
            "",
            f"### {project}",
            "",
            f"Module: [`{module}`]({module_page(module)}).",
            "",
            "| Program task | Program files | Graded by | On your file |",
            "|---|---|---|---|",
            *(
                _row(row, tasks, [task_link(module, task) for task in tasks])
                for row, tasks in project_rows
            ),
        ]
    return "\n".join(lines) + "\n"


def _row(row: ProgramTask, tasks: list[Task], links: list[str]) -> str:
    files = ", ".join(f"`{file}`" for file in row.files)
    if not tasks:
        return f"| {row.title} | {files} | *{row.note}* | not graded |"
    own = any(grades_own_file(task, row) for task in tasks)
    on_file = "yes, with `--against`" if own else "no: this layout only"
    return f"| {row.title} | {files} | {', '.join(links)} | {on_file} |"
