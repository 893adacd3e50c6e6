"""What the grader prints: live progress while modules run, then the scoreboard; the
starter check's verdicts. The engine (grader/grading.py) only reports events and returns
results: every line the grader prints is written here.

Colour and in-place redrawing only on a terminal (and never with NO_COLOR set); in a
CI log every line is plain and printed once.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

from grader.grading import (
    Event,
    Job,
    ModuleGraded,
    ModuleProgress,
    ModuleStarted,
    ModuleVerified,
    Verdict,
)
from grader.scoring import (
    ERROR,
    FAILED,
    MISSING,
    NOT_APPLICABLE,
    PASSED,
    SKIPPED,
    ModuleResult,
)

COLOURS = {
    PASSED: "32",
    FAILED: "31",
    ERROR: "31",
    SKIPPED: "33",
    MISSING: "33",
    NOT_APPLICABLE: "2",
}
DETAIL_INDENT = " " * 6
REDRAW_SECONDS = 0.1


class Style:
    def __init__(self, stream: TextIO) -> None:
        self.tty = stream.isatty()
        self.colour = self.tty and not os.environ.get("NO_COLOR")

    def paint(self, text: str, state: str) -> str:
        return f"\x1b[{COLOURS[state]}m{text}\x1b[0m" if self.colour else text

    def bold(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if self.colour else text


class Progress:
    """One line per module. On a terminal the block is redrawn in place; elsewhere each
    module prints one line when it starts and one when it ends.

    `show` is the listener `grading.grade` calls, one event at a time."""

    def __init__(self, modules: list[str], stream: TextIO | None = None) -> None:
        self._stream = sys.stdout if stream is None else stream
        self._style = Style(self._stream)
        self._lines = dict.fromkeys(modules, "waiting")
        self._width = max(map(len, modules), default=0)
        self._drawn = 0
        self._last_draw = 0.0

    def show(self, event: Event) -> None:
        if isinstance(event, ModuleStarted):
            self.start(event.module)
        elif isinstance(event, ModuleProgress):
            self.update(event.module, event.finished, event.collected)
        elif isinstance(event, ModuleGraded):
            self.done(event.result)

    def start(self, name: str) -> None:
        self._set(name, "running", announce=True)

    def update(self, name: str, finished: int, collected: int) -> None:
        if self._style.tty:
            text = f"running  {finished}/{collected} tests" if collected else "collecting"
            self._set(name, text)

    def done(self, result: ModuleResult) -> None:
        state = PASSED if result.ok else FAILED
        summary = (
            f"{result.passed}/{len(result.graded)} tasks, "
            f"{result.score}/{result.max_score} points in {result.seconds:.1f}s"
        )
        self._set(result.module.name, self._style.paint(summary, state), announce=True, force=True)

    def _set(self, name: str, text: str, announce: bool = False, force: bool = False) -> None:
        self._lines[name] = text
        if not self._style.tty:
            if announce:
                print(f"grade: {name}: {text}", file=self._stream, flush=True)
            return
        now = time.monotonic()
        if force or now - self._last_draw >= REDRAW_SECONDS:
            self._redraw()
            self._last_draw = now

    def _redraw(self) -> None:
        up = f"\x1b[{self._drawn}F" if self._drawn else ""
        body = "".join(
            f"\x1b[2K  {name.ljust(self._width)}  {text}\n" for name, text in self._lines.items()
        )
        self._stream.write(up + body)
        self._stream.flush()
        self._drawn = len(self._lines)


class Verdicts:
    """The starter check's lines: each module's count, then every task whose tests did not
    catch its starter, and why. `show` is the listener `grading.verify` calls."""

    def __init__(self, strict: bool, stream: TextIO | None = None) -> None:
        self._strict = strict
        self._stream = sys.stdout if stream is None else stream
        self._style = Style(self._stream)

    def show(self, event: Event) -> None:
        if isinstance(event, ModuleVerified):
            verdicts = list(event.verdicts)
            line = verify_summary(verdicts, self._strict).removeprefix("verify: ")
            state = PASSED if all(verdict.ok(self._strict) for verdict in verdicts) else FAILED
            print(f"verify: {event.module}: {self._style.paint(line, state)}", file=self._stream)
            for verdict in verdicts:
                if not verdict.caught:
                    explanation = first_line(explain(verdict), 200)
                    print(f"  {verdict.task.id}  {explanation}", file=self._stream)


def explain(verdict: Verdict) -> str:
    """Why a task's tests did or did not catch its starter."""
    if verdict.broken:
        names = ", ".join(f"{r.task.id} ({first_line(r.message, 80)})" for r in verdict.broken)
        return f"its starter breaks other tasks that share its files: {names}"
    if not verdict.tested:
        return f"cannot be checked: {verdict.message}"
    if verdict.state == PASSED:
        parts = ", ".join(verdict.task.solution or verdict.task.files)
        return f"its tests still pass with {parts} replaced by a starter: they do not test it"
    if verdict.state == SKIPPED:
        return f"not checked, its tests were skipped: {verdict.message}"
    return "its tests fail on the starter"


