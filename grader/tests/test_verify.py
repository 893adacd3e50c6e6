"""The starter check: tests that still pass without the solution are reported."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from grader.tests.conftest import FIXTURES, grade


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
