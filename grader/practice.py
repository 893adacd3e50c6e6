"""`python -m grader practice`: do a module's exercises one at a time, graded as you go.

`start TASK|MODULE` makes (or reuses) the workspace `practice/<module>/`, a copy of the
module, and replaces that task's solution by its starter there; every other task keeps
the reference solution, so a Django module still runs. `check` runs that task's tests
only; `watch` re-checks on every save and moves on when it passes. Progress lives in the
workspace (`practice/<module>/.practice.json`), so a learner can stop and come back.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import functools
import json
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from grader.grading import _ignored_names, watch
from grader.manifest import Module, Task, discover
from grader.marks import marked_tests
from grader.runner import module_environment, run_pytest
from grader.scoring import PASSED, SKIPPED, TaskResult, run_failure, score_task
from grader.starter import apply_starter, part_source, solution_files
from grader.usage import Parser, UsageError

FULL_MESSAGE = 20_000  # a failure's whole diff, not the scoreboard's excerpt
PROGRESS = ".practice.json"
CURRENT = ".current"  # in the workspaces' folder: the module practised last
DONE, FAILING, STARTED, NOT_STARTED = "done", "failing", "started", "not started"
COMMAND = "python -m grader practice"
SHOW = functools.partial(print, flush=True)  # watch's lines reach a pipe as they happen


@dataclass
class Workspace:
    """A module's practice copy and the learner's progress in it."""

    root: Path  # the folder holding every module's workspace (practice/)
    module: Module  # the reference module

    @property
    def folder(self) -> Path:
        return self.root / self.module.name

    @property
    def exists(self) -> bool:
        return (self.folder / PROGRESS).is_file()

    def progress(self) -> dict:
        try:
            return json.loads((self.folder / PROGRESS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"module": self.module.name, "current": None, "tasks": {}}

    def state(self, task: Task) -> str:
        return self.progress()["tasks"].get(task.id, {}).get("state", NOT_STARTED)

    def record(self, task: Task, state: str) -> None:
        progress = self.progress()
        progress["current"] = task.id
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        progress["tasks"][task.id] = {"state": state, "at": stamp}
        (self.folder / PROGRESS).write_text(json.dumps(progress, indent=2) + "\n", "utf-8")
        (self.root / CURRENT).write_text(self.module.name + "\n", encoding="utf-8")

    def current(self) -> Task | None:
        task_id = self.progress().get("current")
        return self.module.task(task_id) if task_id else None

    def first_unfinished(self) -> Task | None:
        return next((task for task in self.module.tasks if self.state(task) != DONE), None)

    def create(self) -> None:
        """Copy the module, or add to an existing workspace the files it lacks (the
        module gained them since): files already there are the learner's, never touched."""
        shutil.copytree(
            self.module.path,
            self.folder,
            ignore=_ignored_names,
            copy_function=_copy_if_missing,
            dirs_exist_ok=True,
        )


def _copy_if_missing(source: str, target: str) -> None:
    if not Path(target).exists():
        shutil.copy2(source, target)


def main(argv: list[str], root: Path) -> int:
    args = _parser().parse_args(argv)
    practice = Practice(
        discover(args.root or root), args.workspace or (args.root or root) / "practice"
    )
    return args.run(practice, args)  # a UsageError is one line on stderr (grader.cli)


