"""Finding modules and reading their `tasks.toml` manifests, with strict validation."""

from __future__ import annotations

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
}
STARTERS = ("stub", "empty")  # --verify: stub function bodies, or empty the files
REQUIRED_TASK_KEYS = ("id", "title", "points", "files")
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


def discover(root: Path) -> list[Module]:
    """Every top-level folder of `root` that holds a tasks.toml, sorted by name."""
    folders = sorted(p.parent for p in root.glob(f"*/{MANIFEST}"))
    return [load(folder) for folder in folders]


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
    )


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
