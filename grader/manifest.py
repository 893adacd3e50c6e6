"""Finding modules and reading their `tasks.toml` manifests, with strict validation."""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "tasks.toml"
SERVICES = frozenset({"mysql", "postgres", "redis", "rabbitmq"})
TASK_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")

TOP_KEYS = {"module": dict, "task": list}
MODULE_KEYS = {"title": str, "summary": str}
TASK_KEYS = {
    "id": str,
    "title": str,
    "points": int,
    "files": list,
    "curriculum": str,
    "curriculum_also": list,
    "hint": str,
    "services": list,
    "starter": str,
    "solution": list,
    "builds_on": list,
    "instructions": str,
}
# How a task's whole files start: Python bodies that raise, or (for a file whose solution
# is data, and for every file that is not Python) the task's instructions as comments.
STARTERS = ("stub", "comments")
REQUIRED_TASK_KEYS = ("id", "title", "points", "files")
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
TYPE_NAMES = {str: "string", int: "whole number", list: "list", dict: "table"}


class ManifestError(Exception):
    """A tasks.toml that cannot be graded; the message names the file and the task."""


@dataclass(frozen=True)
class Task:
    id: str
    title: str
    points: int
    files: tuple[str, ...]
    curriculum: str = ""
    curriculum_also: tuple[str, ...] = ()  # other places learners' repositories keep it
    hint: str = ""
    services: tuple[str, ...] = ()
    starter: str = "stub"
    # What the learner writes: "path" (the whole file) or "path:name" (a function, a
    # class's methods, or "Class.method"); by default every file of the task.
    solution: tuple[str, ...] = ()
    builds_on: tuple[str, ...] = ()  # tasks whose solution this one's tests use
    instructions: str = ""

    @property
    def solution_parts(self) -> tuple[tuple[str, str], ...]:
        """(path, symbol) pairs; the symbol is "" for a whole file."""
        entries = self.solution or self.files
        return tuple((entry.partition(":")[0], entry.partition(":")[2]) for entry in entries)


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    title: str
    summary: str
    tasks: tuple[Task, ...]

    @property
    def points(self) -> int:
        return sum(task.points for task in self.tasks)

    def task(self, task_id: str) -> Task | None:
        return next((task for task in self.tasks if task.id == task_id), None)

    def started_with(self, task: Task) -> tuple[Task, ...]:
        """The tasks that cannot pass while `task` is started: itself, those whose solution
        overlaps its own, and those that build on one of these. One step, not a closure:
        `builds_on` names every task whose solution a task's tests use, directly or
        through other code."""
        taken = {other.id for other in self.tasks if overlaps(task, other)}
        return tuple(t for t in self.tasks if t.id in taken or taken.intersection(t.builds_on))


def overlaps(first: Task, second: Task) -> bool:
    """Whether two tasks' solutions share a part: a whole file, or a definition (a class
    holds its methods)."""
    return any(
        path == other_path and _nested(symbol, other_symbol)
        for path, symbol in first.solution_parts
        for other_path, other_symbol in second.solution_parts
    )


def _nested(symbol: str, other: str) -> bool:
    """ "" is the whole file; "A" holds "A.method"."""
    return (
        not symbol
        or not other
        or f"{symbol}.".startswith(f"{other}.")
        or f"{other}.".startswith(f"{symbol}.")
    )


def module_folders(root: Path) -> list[Path]:
    """What a module is, for the grader, CI (tools/ci_matrix.py, .ci/run) and the docs
    hooks alike: a top-level folder of `root`, not hidden, holding a tasks.toml. Sorted
    by name."""
    return sorted(
        path.parent
        for path in root.glob(f"*/{MANIFEST}")
        if path.is_file() and not path.parent.name.startswith(".")
    )


def discover(root: Path) -> list[Module]:
    """Every module of `root` (see `module_folders`), its manifest loaded and checked."""
    return [load(folder) for folder in module_folders(root)]


def load(folder: Path) -> Module:
    where = f"{folder.name}/{MANIFEST}"
    try:
        data = tomllib.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ManifestError(f"{where}: not valid TOML: {error}") from None

    _reject_unknown(data, TOP_KEYS, where)
    _check_types(data, TOP_KEYS, where)
    header = data.get("module")
    if header is None:
        raise ManifestError(f"{where}: missing [module] table with a title")
    _reject_unknown(header, MODULE_KEYS, f"{where}: [module]")
    _check_types(header, MODULE_KEYS, f"{where}: [module]")
    if "title" not in header:
        raise ManifestError(f"{where}: [module]: missing key 'title'")

    entries = data.get("task", [])
    tasks = [_task(entry, folder, where, index) for index, entry in enumerate(entries)]
    seen: set[str] = set()
    for task in tasks:
        if task.id in seen:
            raise ManifestError(f"{where}: duplicate task id '{task.id}'")
        seen.add(task.id)
    for task in tasks:
        unknown = [name for name in task.builds_on if name not in seen or name == task.id]
        if unknown:
            raise ManifestError(
                f"{where}: task '{task.id}': builds_on names '{unknown[0]}', "
                "not another task of this module"
            )
    return Module(
        name=folder.name,
        path=folder,
        title=header["title"],
        summary=header.get("summary", ""),
        tasks=tuple(tasks),
    )