class Practice:
    """The practice commands, over the modules found and a folder of workspaces."""

    def __init__(self, modules: list[Module], root: Path, out: Callable[[str], None] = SHOW):
        self.modules = modules
        self.root = root
        self.out = out

    # --- finding modules, tasks and workspaces ---------------------------------------------

    def workspace(self, module: Module) -> Workspace:
        return Workspace(self.root, module)

    def current_module(self) -> Module | None:
        try:
            name = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return next((m for m in self.modules if m.name == name), None)

    def find(self, target: str | None) -> tuple[Workspace, Task]:
        """The task `target` names ("id", "module/id", or None for the current one)."""
        if target is None:
            module = self.current_module()
            task = self.workspace(module).current() if module else None
            if module is None or task is None:
                raise UsageError(f"no exercise started yet: run {COMMAND} start TASK|MODULE")
            return self.workspace(module), task
        name, _, task_id = target.rpartition("/")
        modules = [m for m in self.modules if m.name == name] if name else self._by_preference()
        holders = [m for m in modules if m.task(task_id)]
        if not holders:
            raise UsageError(f"unknown task '{target}' ({COMMAND} list MODULE shows them)")
        if len(holders) > 1 and holders[0] != self.current_module():
            places = " or ".join(f"{m.name}/{task_id}" for m in holders)
            raise UsageError(f"'{task_id}' is a task of several modules: write {places}")
        task = holders[0].task(task_id)
        assert task is not None
        return self.workspace(holders[0]), task

    def _by_preference(self) -> list[Module]:
        current = self.current_module()
        return sorted(self.modules, key=lambda m: m != current)

    def module_named(self, name: str) -> Module | None:
        return next((m for m in self.modules if m.name == name.rstrip("/")), None)

    # --- commands --------------------------------------------------------------------------

    def start(self, target: str) -> Task | None:
        module = self.module_named(target)
        if module is not None:
            space = self.workspace(module)
            task = space.first_unfinished()
            if task is None:
                self.out(
                    f"Every task of {module.name} is done. Another module: {COMMAND} start MODULE"
                )
                return None
        else:
            space, task = self.find(target)
        space.create()
        kept = self._put_starter(space, task)
        state = space.state(task)
        space.record(task, STARTED if state == NOT_STARTED else state)
        self._describe(space, task, kept)
        return task

    def _put_starter(self, space: Workspace, task: Task) -> list[str]:
        """Put the starter in place of each solution part the learner has not changed;
        return the parts kept because the learner already wrote them."""
        kept = []
        for path, symbols in solution_files(task).items():
            ours = [s for s in symbols if _same(space, path, s)]
            if ours != symbols:
                kept += [_part_name(path, s) for s in symbols if s not in ours]
            if ours:
                apply_starter(space.folder, _with_solution(task, path, ours))
        return kept

    def _describe(self, space: Workspace, task: Task, kept: list[str]) -> None:
        module = space.module
        place = f"exercise {module.tasks.index(task) + 1} of {len(module.tasks)}"
        self.out(f"{module.name} · {place}: {task.id} ({_points(task)})")
        self.out(f"  {task.title}\n")
        for line in (
            task.instructions or task.hint or "No instructions written yet."
        ).splitlines():
            self.out(f"  {line}")
        self.out("\nWrite:")
        for path, symbol in task.solution_parts:
            where = space.folder / path
            self.out(f"  {_display(where)}" + (f"  ({symbol})" if symbol else ""))
        if kept:
            self.out(f"Kept as you wrote them: {', '.join(kept)}")
            self.out(f"  ({COMMAND} reset {task.id} puts the starter back)")
        others = [t.id for t in module.started_with(task) if t != task]
        if others:
            self.out(f"Until it passes, these fail too (they use it): {', '.join(others)}")
        if task.services:
            needs = ", ".join(task.services)
            self.out(f"Needs: {needs} (the module's README says how to point at them)")
        self.out(
            f"\nWorkspace: {_display(space.folder)}/ (a copy of the module: its tests run there)"
        )
        self.out("Check it:  make practice ARGS=check   (re-check on every save: ARGS=watch)")
        self.out(f'Stuck:     make practice ARGS="hint {task.id} --level 2"   (3: the diff)')

    def check(self, target: str | None, timeout: float = 600.0) -> TaskResult:
        space, task = self.find(target)
        if not space.exists:
            raise UsageError(f"{task.id} is not started: run {COMMAND} start {task.id}")
        run = run_pytest(
            space.folder,
            environment=module_environment(space.module.name),
            task_ids=[task.id],
            timeout=timeout,
            message_limit=FULL_MESSAGE,
        )
        result = score_task(task, run, failure=run_failure(run, timeout), strict=False)
        if result.state == PASSED:
            space.record(task, DONE)
            count = len(result.tests)
            self.out(
                f"✓ {task.id} passed ({count} test{'s' if count != 1 else ''}, {run.seconds:.1f}s)"
            )
            following = space.first_unfinished()
            if following:
                self.out(f"  next: {following.id} (make practice ARGS=next)")
            return result
        if result.state == SKIPPED:
            space.record(task, STARTED if space.state(task) != DONE else DONE)
            self.out(f"- {task.id} was not checked: {result.message}")
            return result
        space.record(task, FAILING)
        self.out(f"✗ {task.id} is not done yet: {_first_failure(result)}\n")
        self.out(_failure_text(result))
        self.out(f"\nHint:  {task.hint or 'none written for this task'}")
        self.out(f'More:  make practice ARGS="hint {task.id} --level 2"')
        return result

    def next(self) -> Task | None:
        module = self.current_module()
        if module is None:
            raise UsageError(f"no exercise started yet: run {COMMAND} start MODULE")
        return self.start(module.name)

    def list(self, name: str | None) -> None:
        module = self.module_named(name) if name else self.current_module()
        if name and module is None:
            raise UsageError(
                f"unknown module '{name}' (modules: {', '.join(m.name for m in self.modules)})"
            )
        if module is None:
            for each in self.modules:
                space = self.workspace(each)
                done = sum(space.state(t) == DONE for t in each.tasks)
                self.out(f"{each.name:18} {done:>3}/{len(each.tasks):<3} done  {each.title}")
            self.out(
                f"\n{COMMAND} list MODULE shows its exercises; {COMMAND} start MODULE begins one."
            )
            return
        space = self.workspace(module)
        current = space.current()
        for task in module.tasks:
            marker = ">" if task == current else " "
            self.out(
                f"{marker} {space.state(task):11} {task.id:34} {_points(task):9} {task.title}"
            )
        done = sum(space.state(t) == DONE for t in module.tasks)
        self.out(f"\n{done} of {len(module.tasks)} done in {module.name}.")

    def hint(self, target: str, level: int) -> None:
        space, task = self.find(target)
        self.out(f"{task.id}: {task.title} ({_points(task)})")
        self.out(f"  module:       {space.module.name}")
        parts = ", ".join(_part_name(path, symbol) for path, symbol in task.solution_parts)
        self.out(f"  write:        {parts}")
        if task.curriculum:
            self.out(f"  program file: {task.curriculum}")
        self.out(f"  hint:         {task.hint or 'none written for this task'}")
        if level >= 2:
            self.out("\nThe tests that check it:")
            for line in describe_tests(space.module.path, task):
                self.out(f"  {line}")
        if level >= 3:
            self.out("")
            self.solution(task.id, confirmed=True)

    def solution(self, target: str, *, confirmed: bool, ask: Callable[[str], str] = input) -> bool:
        space, task = self.find(target)
        if not space.exists:
            raise UsageError(f"{task.id} is not started: run {COMMAND} start {task.id}")
        if not confirmed:
            try:
                answer = ask(f"Show the reference solution of {task.id}? [y/N] ")
            except EOFError:
                answer = ""
            if answer.strip().lower() not in ("y", "yes"):
                self.out("Not shown.")
                return False
        diff = solution_diff(space, task)
        self.out(diff or "Your code is the reference solution: nothing differs.")
        return True

    def reset(self, target: str) -> list[Path]:
        space, task = self.find(target)
        if not space.exists:
            raise UsageError(f"{task.id} is not started: run {COMMAND} start {task.id}")
        backups = []
        for path in solution_files(task):
            learner = space.folder / path
            if learner.exists():
                backup = _free_name(learner)
                shutil.copyfile(learner, backup)
                backups.append(backup)
            _restore(space, task, path)
        space.record(task, STARTED)
        self.out(f"{task.id} is back to its starter. Your files were kept:")
        for backup in backups:
            self.out(f"  {_display(backup)}")
        return backups

    def watch(
        self, stop: threading.Event | None = None, on_poll: Callable[[], object] | None = None
    ) -> None:
        space, _task = self.find(None)

        def check_current() -> None:
            result = self.check(None)
            if result.state == PASSED:
                following = space.first_unfinished()
                if following is None:
                    self.out(f"Every task of {space.module.name} is done.")
                    if stop:
                        stop.set()
                    return
                self.out("")
                self.start(f"{space.module.name}/{following.id}")
            self.out(f"\nwatch: waiting for changes in {_display(space.folder)} (Ctrl-C to stop)")

        watch(space.folder, check_current, stop=stop, on_poll=on_poll)


