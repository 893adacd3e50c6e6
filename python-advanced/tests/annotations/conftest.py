"""Shared helpers for the annotations tests: comparing type hints, and one mypy --strict run.

Type hints are read with typing.get_type_hints, which resolves the strings that
`from __future__ import annotations` leaves, so both spellings of a module grade alike.
They are compared after `canonical`, which erases differences of spelling only
(`List[int]` and `list[int]`, `Union[int, float]` and `int | float`, a bare `Tuple` and
`tuple[Any, ...]`), never of meaning.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from mypy import api as mypy_api

MODULE_ROOT = Path(__file__).resolve().parents[2]
UNIT = MODULE_ROOT / "annotations"


def canonical(hint: Any) -> Any:
    """A comparable form of a type hint, independent of how it is spelled."""
    if isinstance(hint, list):  # the parameter list of Callable[[...], ...]
        return ("parameters", tuple(canonical(item) for item in hint))
    if hint is None or hint is type(None):
        return ("class", type(None), ())
    if isinstance(hint, typing.TypeVar):
        return ("typevar",)  # each module declares its own T: only the kind matters
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return ("union", frozenset(canonical(arg) for arg in typing.get_args(hint)))
    if origin is None:
        return ("class", hint, ()) if isinstance(hint, type) else hint
    arguments = tuple(canonical(arg) for arg in typing.get_args(hint))
    # A bare generic means "any parameters": Tuple is tuple[Any, ...], Sequence is Sequence[Any].
    if all(arg in (Any, Ellipsis) for arg in arguments):
        arguments = ()
    return ("class", origin, arguments)


def _assert_hints(obj: Callable[..., Any] | types.ModuleType, expected: dict[str, Any]) -> None:
    """Assert that obj's annotations are exactly `expected`, spelling aside."""
    hints = typing.get_type_hints(obj)
    assert set(hints) == set(expected), f"annotated names: {sorted(hints)}"
    for name, hint in expected.items():
        assert canonical(hints[name]) == canonical(hint), f"{name}: {hints[name]!r}, not {hint!r}"


@dataclass(frozen=True)
class MypyReport:
    """The outcome of one `mypy --strict` run over the annotations unit."""

    stdout: str
    stderr: str
    status: int

    def errors_in(self, file_name: str) -> list[str]:
        """The error lines mypy reported for one file of the unit."""
        prefix = f"{UNIT / file_name}:"
        return [
            line
            for line in self.stdout.splitlines()
            if line.startswith(prefix) and ": error:" in line
        ]

    def assert_clean(self, file_name: str) -> None:
        """Assert that mypy checked the unit (no crash, no blocking error) and file_name passed."""
        report = self.stdout + self.stderr
        assert self.status in (0, 1), report  # 2: mypy could not check the unit at all
        assert "source file" in self.stdout, report
        assert (UNIT / file_name).is_file(), f"no {file_name} in {UNIT}"
        assert self.errors_in(file_name) == []


def run_mypy_strict(*paths: Path, cache_dir: Path) -> MypyReport:
    """Run mypy --strict in-process with the module's configuration, absolute paths in errors."""
    stdout, stderr, status = mypy_api.run(
        [
            "--strict",
            "--config-file",
            str(MODULE_ROOT / "pyproject.toml"),
            "--cache-dir",
            str(cache_dir),
            "--show-absolute-path",
            "--no-color-output",
            *(str(path) for path in paths),
        ]
    )
    return MypyReport(stdout, stderr, status)


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache per session: the second run reuses the standard library's analysis."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture(scope="session")
def mypy_report(mypy_cache: Path) -> MypyReport:
    """mypy --strict over the whole unit, run once per test session."""
    return run_mypy_strict(UNIT, cache_dir=mypy_cache)


@pytest.fixture
def assert_hints() -> Callable[[Callable[..., Any] | types.ModuleType, dict[str, Any]], None]:
    """The hint comparison, for test files (which cannot import this conftest)."""
    return _assert_hints


@pytest.fixture
def run_mypy() -> Callable[..., MypyReport]:
    """run_mypy_strict, for a test that checks a file of its own."""
    return run_mypy_strict
