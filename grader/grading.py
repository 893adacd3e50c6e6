"""Grading modules in parallel, the starter check (`--verify`) and watch mode.

Nothing here prints: `grade` and `verify` return their results and report what happens
along the way as events to a listener (grader/display.py renders them, the CLI wires
the two together).
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from grader.manifest import Module, Task
from grader.runner import module_environment, run_pytest
from grader.scoring import (
    ERROR,
    FAILED,
    MISSING,
    NOT_APPLICABLE,
    PASSED,
    SKIPPED,
    ModuleResult,
    TaskResult,
    run_failure,
    score_module,
    score_task,
)
from grader.starter import apply_starter

# Generated files a module may hold: never copied for --verify, never watched.
IGNORED = (
    ".venv",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    "node_modules",
    "site",
    "*.pyc",
    "*.sqlite3",
    "*.log",
)


@dataclass(frozen=True)
class ModuleStarted:
    module: str


@dataclass(frozen=True)
class ModuleProgress:
    """A module's run so far: `finished` of the `collected` tests reported."""

    module: str
    finished: int
    collected: int


@dataclass(frozen=True)
class ModuleGraded:
    result: ModuleResult


@dataclass(frozen=True)
class ModuleVerified:
    module: str
    verdicts: tuple[Verdict, ...]


Event = ModuleStarted | ModuleProgress | ModuleGraded | ModuleVerified
# Called with each event, one call at a time even though modules run in parallel.
Listener = Callable[[Event], object]


def _ignore(_event: Event) -> None:
    return None


def _one_at_a_time(listener: Listener) -> Listener:
    lock = threading.Lock()

    def serialised(event: Event) -> None:
        with lock:
            listener(event)

    return serialised


@dataclass(frozen=True)
class Job:
    """One module to run: all its tasks, or only those named with --task."""

    module: Module
    tasks: tuple[Task, ...]
    only_named: bool = False

    @property
    def task_filter(self) -> tuple[str, ...]:
        return tuple(task.id for task in self.tasks) if self.only_named else ()


def grade(
    jobs: list[Job],
    *,
    strict: bool,
    timeout: float,
    workers: int,
    against: Path | None = None,
    on_event: Listener = _ignore,
) -> list[ModuleResult]:
    """Run every job's module (in parallel) and score it. With `against`, each module is
    graded on the files of another implementation of it (see `place_peer_files`).
    `on_event` hears each module start, its tests finish and its result."""
    emit = _one_at_a_time(on_event)

    def one(job: Job) -> ModuleResult:
        emit(ModuleStarted(job.module.name))
        if against is None:
            result = _grade_folder(job, job.module.path, strict, timeout, emit)
        else:
            with tempfile.TemporaryDirectory(prefix="grader-against-") as scratch:
                result = _grade_against(job, against, Path(scratch), strict, timeout, emit)
        emit(ModuleGraded(result))
        return result

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, jobs))


def _grade_against(
    job: Job, peer: Path, scratch: Path, strict: bool, timeout: float, emit: Listener
) -> ModuleResult:
    copy = _copy_module(job.module, scratch)
    placement = place_peer_files(copy, job.tasks, peer, scratch / "peer")
    present = Job(job.module, tuple(placement.files), only_named=True)
    result = _grade_folder(present, copy, strict, timeout, emit, placement)
    result.tasks = _in_order(job.tasks, result.tasks + list(placement.unplaced.values()))
    return result


def _grade_folder(
    job: Job,
    folder: Path,
    strict: bool,
    timeout: float,
    emit: Listener,
    placement: Placement | None = None,
) -> ModuleResult:
    name = job.module.name
    environment = module_environment(name)
    if placement is not None:
        environment.update(placement.environment(job.module, environment))
    run = run_pytest(
        folder,
        environment=environment,
        task_ids=job.task_filter,
        watch=placement.files.values() if placement else (),
        timeout=timeout,
        progress=lambda finished, collected: emit(ModuleProgress(name, finished, collected)),
    )
    graded_files = placement.files if placement else None
    return score_module(
        job.module, job.tasks, run, strict=strict, timeout=timeout, graded_files=graded_files
    )


@dataclass
class Placement:
    """Another implementation's files, placed in a copy of a module for `--against`."""

    files: dict[Task, Path] = field(default_factory=dict)  # the file under grading, in the copy
    unplaced: dict[Task, TaskResult] = field(default_factory=dict)  # missing, not applicable
    import_paths: list[Path] = field(default_factory=list)  # the peer's folders, importable

    def environment(self, module: Module, base: dict[str, str]) -> dict[str, str]:
        """PYTHONPATH ends with the peer's folders, after the module's own packages, and
        GRADER_REFERENCE names the untouched module for tests that need our own code."""
        paths = [base.get("PYTHONPATH", ""), *map(str, self.import_paths)]
        return {
            "PYTHONPATH": os.pathsep.join(path for path in paths if path),
            "GRADER_REFERENCE": str(module.path.resolve()),
        }


