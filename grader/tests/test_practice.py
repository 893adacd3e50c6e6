"""Practice mode on a small module: the whole learner loop, progress, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from grader.manifest import discover
from grader.practice import DONE, FAILING, STARTED, Practice
from grader.tests.support import grade, interrupt_when, write_module

REPOSITORY = Path(__file__).resolve().parents[2]

TASKS = '''
[module]
title = "Shapes"

[[task]]
id = "shapes.area"
title = "Area of a rectangle"
points = 2
files = ["shapes.py"]
solution = ["shapes.py:area"]
hint = "Width times height."
instructions = """
Write `area(width, height)` in shapes.py: the rectangle's area.
A negative side is a ValueError.
"""

[[task]]
id = "shapes.perimeter"
title = "Perimeter of a rectangle"
points = 1
files = ["shapes.py"]
solution = ["shapes.py:perimeter"]
hint = "Twice the sum of the sides."
instructions = """
Write `perimeter(width, height)` in shapes.py.
"""

[[task]]
id = "shapes.report"
title = "A report of both"
points = 1
files = ["report.py"]
builds_on = ["shapes.area"]
instructions = """
Write `report(width, height)`: "area A, perimeter P".
"""
'''

SHAPES = '''
"""Rectangles."""


def area(width: float, height: float) -> float:
    """The rectangle's area."""
    if width < 0 or height < 0:
        raise ValueError("a side is negative")
    return width * height


def perimeter(width: float, height: float) -> float:
    return 2 * (width + height)
'''

REPORT = """
from shapes import area, perimeter


def report(width: float, height: float) -> str:
    return f"area {area(width, height):g}, perimeter {perimeter(width, height):g}"
"""

TESTS = '''
import pytest

from report import report
from shapes import area, perimeter


@pytest.mark.task("shapes.area")
def test_area() -> None:
    """Width times height."""
    assert area(2, 3) == 6


@pytest.mark.task("shapes.area")
def test_negative_side() -> None:
    with pytest.raises(ValueError):
        area(-1, 2)


@pytest.mark.task("shapes.perimeter")
def test_perimeter() -> None:
    assert perimeter(2, 3) == 10


@pytest.mark.task("shapes.report")
def test_report() -> None:
    assert report(2, 3) == "area 6, perimeter 10"
