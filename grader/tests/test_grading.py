"""Grading the fixture modules end to end: states, exit codes, scoreboard and result files,
and the engine's events."""

from __future__ import annotations

import contextlib
import io
import json
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from grader import grading
from grader.cli import main
from grader.grading import Event, Job, ModuleGraded, ModuleProgress, ModuleStarted, ModuleVerified
from grader.manifest import load
from grader.tests.support import FIXTURES, grade, write_module


@dataclass
class Graded:
    status: int
    out: str
    results: dict
    junit: ET.Element
    markdown: str

    def task(self, task_id: str) -> dict:
        return next(test for test in self.results["tests"] if test["task"] == task_id)


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Graded:
    """One run over four fixture modules, every output format written."""
    out_dir = tmp_path_factory.mktemp("out")
    paths = {kind: out_dir / f"results.{kind}" for kind in ("json", "xml", "md")}
    stdout = io.StringIO()
    os.environ.pop("GRADER_FIXTURE_SERVICE", None)
    with contextlib.redirect_stdout(stdout):
        status = main(
            ["calculator", "mixed", "broken", "crashing", "--root", str(FIXTURES),
             "--json", str(paths["json"]), "--junit", str(paths["xml"]),
             "--markdown", str(paths["md"])]
        )  # fmt: skip
    return Graded(
        status,
        stdout.getvalue(),
        json.loads(paths["json"].read_text()),
        ET.parse(paths["xml"]).getroot(),
        paths["md"].read_text(),
    )


@pytest.mark.parametrize(
    ("task_id", "state", "message"),
    [
        ("arith.add", "passed", None),
        ("arith.divide", "passed", None),
        ("states.passes", "passed", None),
        ("states.fails", "failed", "test_shapes.py::test_perimeter: assert 6 == 8"),
        ("states.skips", "skipped", "needs GRADER_FIXTURE_SERVICE"),
        ("states.untested", "error", 'no test is marked @pytest.mark.task("states.untested")'),
        ("states.vacuous", "passed", None),
        ("broken.fine", "passed", None),
        ("broken.imports", "error", "collection error in tests/test_imports.py: ImportError"),
        ("crash.exits", "error", "pytest crashed (exit code 3)"),
    ],
)
def test_each_task_gets_its_state(graded: Graded, task_id: str, state: str, message: str) -> None:
    task = graded.task(task_id)
    assert task["state"] == state
    if message is None:
        assert task["message"] is None
    else:
        assert task["message"].startswith(message)


def test_a_failing_task_exits_1(graded: Graded) -> None:
    assert graded.status == 1


def test_module_problems_are_reported(graded: Graded) -> None:
    problems = {module["name"]: module["problems"] for module in graded.results["modules"]}
    assert problems["calculator"] == []
    assert problems["mixed"] == [
        "tests/test_shapes.py::test_marked_with_unknown_task: marked with unknown task "
        "'states.ghost'"
    ]
    assert problems["broken"][0].startswith("collection error in tests/test_imports.py")
    assert problems["crashing"][0].startswith("pytest crashed")


def test_scoreboard_rows_and_closing_line(graded: Graded) -> None:
    assert "calculator      2/2        5/5" in graded.out
    assert "mixed           2/5       6/15" in graded.out
    assert "total          5/10      12/23" in graded.out
    assert "states.fails     failed   test_shapes.py::test_perimeter: assert 6 == 8" in graded.out
    assert graded.out.rstrip().splitlines()[-1] == "grade: 5 passed, 4 failed, 1 skipped"


def test_progress_lines_in_a_log_are_plain(graded: Graded) -> None:
    assert "grade: calculator: running" in graded.out
    assert "grade: calculator: 2/2 tasks, 5/5 points in" in graded.out
    assert "\x1b[" not in graded.out


def test_json_is_a_superset_of_exercism_and_gradescope(graded: Graded) -> None:
    results = graded.results
    assert results["version"] == 3
    assert results["status"] == "error"  # a module could not be run as a whole
    assert results["message"].startswith("tests/test_shapes.py::test_marked_with_unknown_task")
    assert (results["score"], results["max_score"]) == (12, 23)
    assert results["execution_time"] > 0
    assert [test["task_id"] for test in results["tests"]] == list(range(1, 11))
    for test in results["tests"]:
        assert {"name", "status", "message", "output", "test_code", "task_id"} <= test.keys()
        assert {"score", "max_score", "tags"} <= test.keys()
        assert test["status"] in {"pass", "fail", "error"}


def test_json_carries_the_failing_test_code_and_output(graded: Graded) -> None:
    fails = graded.task("states.fails")
    assert fails["status"] == "fail"
    assert "def test_perimeter():" in fails["test_code"]
    assert "perimeter of a side-2 square" in fails["output"]
    [case] = fails["cases"]
    assert (case["name"], case["outcome"]) == ("tests/test_shapes.py::test_perimeter", "failed")
    assert case["message"] == "assert 6 == 8\n +  where 6 = perimeter(2)"
    assert (fails["score"], fails["max_score"], fails["tags"]) == (0, 2, ["mixed", "states"])


