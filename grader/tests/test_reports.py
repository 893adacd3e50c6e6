"""The result files, from scored modules built in memory: JSON, JUnit XML and Markdown."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from grader import reports, runner
from grader.scoring import ERROR, FAILED, MISSING, NOT_APPLICABLE, PASSED, SKIPPED, ModuleResult
from grader.tests.support import module_result, task

ADD = task("arith.add", points=2, curriculum="0x00/0-add.py")
DIVIDE = task("arith.divide", points=3)
OWN = task("own.extra", points=4)


def calculator() -> list[ModuleResult]:
    """One module: a pass, a failure with its pytest diff, a task not applicable."""
    result = module_result(
        "calculator",
        (ADD, PASSED, ""),
        (DIVIDE, FAILED, "test_calc.py::test_divide: assert 1 == 2\n\n+  where 1 = divide(2)"),
        (OWN, NOT_APPLICABLE, "the portfolio's own exercise"),
    )
    failing = runner.TestResult("tests/test_calc.py::test_divide", ["arith.divide"])
    failing.test_code, failing.outcome, failing.duration = "def test_divide(): ...", FAILED, 0.25
    failing.message, failing.output = "assert 1 == 2", "captured output"
    result.tasks[1].tests = [failing]
    return [result]


def test_json_counts_only_graded_tasks_but_lists_every_state() -> None:
    document = reports.results_json(calculator(), strict=True)
    assert (document["score"], document["max_score"]) == (2, 5)
    assert document["status"] == "fail"
    assert document["strict"] is True
    assert document["output"] == "grade: 1 passed, 1 failed, 0 skipped"
    assert [(t["task_id"], t["task"]) for t in document["tests"]] == [
        (1, "arith.add"),
        (2, "arith.divide"),
    ]
    assert document["tasks"]["calculator/own.extra"]["max_score"] == 0


def test_json_test_entry_carries_the_failing_case() -> None:
    divide = reports.results_json(calculator(), strict=False)["tests"][1]
    assert divide["status"] == "fail"
    assert divide["output"] == "captured output"
    assert divide["test_code"] == "def test_divide(): ..."
    assert divide["cases"] == [
        {"name": "tests/test_calc.py::test_divide", "outcome": "failed", "duration": 0.25,
         "message": "assert 1 == 2"}
    ]  # fmt: skip
    assert divide["tags"] == ["calculator", "arith"]


def test_overall_status_is_error_when_a_module_could_not_run() -> None:
    passing = module_result("a", (ADD, PASSED, ""))
    skipping = module_result("b", (DIVIDE, SKIPPED, "later"))
    erring = module_result("c", (DIVIDE, ERROR, "boom"))
    broken = module_result("d", (ADD, PASSED, ""), problems=("collection error",))
    assert reports.overall_status([passing]) == "pass"
    assert reports.overall_status([passing, skipping]) == "fail"
    assert reports.overall_status([passing, erring]) == "error"
    assert reports.overall_status([broken]) == "error"


def test_write_json_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    reports.write_json(path, calculator(), strict=False)
    assert json.loads(path.read_text(encoding="utf-8"))["modules"][0]["tasks_total"] == 2


def test_junit_gives_each_state_its_tag(tmp_path: Path) -> None:
    result = module_result(
        "m",
        (ADD, FAILED, "assert 0\ndiff"),
        (DIVIDE, MISSING, "not found: 1-divide.py"),
        (OWN, NOT_APPLICABLE, "ours"),
        problems=("pytest crashed",),
    )
    path = tmp_path / "results.xml"
    reports.write_junit(path, [result])
    [suite] = ET.parse(path).getroot()
    assert {key: suite.get(key) for key in ("tests", "failures", "errors", "skipped")} == {
        "tests": "4",
        "failures": "2",
        "errors": "1",
        "skipped": "1",
    }
    failure = suite.find("testcase[@name='arith.add']/failure")
    assert failure is not None
    assert (failure.get("message"), failure.text) == ("assert 0", "assert 0\ndiff")


def test_markdown_without_modules_says_none_has_landed() -> None:
    assert reports.markdown([], strict=False).startswith("# Scoreboard\n\nNo module has landed")


def test_markdown_rows_and_notes() -> None:
    page = reports.markdown(calculator(), strict=False)
    assert "**2/5 points**, 1 passed, 1 failed, 0 skipped." in page
    assert "| Calculator (`calculator`) | 1/2 | 2/5 | 1.5 |" in page
    assert "| ✅ | `arith.add` | Title of arith.add | 2/2 | `0x00/0-add.py` |" in page
    assert "| — | `own.extra` | Title of own.extra | — |  |" in page
    # the failure's further lines follow as a code block inside its list item
    assert "- `arith.divide` failed: test_calc.py::test_divide: assert 1 == 2\n\n" in page
    assert "        +  where 1 = divide(2)\n" in page
