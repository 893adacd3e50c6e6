"""From test outcomes to task states, on runs built from the plugin's events (no pytest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.runner import PytestRun
from grader.scoring import (
    ERROR,
    FAILED,
    NOT_APPLICABLE,
    PASSED,
    SKIPPED,
    marker_problems,
    run_failure,
    score_module,
    score_task,
)
from grader.tests.support import module, module_result, task

ADD = task("arith.add", points=2)


def a_run(*outcomes: tuple[str | None, list[str], str], exitstatus: int | None = 0) -> PytestRun:
    """A run of tests named test_0, test_1...: (outcome, task ids, message), outcome None
    for a test that never finished; `exitstatus` None: the session never reported its end."""
    run = PytestRun()
    tests = [
        {"nodeid": f"tests/test_it.py::test_{number}", "tasks": tasks}
        for number, (_, tasks, _) in enumerate(outcomes)
    ]
    run.apply({"event": "collected", "tests": tests})
    for test, (outcome, _, message) in zip(tests, outcomes, strict=True):
        run.apply({"event": "start", "nodeid": test["nodeid"]})
        if outcome is not None:
            result = {"outcome": outcome, "duration": 0.5, "message": message}
            run.apply({"event": "result", "nodeid": test["nodeid"], **result})
    if exitstatus is not None:
        run.apply({"event": "finish", "exitstatus": exitstatus})
    return run


def score(run: PytestRun, *, strict: bool = False, graded_file: Path | None = None) -> tuple:
    result = score_task(
        ADD, run, failure=run_failure(run, 60), strict=strict, graded_file=graded_file
    )
    return result.state, result.message


def test_a_task_passes_when_its_tests_ran_and_all_passed() -> None:
    run = a_run(("passed", ["arith.add"], ""), ("passed", ["arith.add", "other.x"], ""))
    assert score(run) == (PASSED, "")


def test_the_first_failure_names_its_test() -> None:
    run = a_run(("passed", ["arith.add"], ""), ("failed", ["arith.add"], "assert 1 == 2"))
    assert score(run) == (FAILED, "test_it.py::test_1: assert 1 == 2")


def test_an_error_outside_the_test_body_wins_over_a_failure() -> None:
    run = a_run(("failed", ["arith.add"], "assert 0"), ("error", ["arith.add"], "fixture broke"))
    assert score(run) == (ERROR, "test_it.py::test_1: error: fixture broke")


def test_a_task_no_test_marks_is_an_error() -> None:
    run = a_run(("passed", ["other.x"], ""))
    assert score(run) == (ERROR, 'no test is marked @pytest.mark.task("arith.add")')


def test_a_test_that_never_finished_is_an_error() -> None:
    run = a_run((None, ["arith.add"], ""), exitstatus=1)
    assert score(run) == (ERROR, "a test did not finish")


def test_a_collection_error_in_a_file_naming_the_task_is_an_error() -> None:
    run = a_run(("passed", ["arith.add"], ""))
    run.apply(
        {"event": "collect_error", "nodeid": "tests/test_b.py", "message": "ImportError",
         "tasks": ["arith.add"]}
    )  # fmt: skip
    assert score(run) == (ERROR, "collection error in tests/test_b.py: ImportError")


@pytest.mark.parametrize(
    ("strict", "expected"),
    [
        (False, (SKIPPED, "needs REDIS_URL")),
        (True, (FAILED, "skipped (strict mode): needs REDIS_URL")),
    ],
)
def test_every_test_skipped(strict: bool, expected: tuple[str, str]) -> None:
    assert score(a_run(("skipped", ["arith.add"], "needs REDIS_URL")), strict=strict) == expected


def test_one_skip_beside_a_pass_passes_unless_strict() -> None:
    run = a_run(("passed", ["arith.add"], ""), ("skipped", ["arith.add"], "later"))
    assert score(run) == (PASSED, "")
    assert score(run, strict=True) == (FAILED, "skipped (strict mode): later")


def test_with_a_graded_file_only_the_tests_that_used_it_count() -> None:
    run = a_run(("passed", ["arith.add"], ""), ("passed", ["arith.add"], ""))
    graded = Path("/copy/calc.py")
    assert score(run, graded_file=graded) == (SKIPPED, "no test that ran here used calc.py")
    run.apply({"event": "touched", "file": str(graded), "context": "tests/test_it.py::test_1"})
    assert score(run, graded_file=graded) == (PASSED, "")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, ""),
        ({"timed_out": True, "running": "tests/t.py::test_slow"},
         "timed out after 60s in tests/t.py::test_slow"),
        ({"timed_out": True}, "timed out after 60s after the last test"),
        ({"exitstatus": None, "returncode": 3, "log": "boom\n\n"},
         "pytest crashed (exit code 3): boom"),
        ({"exitstatus": 2, "log": ""}, "pytest was interrupted: no output"),
        ({"exitstatus": 1}, ""),  # tests failed: the run itself is sound
    ],
)  # fmt: skip
def test_run_failure_says_why_a_run_cannot_be_trusted(changes: dict, expected: str) -> None:
    run = a_run(("passed", ["arith.add"], ""))
    for name, value in changes.items():
        setattr(run, name, value)
    assert run_failure(run, 60) == expected


def test_a_timeout_before_any_test_finished_says_so() -> None:
    run = a_run((None, ["arith.add"], ""), exitstatus=None)
    run.timed_out, run.running = True, None
    assert run_failure(run, 1.5) == "timed out after 1.5s before any test finished"


def test_a_failed_run_is_every_unfinished_tasks_message() -> None:
    run = a_run((None, ["arith.add"], ""), exitstatus=None)
    run.timed_out = True
    assert score(run) == (ERROR, "timed out after 60s in tests/test_it.py::test_0")


def test_marker_problems_name_unmarked_and_unknown_marks() -> None:
    run = a_run(("passed", [], ""), ("passed", ["arith.add", "arith.ghost"], ""))
    assert marker_problems(module("calc", ADD), run) == [
        "tests/test_it.py::test_0: has no @pytest.mark.task marker",
        "tests/test_it.py::test_1: marked with unknown task 'arith.ghost'",
    ]


def test_score_module_collects_problems_and_the_lingering_note() -> None:
    run = a_run(("passed", ["arith.add"], ""), ("passed", [], ""))
    run.lingered = True
    result = score_module(module("calc", ADD), (ADD,), run, strict=False, timeout=60)
    assert [t.state for t in result.tasks] == [PASSED]
    assert result.problems == ["tests/test_it.py::test_1: has no @pytest.mark.task marker"]
    assert result.notes[0].startswith("pytest finished, but its process did not exit within")
    assert not result.ok  # a problem of the module fails it even when every task passed


def test_a_module_result_counts_only_the_graded_tasks() -> None:
    own, skipped = task("own.one", points=5), task("states.skips", points=3)
    result = module_result(
        "calc", (ADD, PASSED, ""), (skipped, SKIPPED, "later"), (own, NOT_APPLICABLE, "ours")
    )
    assert [t.task.id for t in result.graded] == ["arith.add", "states.skips"]
    assert (result.passed, result.score, result.max_score) == (1, 2, 5)
    assert result.ok  # a skip is not a failure (strict mode turns it into one earlier)