# --- what the commands show ----------------------------------------------------------------


def describe_tests(module_dir: Path, task: Task) -> list[str]:
    """Each test of the task: its name, its docstring's first line, what it asserts."""
    lines = []
    for path, names in marked_tests(module_dir).get(task.id, {}).items():
        tree = ast.parse((module_dir / path).read_text(encoding="utf-8"))
        for name in names:
            lines.append(f"{path}::{name}")
            node = _find_test(tree, name)
            doc = ast.get_docstring(node) if node else None
            if doc:
                lines.append(f"    {doc.splitlines()[0]}")
            for claim in _assertions(node)[:6] if node else []:
                lines.append(f"    asserts {claim}")
    return lines or [f'no test is marked @pytest.mark.task("{task.id}") with a literal id']


def _find_test(tree: ast.Module, name: str) -> ast.AST | None:
    scope: list[ast.stmt] = tree.body
    node = None
    for part in name.split("::"):
        node = next((n for n in scope if getattr(n, "name", None) == part), None)
        if node is None:
            return None
        scope = getattr(node, "body", [])
    return node


def _assertions(node: ast.AST) -> list[str]:
    claims = []
    for child in ast.walk(node):
        if isinstance(child, ast.Assert):
            claims.append(_short(ast.unparse(child.test)))
        elif isinstance(child, ast.With):
            for item in child.items:
                call = item.context_expr
                if isinstance(call, ast.Call) and ast.unparse(call.func).endswith("raises"):
                    claims.append(
                        f"it raises {_short(ast.unparse(call.args[0]))}"
                        if call.args
                        else "it raises"
                    )
    return claims


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def solution_diff(space: Workspace, task: Task) -> str:
    """The reference solution against the learner's code, part by part, as unified diffs."""
    chunks = []
    for path, symbol in task.solution_parts:
        theirs = part_source(space.folder / path, symbol) or ""
        ours = part_source(space.module.path / path, symbol) or ""
        label = _part_name(path, symbol)
        chunks += difflib.unified_diff(
            theirs.splitlines(keepends=True),
            ours.splitlines(keepends=True),
            fromfile=f"yours: {label}",
            tofile=f"reference: {label}",
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in chunks).rstrip()


