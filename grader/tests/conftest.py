"""Shared helpers for the grader's tests: the fixture modules and a way to write new ones."""

from __future__ import annotations

import shutil
import signal
import subprocess
import textwrap
from pathlib import Path

import pytest

from grader.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
# The fixture modules' tests and the alternatives' test files run only through the grader.
collect_ignore = ["fixtures", "alternatives"]

PYPROJECT = """\
[tool.pytest.ini_options]
testpaths = ["tests"]
pythonpath = ["."]
addopts = "--strict-markers"
markers = ["task(id): graded task", "services(*names): real services needed"]
"""


@pytest.fixture(autouse=True)
def _no_fixture_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRADER_FIXTURE_SERVICE", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture
def fixtures_root(tmp_path: Path) -> Path:
    """A private copy of the fixture modules, safe to change."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES, root)
    return root


def write_module(root: Path, name: str, files: dict[str, str]) -> Path:
    """A module folder with a pytest configuration and the given files (dedented)."""
    folder = root / name
    for relative, text in {"pyproject.toml": PYPROJECT, **files}.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def grade(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    """Run the grader's command line in-process: (exit status, stdout, stderr)."""
    status = main([*args, "--root", str(root)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def interrupt_when(command: list[str], cwd: Path, waiting: str) -> tuple[list[str], str, int]:
    """Run a watching command until it prints a line starting with `waiting`, then press
    Ctrl-C: (the lines until then, the rest of its output, its exit status)."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith(waiting):
            break
    process.send_signal(signal.SIGINT)
    rest, _ = process.communicate(timeout=60)
    return lines, rest, process.returncode