'''


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    write_module(
        root,
        "shapes",
        {
            "tasks.toml": TASKS,
            "shapes.py": SHAPES,
            "report.py": REPORT,
            "tests/test_shapes.py": TESTS,
        },
    )
    return root


@pytest.fixture
def lines() -> list[str]:
    return []


@pytest.fixture
def practice(root: Path, lines: list[str]) -> Practice:
    return Practice(discover(root), root / "practice", out=lines.append)


def progress(root: Path) -> dict:
    return json.loads((root / "practice/shapes/.practice.json").read_text())


def write_area(practice: Practice, root: Path, body: str) -> tuple[Path, str]:
    """Start shapes.area and write `body` in place of its starter: (the file, its text)."""
    practice.start("shapes.area")
    workspace = root / "practice/shapes/shapes.py"
    text = workspace.read_text().replace(
        "raise NotImplementedError('shapes.area: Area of a rectangle')", body
    )
    workspace.write_text(text)
    return workspace, text


def test_the_learner_loop(root: Path, practice: Practice, lines: list[str]) -> None:
    reference = (root / "shapes/shapes.py").read_text()
    workspace = root / "practice/shapes/shapes.py"

    practice.start("shapes")  # a module starts at its first unfinished task
    shown = "\n".join(lines)
    assert "shapes · exercise 1 of 3: shapes.area (2 points)" in shown
    assert "A negative side is a ValueError." in shown
    assert "(area)" in shown
    assert "Until it passes, these fail too (they use it): shapes.report" in shown
    started = workspace.read_text()
    assert "raise NotImplementedError('shapes.area: Area of a rectangle')" in started
    assert "return 2 * (width + height)" in started  # the neighbour keeps its solution
    assert (root / "shapes/shapes.py").read_text() == reference  # the module is untouched

    lines.clear()
    assert practice.check(None).state == "failed"
    assert lines[0].startswith("✗ shapes.area is not done yet: test_shapes.py::test_area")
    assert "NotImplementedError: shapes.area: Area of a rectangle" in "\n".join(lines)
    assert "\nHint:  Width times height." in lines
    assert progress(root)["tasks"]["shapes.area"]["state"] == FAILING

    workspace.write_text(reference)
    lines.clear()
    assert practice.check(None).state == "passed"
    assert lines[0].startswith("✓ shapes.area passed (2 tests")
    assert progress(root)["tasks"]["shapes.area"]["state"] == DONE

    lines.clear()
    practice.next()
    assert "shapes.perimeter" in lines[0]
    assert progress(root)["current"] == "shapes.perimeter"
    assert "return width * height" in workspace.read_text()

    lines.clear()
    practice.list("shapes")
    assert lines[:3] == [
        "  done        shapes.area                        2 points  Area of a rectangle",
        "> started     shapes.perimeter                   1 point   Perimeter of a rectangle",
        "  not started shapes.report                      1 point   A report of both",
    ]


def test_reset_keeps_a_backup_and_solution_shows_the_diff(
    root: Path, practice: Practice, lines: list[str]
) -> None:
    workspace, attempt = write_area(practice, root, "return width + height")

    lines.clear()
    assert practice.solution("shapes.area", confirmed=False, ask=lambda _: "n") is False
    assert lines == ["Not shown."]
    lines.clear()
    assert practice.solution("shapes.area", confirmed=False, ask=lambda _: "y") is True
    diff = "\n".join(lines)
    assert "-    return width + height" in diff
    assert "+    return width * height" in diff
    assert "perimeter" not in diff  # only this task's part

    [backup] = practice.reset("shapes.area")
    assert backup == root / "practice/shapes/shapes.py.backup"
    assert backup.read_text() == attempt
    assert "raise NotImplementedError" in workspace.read_text()
    assert progress(root)["tasks"]["shapes.area"]["state"] == STARTED
    assert practice.reset("shapes.area")[0].name == "shapes.py.backup-2"


def test_starting_again_keeps_what_the_learner_wrote(
    root: Path, practice: Practice, lines: list[str]
) -> None:
    workspace, mine = write_area(practice, root, "return width * height")
    lines.clear()
    practice.start("shapes.area")
    assert workspace.read_text() == mine
    assert "Kept as you wrote them: shapes.py:area" in lines


def test_hint_levels(practice: Practice, lines: list[str]) -> None:
    practice.hint("shapes.area", 2)
    shown = "\n".join(lines)
    assert "hint:         Width times height." in shown
    assert (
        "tests/test_shapes.py::test_area\n      Width times height.\n      asserts area(2, 3) == 6"
        in shown
    )
    assert "tests/test_shapes.py::test_negative_side\n      asserts it raises ValueError" in shown
    assert "test_perimeter" not in shown


def test_watch_moves_on_when_the_task_passes(root: Path, practice: Practice) -> None:
    practice.start("shapes.area")
    workspace = root / "practice/shapes/shapes.py"
    reference = (root / "shapes/shapes.py").read_text()
    stop = threading.Event()
    polled = threading.Semaphore(0)
    watcher = threading.Thread(
        target=practice.watch, kwargs={"stop": stop, "on_poll": polled.release}
    )
    watcher.start()
    try:
        assert polled.acquire(timeout=60)  # the first check ran and watch is waiting
        assert progress(root)["tasks"]["shapes.area"]["state"] == FAILING
        workspace.write_text(reference)
        while progress(root)["current"] != "shapes.perimeter":
            assert polled.acquire(timeout=60)  # each quiet look after the change
        assert progress(root)["tasks"]["shapes.area"]["state"] == DONE
    finally:
        stop.set()
        watcher.join(timeout=60)
    assert not watcher.is_alive()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["practice", "start", "shapes.nope"], "unknown task 'shapes.nope'"),
        (["practice", "check"], "no exercise started yet"),
        (["practice", "hint", "shapes.area", "--level", "4"], "invalid choice: 4"),
        (["practice", "reset", "shapes.area"], "shapes.area is not started"),
        (["practice", "list", "nope"], "unknown module 'nope'"),
        (["practice", "start"], "the following arguments are required: TASK|MODULE"),
    ],
)
def test_bad_input_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], root: Path, args: list[str], message: str
) -> None:
    status, _, err = grade(capsys, root, *args)
    assert status == 2
    assert message in err
    assert not (root / "practice/shapes").exists()


def test_watch_stops_cleanly_on_ctrl_c(root: Path) -> None:
    where = ["--root", str(root), "--workspace", str(root / "practice")]
    practice = [sys.executable, "-m", "grader", "practice"]
    subprocess.run([*practice, "start", "shapes.area", *where], cwd=REPOSITORY, check=True)
    lines, rest, status = interrupt_when(
        [*practice, "watch", *where], REPOSITORY, "watch: waiting for changes in"
    )
    assert status == 0
    assert lines[0].startswith("✗ shapes.area is not done yet")
    assert "watch: stopped" in rest


def test_starting_again_adds_the_modules_new_files_and_keeps_the_learners(
    root: Path, practice: Practice
) -> None:
    practice.start("shapes.area")
    (root / "practice/shapes/report.py").write_text("# mine\n")
    (root / "shapes/tests/test_new.py").write_text("# a test file added to the module since\n")
    practice.start("shapes.perimeter")
    assert (root / "practice/shapes/tests/test_new.py").is_file()
    assert (root / "practice/shapes/report.py").read_text() == "# mine\n"