def test_json_summaries_per_module_and_task(graded: Graded) -> None:
    calculator = graded.results["modules"][0]
    assert calculator["name"] == "calculator"
    assert (calculator["status"], calculator["tasks_passed"], calculator["score"]) == (
        "pass",
        2,
        5,
    )
    assert graded.results["tasks"]["mixed/states.skips"] == {
        "module": "mixed",
        "state": "skipped",
        "message": "needs GRADER_FIXTURE_SERVICE",
        "score": 0,
        "max_score": 3,
    }


def test_junit_counts(graded: Graded) -> None:
    suites = {suite.get("name"): suite for suite in graded.junit.iter("testsuite")}
    mixed = suites["mixed"]
    assert (mixed.get("failures"), mixed.get("errors"), mixed.get("skipped")) == ("1", "2", "1")
    failure = mixed.find("testcase[@name='states.fails']/failure")
    assert failure is not None
    assert failure.get("message") == "test_shapes.py::test_perimeter: assert 6 == 8"
    assert suites["calculator"].get("failures") == "0"


def test_markdown_scoreboard(graded: Graded) -> None:
    assert graded.markdown.startswith("# Scoreboard\n")
    assert "**12/23 points**, 5 passed, 4 failed, 1 skipped." in graded.markdown
    assert "| Calculator (`calculator`) | 2/2 | 5/5 |" in graded.markdown
    assert "| ❌ | `states.fails` | A task whose test fails | 0/2 |  |" in graded.markdown
    assert "- `states.skips` skipped: needs GRADER_FIXTURE_SERVICE" in graded.markdown


