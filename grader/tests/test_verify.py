"""The starter check: tests that still pass without the solution are reported."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from grader.tests.support import FIXTURES, grade, write_module


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_vacuous_test_is_caught(capsys: pytest.CaptureFixture[str]) -> None:
    before = tree_digest(FIXTURES / "mixed")
    status, out, _ = grade(capsys, FIXTURES, "mixed", "--verify")
    assert status == 1
    assert out.splitlines() == [
        "verify: mixed: 2 passed, 2 failed, 1 skipped",
        "  states.skips  not checked, its tests were skipped: needs GRADER_FIXTURE_SERVICE",
        "  states.untested  cannot be checked: "
        'no test is marked @pytest.mark.task("states.untested")',
        "  states.vacuous  its tests still pass with vacuous.py replaced by a starter: "
        "they do not test it",
        "verify: 2 passed, 2 failed, 1 skipped",
    ]
    assert tree_digest(FIXTURES / "mixed") == before  # only a copy is ever changed


def test_meaningful_tests_pass_the_check(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = grade(capsys, FIXTURES, "calculator", "--verify")
    assert status == 0
    assert out.splitlines() == [
        "verify: calculator: 2 passed, 0 failed, 0 skipped",
        "verify: 2 passed, 0 failed, 0 skipped",
    ]


def test_strict_refuses_an_unverifiable_skip(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = grade(
        capsys, FIXTURES, "mixed", "--verify", "--strict", "--task", "states.skips"
    )
    assert status == 1
    assert "states.skips  not checked, its tests were skipped: needs GRADER_FIXTURE_SERVICE" in out
    assert out.rstrip().endswith("verify: 0 passed, 1 failed, 0 skipped")


NEIGHBOURS = {
    "tasks.toml": """
        [module]
        title = "Neighbours"

        [[task]]
        id = "arith.add"
        title = "Add"
        points = 1
        files = ["calc.py"]
        solution = ["calc.py:add"]

        [[task]]
        id = "arith.mean"
        title = "Mean"
        points = 1
        files = ["calc.py"]
        solution = ["calc.py:mean"]
        """,
    "calc.py": """
        def add(a, b):
            return a + b


        def mean(a, b):
            return add(a, b) / 2  # uses its neighbour's solution
        """,
    "tests/test_calc.py": """
        import pytest

        from calc import add, mean


        @pytest.mark.task("arith.add")
        def test_add():
            assert add(2, 3) == 5


        @pytest.mark.task("arith.mean")
        def test_mean():
            assert mean(2, 4) == 3
        """,
}


def test_a_starter_that_breaks_a_neighbour_is_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_module(tmp_path, "neighbours", NEIGHBOURS)
    status, out, _ = grade(capsys, tmp_path, "neighbours", "--verify")
    assert status == 1
    assert out.splitlines()[:2] == [
        "verify: neighbours: 1 passed, 1 failed, 0 skipped",
        "  arith.add  its starter breaks other tasks that share its files: arith.mean "
        "(test_calc.py::test_mean: NotImplementedError: arith.add: Add)",
    ]


def test_a_declared_builds_on_is_not_a_breakage(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = dict(NEIGHBOURS)
    files["tasks.toml"] = files["tasks.toml"].replace(
        'solution = ["calc.py:mean"]',
        'solution = ["calc.py:mean"]\n        builds_on = ["arith.add"]',
    )
    write_module(tmp_path, "neighbours", files)
    status, out, _ = grade(capsys, tmp_path, "neighbours", "--verify")
    assert status == 0, out
