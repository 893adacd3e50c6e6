"""What the grader prints, from events and results built in memory."""

from __future__ import annotations

import io

import pytest

from grader import display
from grader.grading import (
    Job,
    ModuleGraded,
    ModuleProgress,
    ModuleStarted,
    ModuleVerified,
    Verdict,
)
from grader.scoring import ERROR, FAILED, NOT_APPLICABLE, PASSED, SKIPPED, TaskResult
from grader.tests.support import module, module_result, task

ADD = task("arith.add", points=2)
VACUOUS = task("states.vacuous", solution=("vacuous.py:area",))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _colour_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_progress_in_a_log_is_one_plain_line_at_start_and_end() -> None:
    log = io.StringIO()
    progress = display.Progress(["calc"], log)
    progress.show(ModuleStarted("calc"))
    progress.show(ModuleProgress("calc", 1, 4))  # only a terminal shows the count
    progress.show(ModuleGraded(module_result("calc", (ADD, PASSED, ""))))
    assert log.getvalue().splitlines() == [
        "grade: calc: running",
        "grade: calc: 1/1 tasks, 2/2 points in 1.5s",
    ]


def test_progress_on_a_terminal_redraws_its_block_in_colour() -> None:
    terminal = Terminal()
    progress = display.Progress(["calc", "mixed"], terminal)
    progress.show(ModuleStarted("calc"))
    progress.show(ModuleGraded(module_result("calc", (ADD, FAILED, "assert 0"))))
    drawn = terminal.getvalue()
    assert drawn.startswith("\x1b[2K  calc   running\n\x1b[2K  mixed  waiting\n")
    assert drawn.endswith(
        "\x1b[2F\x1b[2K  calc   \x1b[31m0/1 tasks, 0/2 points in 1.5s\x1b[0m\n"
        "\x1b[2K  mixed  waiting\n"
    )


def test_no_color_keeps_a_terminal_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert display.Style(Terminal()).paint("text", PASSED) == "text"
    assert display.Style(Terminal()).bold("text") == "text"
    assert display.Style(io.StringIO()).paint("text", PASSED) == "text"


def verdict(state: str, *, tested: bool = True, broken: tuple = (), message: str = "") -> Verdict:
    return Verdict("mixed", VACUOUS, state, message, tested, broken)


@pytest.mark.parametrize(
    ("made", "explanation"),
    [
        (verdict(FAILED), "its tests fail on the starter"),
        (verdict(PASSED), "its tests still pass with vacuous.py:area replaced by a starter: "
                          "they do not test it"),
        (verdict(SKIPPED, message="redis"), "not checked, its tests were skipped: redis"),
        (verdict(ERROR, tested=False, message="no test is marked"),
         "cannot be checked: no test is marked"),
        (verdict(FAILED, broken=(TaskResult(ADD, FAILED, "assert 3 == 5\ndiff"),)),
         "its starter breaks other tasks that share its files: arith.add (assert 3 == 5)"),
    ],
)  # fmt: skip
def test_explain_says_what_the_starter_showed(made: Verdict, explanation: str) -> None:
    assert display.explain(made) == explanation


def test_verdicts_print_each_module_and_the_tasks_not_caught() -> None:
    verdicts = (verdict(FAILED), verdict(PASSED), verdict(SKIPPED, message="later"))
    log = io.StringIO()
    display.Verdicts(strict=False, stream=log).show(ModuleVerified("mixed", verdicts))
    assert log.getvalue().splitlines() == [
        "verify: mixed: 1 passed, 1 failed, 1 skipped",
        "  states.vacuous  its tests still pass with vacuous.py:area replaced by a starter: "
        "they do not test it",
        "  states.vacuous  not checked, its tests were skipped: later",
    ]
    assert display.verify_summary(list(verdicts), strict=True) == (
        "verify: 1 passed, 2 failed, 0 skipped"
    )


def test_task_list_shows_program_files_and_hints() -> None:
    listed = task("arith.add", 2, curriculum="0x00/0-add.py", curriculum_also=("0-add.py",),
                  hint="Return the sum.")  # fmt: skip
    lines = display.task_list([Job(module("calc", listed, VACUOUS), (listed,))])
    assert lines == [
        "calc: Calc (2 tasks, 3 points)",
        "  arith.add  [2 pts]  Title of arith.add",
        "      program file: 0x00/0-add.py (or 0-add.py)",
        "      hint: Return the sum.",
    ]


def test_scoreboard_sections(capsys: pytest.CaptureFixture[str]) -> None:
    own = task("own.extra", points=4)
    results = [
        module_result("calc", (ADD, PASSED, "")),
        module_result(
            "mixed",
            (VACUOUS, FAILED, "test_a.py::test_area: assert 1 == 2\n\n +  where 1 = area()"),
            (own, NOT_APPLICABLE, "ours"),
            problems=("tests/test_b.py::test_x: has no @pytest.mark.task marker",),
            notes=("pytest lingered",),
        ),
    ]
    display.scoreboard(results)
    assert capsys.readouterr().out == (
        "\n"
        "module    tasks     points  seconds\n"
        "calc        1/1        2/2      1.5\n"
        "mixed       0/1        0/1      1.5\n"
        "total       1/2        2/3      3.0\n"
        "\n"
        "Not passed:\n"
        "  mixed  (module)        error    tests/test_b.py::test_x: has no @pytest.mark.task "
        "marker\n"
        "  mixed  states.vacuous  failed   test_a.py::test_area: assert 1 == 2\n"
        "       +  where 1 = area()\n"
        "\n"
        "Not applicable, not counted (the portfolio's own exercises, no program file):\n"
        "  mixed  own.extra\n"
        "\n"
        "Notes:\n"
        "  mixed  pytest lingered\n"
        "\n"
        "grade: 1 passed, 1 failed, 0 skipped\n"
    )


@pytest.mark.parametrize(
    ("text", "limit", "first"),
    [
        ("", 10, ""),
        ("\n  one\ntwo", 10, "one"),
        ("abcdefghijk", 5, "abcd…"),
        ("long", None, "long"),
    ],
)
def test_first_line(text: str, limit: int | None, first: str) -> None:
    assert display.first_line(text, limit) == first


def test_further_lines_drop_the_blank_lines_around_them() -> None:
    assert display.further_lines("assert 0\n\n  diff  \nmore\n\n") == ["  diff", "more"]