def test_strict_turns_a_skip_into_a_failure(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_module(
        tmp_path,
        "needs-service",
        {
            "tasks.toml": """\
                [module]
                title = "Needs a service"
                [[task]]
                id = "svc.ping"
                title = "Ping a service"
                points = 1
                files = ["tests/test_ping.py"]
                services = ["redis"]
            """,
            "tests/test_ping.py": """\
                import pytest

                @pytest.mark.task("svc.ping")
                def test_ping():
                    pytest.skip("needs REDIS_URL")
            """,
        },
    )
    status, out, _ = grade(capsys, tmp_path)
    assert status == 0  # a skip alone is not a failure
    assert "svc.ping  skipped  needs REDIS_URL" in out

    status, out, _ = grade(capsys, tmp_path, "--strict")
    assert status == 1
    assert "svc.ping  failed   skipped (strict mode): needs REDIS_URL" in out


def test_a_module_past_its_timeout_is_stopped(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = grade(capsys, FIXTURES, "slow", "--timeout", "1")
    assert status == 1
    assert "slow.sleeps  error    timed out after 1s" in out


def test_every_passing_module_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = grade(capsys, FIXTURES, "calculator")
    assert status == 0
    assert out.rstrip().endswith("grade: 2 passed, 0 failed, 0 skipped")
    assert "Not passed" not in out


def test_one_task_runs_only_its_tests(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    json_path = tmp_path / "results.json"
    status, out, _ = grade(
        capsys, FIXTURES, "--task", "states.fails", "--task", "arith.add", "--json", str(json_path)
    )
    assert status == 1
    assert "calculator      1/1        2/2" in out
    assert "mixed           0/1        0/2" in out
    results = json.loads(json_path.read_text())
    assert [test["task"] for test in results["tests"]] == ["arith.add", "states.fails"]
    # the unknown-marker test of `mixed` was not selected, so it is no problem here
    assert all(module["problems"] == [] for module in results["modules"])


def test_no_module_yet_is_not_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "scoreboard.md"
    status, out, _ = grade(capsys, tmp_path, "--markdown", str(page))
    assert status == 0
    assert "no module has a tasks.toml yet" in out
    assert "No module has landed yet" in page.read_text()


def test_step_summary_is_appended(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    grade(capsys, FIXTURES, "calculator")
    text = summary.read_text()
    assert text.startswith("earlier step\n# Scoreboard\n")
    assert "| Calculator (`calculator`) | 2/2 | 5/5 |" in text


def test_missing_requirement_names_the_package(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_module(
        tmp_path,
        "needy",
        {
            "tasks.toml": '[module]\ntitle = "Needy"\n',
            "requirements.txt": "pytest>=8  # the runner\nsurely-not-installed-pkg[extra]==1.0\n",
        },
    )
    status, out, err = grade(capsys, tmp_path)
    assert status == 2
    assert out == ""
    assert err == (
        "grader: module 'needy' needs surely-not-installed-pkg, not installed in "
        f"{os.sys.executable}: run make setup\n"
    )


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["nowhere"], "unknown module 'nowhere' (modules: broken, calculator, crashing, mixed"),
        (["--task", "arith.nope"], "unknown task 'arith.nope'"),
        (["mixed", "--task", "arith.add"], "task 'arith.add' belongs to module 'calculator'"),
        (["--jobs", "0"], "argument --jobs: must be above zero: '0'"),
        (["--timeout", "soon"], "argument --timeout: not a number: 'soon'"),
        (["--watch", "calculator", "mixed"], "--watch takes its module alone"),
        (["--colour"], "unrecognized arguments: --colour"),
        (["hint", "arith.nope"], "unknown task 'arith.nope'"),
        (["hint"], "the following arguments are required: TASK"),
        (["--against", "/no/such/peer"], "--against: no such folder: /no/such/peer"),
        (["--against", ".", "--verify"], "--against grades once: not with --verify or --watch"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], error: str
) -> None:
    status, out, err = grade(capsys, FIXTURES, *args)
    assert status == 2
    assert out == ""
    assert err.startswith(f"grader: {error}")
    assert err.count("\n") == 1


def test_list_shows_tasks_with_program_file_and_hint(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = grade(capsys, FIXTURES, "calculator", "--list")
    assert status == 0
    assert out.splitlines()[:4] == [
        "calculator: Calculator (2 tasks, 5 points)",
        "  arith.add  [2 pts]  Add two numbers",
        "      program file: calculator-0x00/0-add.py",
        "      hint: Return the sum; the tests also add floats.",
    ]


def test_hint(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = grade(capsys, FIXTURES, "hint", "arith.add")
    assert status == 0
    assert out.splitlines() == [
        "arith.add: Add two numbers (2 points)",
        "  module:       calculator",
        "  write:        calc.py",
        "  program file: calculator-0x00/0-add.py",
        "  hint:         Return the sum; the tests also add floats.",
    ]


def test_against_grades_another_implementation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The peer's file for arith.add is wrong, and it has no file for arith.divide.

    (Both fixture tasks live in calc.py, so the peer's 0-add.py defines both functions.)
    """
    peer = tmp_path / "peer"
    wrong_add = "def add(a, b):\n    return a - b\n\n\ndef divide(a, b):\n    return a / b\n"
    write_module(peer, "calculator-0x00", {"0-add.py": wrong_add})
    json_path = tmp_path / "results.json"
    status, out, _ = grade(
        capsys, FIXTURES, "calculator", "--against", str(peer), "--json", str(json_path)
    )
    assert status == 1
    assert "arith.add     failed   test_calc.py::test_add[2-3-5]: assert -1 == 5" in out
    assert "arith.divide  missing  not found: calculator-0x00/1-divide.py" in out
    states = json.loads(json_path.read_text())["tasks"]
    assert [states[f"calculator/{task}"]["state"] for task in ("arith.add", "arith.divide")] == [
        "failed",
        "missing",
    ]
    assert "return a + b" in (FIXTURES / "calculator" / "calc.py").read_text()


def test_against_a_correct_implementation_passes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    peer = tmp_path / "peer"
    solution = (FIXTURES / "calculator" / "calc.py").read_text()
    write_module(peer, "calculator-0x00", {"0-add.py": solution, "1-divide.py": solution})
    status, out, _ = grade(capsys, FIXTURES, "calculator", "--against", str(peer))
    assert status == 0
    assert out.rstrip().endswith("grade: 2 passed, 0 failed, 0 skipped")


def test_a_task_id_two_modules_share_is_graded_in_the_module_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name, answer in (("first", 1), ("second", 2)):
        write_module(
            tmp_path,
            name,
            {
                "tasks.toml": f"""\
                    [module]
                    title = "{name}"

                    [[task]]
                    id = "deploy.docker"
                    title = "Shared id"
                    points = {answer}
                    files = ["tests/test_it.py"]
                """,
                "tests/test_it.py": f"""\
                    import pytest


                    @pytest.mark.task("deploy.docker")
                    def test_it():
                        assert {answer} == 2
                """,
            },
        )
    status, out, _ = grade(capsys, tmp_path, "second", "--task", "deploy.docker")
    assert status == 0, out
    assert "second: 1/1 tasks, 2/2 points" in out


def test_the_engine_reports_events_and_prints_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    calculator = load(FIXTURES / "calculator")
    jobs = [Job(calculator, calculator.tasks)]
    events: list[Event] = []
    [result] = grading.grade(jobs, strict=False, timeout=600, workers=1, on_event=events.append)
    assert capsys.readouterr().out == ""
    assert events[0] == ModuleStarted("calculator")
    assert events[-1] == ModuleGraded(result)
    progress = [e for e in events[1:-1] if isinstance(e, ModuleProgress)]
    assert progress == events[1:-1]
    assert (progress[-1].finished, progress[-1].collected) == (4, 4)

    verdicts = grading.verify(jobs, timeout=600, workers=1, on_event=events.append)
    assert capsys.readouterr().out == ""
    assert events[-1] == ModuleVerified("calculator", tuple(verdicts))