def _task(entry: object, folder: Path, where: str, index: int) -> Task:
    if not isinstance(entry, dict):
        raise ManifestError(f"{where}: [[task]] number {index + 1} is not a table")
    label = f"{where}: task '{entry.get('id', f'number {index + 1}')}'"
    _reject_unknown(entry, TASK_KEYS, label)
    for key in REQUIRED_TASK_KEYS:
        if key not in entry:
            raise ManifestError(f"{label}: missing key '{key}'")
    _check_types(entry, TASK_KEYS, label)

    if not TASK_ID.match(entry["id"]):
        raise ManifestError(f"{label}: id must look like 'unit.exercise' (lower case, dotted)")
    if isinstance(entry["points"], bool) or entry["points"] < 1:
        raise ManifestError(f"{label}: points must be a positive whole number")
    files = entry["files"]
    if not files or not all(isinstance(name, str) for name in files):
        raise ManifestError(f"{label}: files must be a non-empty list of paths")
    for name in files:
        if not _inside(folder, name):
            raise ManifestError(f"{label}: file '{name}' is outside the module")
        if not (folder / name).is_file():
            raise ManifestError(f"{label}: file '{name}' does not exist")
    services = entry.get("services", [])
    unknown = sorted(set(map(str, services)) - SERVICES)
    if unknown:
        raise ManifestError(
            f"{label}: unknown service {unknown[0]!r} (known: {', '.join(sorted(SERVICES))})"
        )
    also = entry.get("curriculum_also", [])
    if also and (not entry.get("curriculum") or not all(isinstance(path, str) for path in also)):
        raise ManifestError(f"{label}: curriculum_also must be paths beside a curriculum")
    starter = entry.get("starter", "stub")
    if starter not in STARTERS:
        raise ManifestError(f"{label}: starter must be one of {', '.join(STARTERS)}")
    solution = entry.get("solution", [])
    for part in solution:
        problem = _solution_problem(folder, files, part)
        if problem:
            raise ManifestError(f"{label}: solution {part!r}: {problem}")
    builds_on = entry.get("builds_on", [])
    if not all(isinstance(name, str) for name in builds_on):
        raise ManifestError(f"{label}: builds_on must be a list of task ids")
    return Task(
        id=entry["id"],
        title=entry["title"],
        points=entry["points"],
        files=tuple(files),
        curriculum=entry.get("curriculum", ""),
        curriculum_also=tuple(also),
        hint=entry.get("hint", ""),
        services=tuple(services),
        starter=starter,
        solution=tuple(solution),
        builds_on=tuple(builds_on),
        instructions=entry.get("instructions", "").strip(),
    )


def _solution_problem(folder: Path, files: list[str], part: object) -> str | None:
    """Why a `solution` entry is wrong ("path" or "path:name" in one of the task's files)."""
    if not isinstance(part, str):
        return "must be a string"
    path, _, symbol = part.partition(":")
    if path not in files:
        return "names a file that is not among the task's files"
    if not symbol:
        return None
    if not path.endswith(".py"):
        return "a name can only be given in a Python file"
    if find_definition(folder / path, symbol) is None:
        return f"{path} defines no function or class '{symbol}'"
    return None


def find_definition(
    path: Path, symbol: str
) -> ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | None:
    """The definition `symbol` ("name" or "Class.method") names in a Python file, or None."""
    try:
        scope: list[ast.stmt] = ast.parse(path.read_text(encoding="utf-8")).body
    except (SyntaxError, UnicodeDecodeError, OSError):
        return None
    node = None
    for name in symbol.split("."):
        node = next((n for n in scope if isinstance(n, DEFINITIONS) and n.name == name), None)
        if node is None:
            return None
        scope = node.body
    return node


def _reject_unknown(table: dict, known: dict, label: str) -> None:
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise ManifestError(f"{label}: unknown key '{unknown[0]}' (known: {', '.join(known)})")


def _check_types(table: dict, types: dict, label: str) -> None:
    for key, expected in types.items():
        if key in table and not isinstance(table[key], expected):
            raise ManifestError(f"{label}: '{key}' must be a {TYPE_NAMES[expected]}")


def _inside(folder: Path, name: str) -> bool:
    return (folder / name).resolve().is_relative_to(folder.resolve())