def verify_summary(verdicts: list[Verdict], strict: bool) -> str:
    """`verify: N passed, N failed, N skipped`; a task passes when its tests catch a starter."""
    passed = sum(verdict.caught for verdict in verdicts)
    skipped = sum(verdict.state == SKIPPED and verdict.ok(strict) for verdict in verdicts)
    return f"verify: {passed} passed, {len(verdicts) - passed - skipped} failed, {skipped} skipped"


def task_list(jobs: list[Job]) -> list[str]:
    """`--list`: each module with its tasks, their points, program files and hints."""
    lines = []
    for job in jobs:
        module = job.module
        lines.append(
            f"{module.name}: {module.title} ({len(module.tasks)} tasks, {module.points} points)"
        )
        for task in job.tasks:
            lines.append(f"  {task.id}  [{task.points} pts]  {task.title}")
            if task.curriculum:
                also = f" (or {', '.join(task.curriculum_also)})" if task.curriculum_also else ""
                lines.append(f"      program file: {task.curriculum}{also}")
            if task.hint:
                lines.append(f"      hint: {task.hint}")
    return lines


def scoreboard(results: list[ModuleResult]) -> None:
    style = Style(sys.stdout)
    width = max([len("module"), *(len(result.module.name) for result in results)])
    rows = [style.bold(f"{'module'.ljust(width)}  {'tasks':>7}  {'points':>9}  {'seconds':>7}")]
    rows += [_row(result.module.name, width, [result]) for result in results]
    if len(results) > 1:
        rows.append(_row("total", width, results))
    print("\n" + "\n".join(rows))

    problems = _not_passed(results, style)
    if problems:
        print("\nNot passed:")
        print("\n".join(problems))
    own = [
        f"  {result.module.name}  {', '.join(task.task.id for task in own)}"
        for result in results
        if (own := [task for task in result.tasks if task.state == NOT_APPLICABLE])
    ]
    if own:
        print("\nNot applicable, not counted (the portfolio's own exercises, no program file):")
        print("\n".join(own))
    notes = [f"  {result.module.name}  {note}" for result in results for note in result.notes]
    if notes:
        print("\nNotes:")
        print("\n".join(notes))
    print("\n" + summary_line(results))


def summary_line(results: list[ModuleResult]) -> str:
    """The closing line, in the plain `N passed, N failed, N skipped` form CI logs read.
    Tasks not applicable to the implementation under grading are not counted."""
    states = [task.state for result in results for task in result.graded]
    skipped = states.count(SKIPPED)
    failed = len(states) - states.count(PASSED) - skipped
    return f"grade: {states.count(PASSED)} passed, {failed} failed, {skipped} skipped"


def _row(name: str, width: int, results: list[ModuleResult]) -> str:
    tasks = f"{sum(r.passed for r in results)}/{sum(len(r.graded) for r in results)}"
    points = f"{sum(r.score for r in results)}/{sum(r.max_score for r in results)}"
    seconds = sum(r.seconds for r in results)
    return f"{name.ljust(width)}  {tasks:>7}  {points:>9}  {seconds:>7.1f}"


def _not_passed(results: list[ModuleResult], style: Style) -> list[str]:
    """Rows of module, task, state and message for everything that did not pass; the
    message's further lines (pytest's assertion diff) follow, indented."""
    rows = []
    for result in results:
        name = result.module.name
        rows += [(name, "(module)", ERROR, problem) for problem in result.problems]
        rows += [
            (name, t.task.id, t.state, t.message)
            for t in result.tasks
            if t.state not in (PASSED, NOT_APPLICABLE)
        ]
    module_width = max((len(row[0]) for row in rows), default=0)
    task_width = max((len(row[1]) for row in rows), default=0)
    state_width = max((len(row[2]) for row in rows), default=0)
    return [
        f"  {module.ljust(module_width)}  {task.ljust(task_width)}  "
        f"{style.paint(state.ljust(max(state_width, 7)), state)}  {first_line(message, None)}"
        + "".join(f"\n{DETAIL_INDENT}{line}" for line in further_lines(message))
        for module, task, state, message in rows
    ]


def first_line(text: str, limit: int | None = 160) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if limit is None or len(line) <= limit else line[: limit - 1] + "…"


def further_lines(text: str) -> list[str]:
    """The lines after the first (a failure's diff), without blank ones around them."""
    lines = [line.rstrip() for line in text.strip().splitlines()[1:]]
    while lines and not lines[0]:
        lines.pop(0)
    return lines