def _first_failure(result: TaskResult) -> str:
    return result.message.splitlines()[0] if result.message else result.state


def _failure_text(result: TaskResult) -> str:
    failing = next((t for t in result.tests if t.outcome not in (PASSED, SKIPPED)), None)
    if failing is None:
        return result.message
    return f"{failing.nodeid}\n{failing.message}".rstrip()


def _points(task: Task) -> str:
    return f"{task.points} point{'s' if task.points != 1 else ''}"


def _part_name(path: str, symbol: str) -> str:
    return f"{path}:{symbol}" if symbol else path


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _same(space: Workspace, path: str, symbol: str) -> bool:
    """Whether the workspace still holds the reference's version of this part."""
    return part_source(space.folder / path, symbol) == part_source(
        space.module.path / path, symbol
    )


def _with_solution(task: Task, path: str, symbols: list[str]) -> Task:
    return replace(task, solution=tuple(_part_name(path, s) for s in symbols))


def _restore(space: Workspace, task: Task, path: str) -> None:
    """The starter of this file's parts: in the learner's file where it still has them
    (their other code stays), else in a fresh copy of the reference file."""
    target = space.folder / path
    symbols = solution_files(task)[path]
    if symbols == [""] or any(part_source(target, s) is None for s in symbols):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(space.module.path / path, target)
    try:
        apply_starter(space.folder, _with_solution(task, path, symbols))
    except (SyntaxError, LookupError):
        shutil.copyfile(space.module.path / path, target)
        apply_starter(space.folder, _with_solution(task, path, symbols))


def _free_name(path: Path) -> Path:
    """`<file>.backup`, or `<file>.backup-2`, -3... when that is taken."""
    candidate = path.with_name(path.name + ".backup")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.backup-{number}")
        number += 1
    return candidate


# --- the command line ----------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog=COMMAND, description="Do the exercises one at a time, graded as you go.")
    # Given after the command (`practice check --workspace DIR`), as every option is.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    common.add_argument(
        "--workspace", type=Path, metavar="DIR", help="where workspaces live (default: practice/)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, text: str, run: Callable[[Practice, argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text, parents=[common])
        sub.set_defaults(run=run)
        return sub

    command("start", "start a task, or a module's first unfinished task", _run_start).add_argument(
        "target", metavar="TASK|MODULE"
    )
    command("check", "run the current (or named) task's tests", _run_check).add_argument(
        "task", nargs="?", metavar="TASK"
    )
    command("next", "start the first unfinished task of the current module", _run_next)
    command("list", "every exercise and its state", _run_list).add_argument(
        "module", nargs="?", metavar="MODULE"
    )
    command("watch", "re-check on every save; move on when it passes (Ctrl-C stops)", _run_watch)
    hint = command("hint", "a hint; --level 2 the tests, --level 3 the solution's diff", _run_hint)
    hint.add_argument("task", metavar="TASK")
    hint.add_argument("--level", type=int, choices=(1, 2, 3), default=1)
    solution = command(
        "solution", "the reference solution, as a diff against your code", _run_solution
    )
    solution.add_argument("task", metavar="TASK")
    solution.add_argument("--yes", action="store_true", help="do not ask first")
    command(
        "reset", "put the starter back (your file is kept as a backup)", _run_reset
    ).add_argument("task", metavar="TASK")
    return parser


def _run_start(practice: Practice, args: argparse.Namespace) -> int:
    practice.start(args.target)
    return 0


def _run_check(practice: Practice, args: argparse.Namespace) -> int:
    return 0 if practice.check(args.task).state == PASSED else 1


def _run_next(practice: Practice, _args: argparse.Namespace) -> int:
    practice.next()
    return 0


def _run_list(practice: Practice, args: argparse.Namespace) -> int:
    practice.list(args.module)
    return 0


def _run_watch(practice: Practice, _args: argparse.Namespace) -> int:
    try:
        practice.watch()
    except KeyboardInterrupt:
        print("\nwatch: stopped")
    return 0


def _run_hint(practice: Practice, args: argparse.Namespace) -> int:
    practice.hint(args.task, args.level)
    return 0


def _run_solution(practice: Practice, args: argparse.Namespace) -> int:
    practice.solution(args.task, confirmed=args.yes)
    return 0


def _run_reset(practice: Practice, args: argparse.Namespace) -> int:
    practice.reset(args.task)
    return 0