def place_peer_files(copy: Path, tasks: tuple[Task, ...], peer: Path, imports: Path) -> Placement:
    """Put the other implementation's file for each task over the task's first file.

    The file named by the task's `curriculum` (a path inside `peer`, or the first of its
    `curriculum_also` paths that exists) replaces the task's first file; nothing else in
    the copy changes, so no other task's tests see a difference. The folders holding
    those files are copied under `imports` for PYTHONPATH, so that the peer's files
    import each other as they do at home (`__import__('0-basic_async_syntax')`).
    A task with no curriculum is the portfolio's own (not applicable); one whose file is
    not in `peer` is missing.
    """
    placement = Placement()
    folders: set[Path] = set()
    for task in tasks:
        if not task.curriculum:
            reason = "the portfolio's own exercise: the program has no file for it"
            placement.unplaced[task] = TaskResult(task, NOT_APPLICABLE, reason)
            continue
        places = (task.curriculum, *task.curriculum_also)
        found = next((place for place in places if (peer / place).is_file()), None)
        if found is None:
            placement.unplaced[task] = TaskResult(
                task, MISSING, f"not found: {' or '.join(places)}"
            )
            continue
        target = copy / task.files[0]
        shutil.copyfile(peer / found, target)
        placement.files[task] = target
        folders.add(Path(found).parent)
    for folder in sorted(folders):
        placement.import_paths.append(_copy_files(peer / folder, imports / folder))
    return placement


def _copy_files(source: Path, target: Path) -> Path:
    """The files directly in `source` (not its subfolders), copied to `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.is_file() and not _is_ignored(path.name):
            shutil.copyfile(path, target / path.name)
    return target


def _in_order(tasks: tuple[Task, ...], results: list[TaskResult]) -> list[TaskResult]:
    by_task = {result.task: result for result in results}
    return [by_task[task] for task in tasks]


def _copy_module(module: Module, scratch: Path) -> Path:
    copy = scratch / module.name
    shutil.copytree(module.path, copy, ignore=_ignored_names)
    return copy


@dataclass(frozen=True)
class Verdict:
    """What a task's tests did with its solution replaced by its starter, and what the
    tasks sharing its files did beside it."""

    module: str
    task: Task
    state: str  # the task's state on the starter
    message: str
    tested: bool  # at least one of its tests ran
    broken: tuple[TaskResult, ...] = ()  # neighbours that should pass and did not

    @property
    def caught(self) -> bool:
        """Its tests ran and failed on the starter, as meaningful tests do, and no other
        task lost its solution to that starter."""
        return self.tested and self.state in (FAILED, ERROR) and not self.broken

    def ok(self, strict: bool) -> bool:
        return self.caught or (self.state == SKIPPED and not strict and not self.broken)


def verify(
    jobs: list[Job], *, timeout: float, workers: int, on_event: Listener = _ignore
) -> list[Verdict]:
    """For each task, in a copy of its module, run its tests against its starter, and the
    tests of the tasks that share a file with it, which must still pass.

    Tasks of one module run one after another in one copy (they may share a test
    database); modules run in parallel. `on_event` hears each module's verdicts.
    """
    emit = _one_at_a_time(on_event)

    def one(job: Job) -> list[Verdict]:
        with tempfile.TemporaryDirectory(prefix="grader-verify-") as scratch:
            copy = _copy_module(job.module, Path(scratch))
            verdicts = [_verify_task(job.module, copy, task, timeout) for task in job.tasks]
        emit(ModuleVerified(job.module.name, tuple(verdicts)))
        return verdicts

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [verdict for verdicts in pool.map(one, jobs) for verdict in verdicts]


def neighbours(module: Module, task: Task) -> list[Task]:
    """The tasks that share a file with `task` and must pass while it is started."""
    files = set(task.files)
    expected = module.started_with(task)
    return [t for t in module.tasks if files.intersection(t.files) and t not in expected]


def _verify_task(module: Module, copy: Path, task: Task, timeout: float) -> Verdict:
    originals = {name: (copy / name).read_bytes() for name in task.files}
    others = neighbours(module, task)
    try:
        apply_starter(copy, task)
        run = run_pytest(
            copy,
            environment=module_environment(module.name),
            task_ids=[task.id, *(other.id for other in others)],
            timeout=timeout,
        )
    finally:
        for name, content in originals.items():
            (copy / name).write_bytes(content)
    failure = run_failure(run, timeout)
    result = score_task(task, run, failure=failure, strict=False)
    tested = any(test.outcome is not None for test in result.tests)
    beside = [score_task(other, run, failure=failure, strict=False) for other in others]
    broken = tuple(r for r in beside if r.state not in (PASSED, SKIPPED))
    return Verdict(module.name, task, result.state, result.message, tested, broken)


def watch(
    folder: Path,
    on_change: Callable[[], object],
    *,
    interval: float = 0.5,
    stop: threading.Event | None = None,
    on_poll: Callable[[], object] | None = None,
) -> None:
    """Call `on_change` now and after every change to the folder's files, until `stop`.

    The snapshot is taken after each run, so files the tests themselves write do not
    trigger another run. `on_poll` is called after each look that found no change.
    """
    stop = stop or threading.Event()
    while not stop.is_set():
        on_change()
        seen = snapshot(folder)
        while not stop.wait(interval):
            if snapshot(folder) != seen:
                break
            if on_poll:
                on_poll()


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    files = {}
    for directory, subdirectories, names in os.walk(folder):
        subdirectories[:] = [d for d in subdirectories if not _is_ignored(d)]
        for name in names:
            if not _is_ignored(name):
                stat = os.stat(os.path.join(directory, name))
                files[os.path.join(directory, name)] = (stat.st_mtime_ns, stat.st_size)
    return files


def _is_ignored(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in IGNORED)


def _ignored_names(_directory: str, names: list[str]) -> set[str]:
    return {name for name in names if _is_ignored(name)}
