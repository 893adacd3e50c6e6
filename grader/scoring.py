"""From test outcomes to task states: a task scores when one of its tests ran and all passed."""

from __future__ import annotations

from dataclasses import dataclass, field

from grader.manifest import Module, Task
from grader.runner import PytestRun, TestResult

PASSED, FAILED, SKIPPED, ERROR = "passed", "failed", "skipped", "error"
MISSING = "missing"  # --against: the other implementation has no file for the task
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

    @property
    def passed(self) -> int:
        return sum(result.state == PASSED for result in self.tasks)

    @property
    def score(self) -> int:
        return sum(result.score for result in self.tasks)

    @property
    def max_score(self) -> int:
        return sum(result.task.points for result in self.tasks)

    @property
    def ok(self) -> bool:
        """Nothing failed or erred (in strict mode a skip is already a failure)."""
        return not self.problems and all(r.state in (PASSED, SKIPPED) for r in self.tasks)


def score_module(
    module: Module, tasks: tuple[Task, ...], run: PytestRun, *, strict: bool, timeout: float
) -> ModuleResult:
    failure = run_failure(run, timeout)
    results = [score_task(task, run, failure=failure, strict=strict) for task in tasks]
    problems = ([failure] if failure else []) + [
        f"collection error in {nodeid}: {message}" for nodeid, message in run.collect_errors
    ]
    problems += marker_problems(module, run)
    return ModuleResult(module, results, problems, run.seconds)


def score_task(task: Task, run: PytestRun, *, failure: str, strict: bool) -> TaskResult:
    tests = [test for test in run.tests.values() if task.id in test.tasks]
    if not tests:
        unmarked = f'no test is marked @pytest.mark.task("{task.id}")'
        return TaskResult(task, ERROR, failure or _collect_error_summary(run) or unmarked)
    if any(test.outcome is None for test in tests):
        return TaskResult(task, ERROR, failure or "a test did not finish", tests)

    broken = [test for test in tests if test.outcome in (FAILED, ERROR)]
    if broken:
        return TaskResult(task, FAILED, _describe(broken[0]), tests)
    skipped = [test for test in tests if test.outcome == SKIPPED]
    if skipped and strict:
        return TaskResult(task, FAILED, f"skipped (strict mode): {skipped[0].message}", tests)
    if len(skipped) == len(tests):
        return TaskResult(task, SKIPPED, skipped[0].message, tests)
    return TaskResult(task, PASSED, "", tests)


def run_failure(run: PytestRun, timeout: float) -> str:
    """Why the run as a whole could not be trusted, or '' when it finished normally."""
    if run.timed_out:
        return f"timed out after {timeout:g}s"
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
    if not run.collect_errors:
        return ""
    nodeid, message = run.collect_errors[0]
    return f"collection error in {nodeid}: {message}"


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no output"
