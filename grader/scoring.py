"""From test outcomes to task states: a task scores when one of its tests ran and all passed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from grader.manifest import Module, Task
from grader.runner import EXIT_GRACE_SECONDS, CollectError, PytestRun, TestResult

PASSED, FAILED, SKIPPED, ERROR = "passed", "failed", "skipped", "error"
MISSING = "missing"  # --against: the other implementation has no file for the task
NOT_APPLICABLE = "not applicable"  # --against: a task of the portfolio's own, no program file
LINGERED = (
    "pytest finished, but its process did not exit within {seconds:g}s (a thread or process "
    "the code left running): it was ended and its results kept"
)
# pytest's exit statuses that mean the run itself went wrong (interrupted, internal, usage)
BROKEN_RUN = {2: "was interrupted", 3: "hit an internal error", 4: "was called wrongly"}


@dataclass
class TaskResult:
    task: Task
    state: str
    message: str = ""
    tests: list[TestResult] = field(default_factory=list)

    @property
    def score(self) -> int:
        return self.task.points if self.state == PASSED else 0

    @property
    def seconds(self) -> float:
        return sum(test.duration for test in self.tests)


@dataclass
class ModuleResult:
    module: Module
    tasks: list[TaskResult]
    problems: list[str]  # what is wrong with the module as a whole (collection, crash, markers)
    seconds: float
    notes: list[str] = field(default_factory=list)  # worth knowing, not counted against it

    @property
    def graded(self) -> list[TaskResult]:
        """The tasks that count: all but those not applicable to the implementation."""
        return [result for result in self.tasks if result.state != NOT_APPLICABLE]

    @property
    def passed(self) -> int:
        return sum(result.state == PASSED for result in self.tasks)

    @property
    def score(self) -> int:
        return sum(result.score for result in self.tasks)

    @property
    def max_score(self) -> int:
        return sum(result.task.points for result in self.graded)

    @property
    def ok(self) -> bool:
        """Nothing failed or erred (in strict mode a skip is already a failure)."""
        return not self.problems and all(r.state in (PASSED, SKIPPED) for r in self.graded)


def score_module(
    module: Module,
    tasks: tuple[Task, ...],
    run: PytestRun,
    *,
    strict: bool,
    timeout: float,
    graded_files: dict[Task, Path] | None = None,
) -> ModuleResult:
    """Score each task; `graded_files` (--against) maps a task to the file under grading,
    and only tests that used that file count for it (see `score_task`)."""
    failure = run_failure(run, timeout)
    graded_files = graded_files or {}
    results = [
        score_task(task, run, failure=failure, strict=strict, graded_file=graded_files.get(task))
        for task in tasks
    ]
    problems = ([failure] if failure else []) + [
        _describe_collect_error(error) for error in run.collect_errors
    ]
    problems += marker_problems(module, run)
    notes = [LINGERED.format(seconds=EXIT_GRACE_SECONDS)] if run.lingered else []
    return ModuleResult(module, results, problems, run.seconds, notes)


def score_task(
    task: Task, run: PytestRun, *, failure: str, strict: bool, graded_file: Path | None = None
) -> TaskResult:
    """A task passes when at least one of its tests ran and all passed.

    It is `error` when a test file naming it failed to collect (a test of it may be
    missing), a test of it did not finish or erred outside the test's body. With a
    `graded_file`, a test that passed or skipped without using that file says nothing
    about it and is left out.
    """
    tests = [test for test in run.tests.values() if task.id in test.tasks]
    uncollected = next((e for e in run.collect_errors if task.id in e.tasks), None)
    if uncollected:
        return TaskResult(task, ERROR, _describe_collect_error(uncollected), tests)
    if not tests:
        unmarked = f'no test is marked @pytest.mark.task("{task.id}")'
        return TaskResult(task, ERROR, failure or _collect_error_summary(run) or unmarked)
    if any(test.outcome is None for test in tests):
        return TaskResult(task, ERROR, failure or "a test did not finish", tests)
    if graded_file is not None:
        counted = _exercising(tests, run, str(graded_file))
        if all(test.outcome == SKIPPED for test in counted):
            return _not_exercised(task, tests, graded_file, strict)
        tests = counted

    errors = [test for test in tests if test.outcome == ERROR]
    if errors:
        return TaskResult(task, ERROR, _describe(errors[0]), tests)
    broken = [test for test in tests if test.outcome == FAILED]
    if broken:
        return TaskResult(task, FAILED, _describe(broken[0]), tests)
    skipped = [test for test in tests if test.outcome == SKIPPED]
    if skipped and (strict or len(skipped) == len(tests)):
        return _skipped(task, skipped[0].message, tests, strict)
    return TaskResult(task, PASSED, "", tests)


def _skipped(task: Task, reason: str, tests: list[TestResult], strict: bool) -> TaskResult:
    """Skipped, with the reason; in strict mode a skip is a failure."""
    if strict:
        return TaskResult(task, FAILED, f"skipped (strict mode): {reason}", tests)
    return TaskResult(task, SKIPPED, reason, tests)


def _exercising(tests: list[TestResult], run: PytestRun, path: str) -> list[TestResult]:
    """The tests that count for a graded file: those that used it, and every failure."""
    return [t for t in tests if t.outcome in (FAILED, ERROR) or run.exercised(t, path)]


def _not_exercised(task: Task, tests: list[TestResult], path: Path, strict: bool) -> TaskResult:
    """No test that ran here used the file: skipped, with the reason a test of the task
    was skipped (such as a service it needs)."""
    reason = next(
        (test.message for test in tests if test.outcome == SKIPPED),
        f"no test that ran here used {task.curriculum or path.name}",
    )
    return _skipped(task, reason, tests, strict)


def run_failure(run: PytestRun, timeout: float) -> str:
    """Why the run as a whole could not be trusted, or '' when it finished normally."""
    if run.timed_out:
        if run.running:
            return f"timed out after {timeout:g}s in {run.running}"
        where = "after the last test" if run.finished else "before any test finished"
        return f"timed out after {timeout:g}s {where}"
    if run.exitstatus is None:
        return f"pytest crashed (exit code {run.returncode}): {_last_line(run.log)}"
    if run.exitstatus in BROKEN_RUN:
        return f"pytest {BROKEN_RUN[run.exitstatus]}: {_last_line(run.log)}"
    return ""


def marker_problems(module: Module, run: PytestRun) -> list[str]:
    known = {task.id for task in module.tasks}
    problems = []
    for test in run.tests.values():
        if not test.tasks:
            problems.append(f"{test.nodeid}: has no @pytest.mark.task marker")
        problems += [
            f"{test.nodeid}: marked with unknown task '{task_id}'"
            for task_id in test.tasks
            if task_id not in known
        ]
    return problems


def _describe(test: TestResult) -> str:
    name = test.nodeid.rsplit("/", 1)[-1]
    prefix = "error: " if test.outcome == ERROR else ""
    return f"{name}: {prefix}{test.message}"


def _collect_error_summary(run: PytestRun) -> str:
    return _describe_collect_error(run.collect_errors[0]) if run.collect_errors else ""


def _describe_collect_error(error: CollectError) -> str:
    return f"collection error in {error.nodeid}: {error.message}"


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no output"
