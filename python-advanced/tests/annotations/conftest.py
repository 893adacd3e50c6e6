"""Shared helpers for the annotations tests: comparing type hints, and mypy runs.

Type hints are read with typing.get_type_hints, which resolves the strings that
`from __future__ import annotations` leaves, so both spellings of a module grade alike.
They are compared after `canonical`, which erases differences of spelling only
(`List[int]` and `list[int]`, `Union[int, float]` and `int | float`, a bare `Tuple` and
`tuple[Any, ...]`, a bare `Sequence` and `Sequence[Any]`), never of meaning. Where the
program's text allows more than one annotation, a test expects `one_of(...)` them, or
`kind(list)`: any list, whatever its items.

mypy checks each file with its default settings, as the program's "use mypy" does; the
`annotations.extras` task asks for `mypy --strict`, which also rejects the program's own
bare `Tuple`, `List` and `Mapping`.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from mypy import api as mypy_api

MODULE_ROOT = Path(__file__).resolve().parents[2]
UNIT = MODULE_ROOT / "annotations"
ANY = ("any",)


def canonical(hint: Any) -> Any:
    """A comparable form of a type hint, independent of how it is spelled."""
    if hint is Any:  # a class itself since Python 3.11: test it before the classes
        return ANY
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
    if all(arg == ANY or arg is Ellipsis for arg in arguments):
        arguments = ()
    return ("class", origin, arguments)


@dataclass(frozen=True)
class OneOf:
    """Any of these hints is right (the program's text allows each of them)."""

    hints: tuple[Any, ...]

    def matches(self, hint: Any) -> bool:
        return any(_matches(hint, option) for option in self.hints)

    def __repr__(self) -> str:
        return " or ".join(map(repr, self.hints))


@dataclass(frozen=True)
class Kind:
    """Any parameterisation of one generic class: `kind(list)` is list, List[int], List..."""

    origin: type

    def matches(self, hint: Any) -> bool:
        form = canonical(hint)
        return isinstance(form, tuple) and form[:2] == ("class", self.origin)

    def __repr__(self) -> str:
        return f"any {self.origin.__name__}"


def one_of(*hints: Any) -> OneOf:
    return OneOf(hints)


def kind(origin: type) -> Kind:
    return Kind(origin)


def _matches(hint: Any, expected: Any) -> bool:
    if isinstance(expected, OneOf | Kind):
        return expected.matches(hint)
    return bool(canonical(hint) == canonical(expected))


def _assert_hints(obj: Callable[..., Any] | types.ModuleType, expected: dict[str, Any]) -> None:
    """Assert that obj's annotations are exactly `expected`, spelling aside."""
    hints = typing.get_type_hints(obj)
    assert set(hints) == set(expected), f"annotated names: {sorted(hints)}"
    for name, hint in expected.items():
        assert _matches(hints[name], hint), f"{name}: {hints[name]!r}, not {hint!r}"


@dataclass(frozen=True)
class MypyReport:
    """The outcome of one mypy run."""

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


def run_mypy(*paths: Path, cache_dir: Path, strict: bool = False) -> MypyReport:
    """Run mypy in-process with the module's configuration, absolute paths in errors."""
    stdout, stderr, status = mypy_api.run(
        [
            *(["--strict"] if strict else []),
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


@dataclass
class UnitCheck:
    """mypy over the whole unit, run once; a file is rechecked alone only when another
    file stopped the whole run (a syntax error, status 2), so that one broken file fails
    its own task and no other."""

    cache_dir: Path
    strict: bool
    alone: dict[str, MypyReport] = field(default_factory=dict)
    whole: MypyReport | None = None

    def report_for(self, file_name: str) -> MypyReport:
        if self.whole is None:
            self.whole = run_mypy(UNIT, cache_dir=self.cache_dir, strict=self.strict)
        if self.whole.status in (0, 1):
            return self.whole
        if file_name not in self.alone:
            path = UNIT / file_name
            self.alone[file_name] = run_mypy(path, cache_dir=self.cache_dir, strict=self.strict)
        return self.alone[file_name]

    def assert_clean(self, file_name: str) -> None:
        """Assert that mypy could check file_name (no crash, no blocking error) and passed it."""
        assert (UNIT / file_name).is_file(), f"no {file_name} in {UNIT}"
        report = self.report_for(file_name)
        output = report.stdout + report.stderr
        assert report.status in (0, 1), output  # 2: mypy could not check the file at all
        assert "source file" in report.stdout, output
        assert report.errors_in(file_name) == []


@pytest.fixture(scope="session")
def mypy_cache() -> Path:
    """mypy's own cache, kept in the module (git-ignored) across runs: analysing the
    standard library costs seconds, and a learner checking one task runs this often.
    mypy rechecks every file whose content changed, so a kept cache changes no verdict."""
    return MODULE_ROOT / ".mypy_cache"


@pytest.fixture(scope="session")
def mypy_report(mypy_cache: Path) -> UnitCheck:
    """mypy with its default settings (the program's "use mypy") over the unit."""
    return UnitCheck(mypy_cache, strict=False)


@pytest.fixture(scope="session")
def mypy_strict_report(mypy_cache: Path) -> UnitCheck:
    """mypy --strict over the unit (the annotations.extras task)."""
    return UnitCheck(mypy_cache, strict=True)


@pytest.fixture
def assert_hints() -> Callable[[Callable[..., Any] | types.ModuleType, dict[str, Any]], None]:
    """The hint comparison, for test files (which cannot import this conftest)."""
    return _assert_hints


@pytest.fixture
def hint_options() -> tuple[Callable[..., OneOf], Callable[[type], Kind]]:
    """(one_of, kind): expected hints that allow several spellings of meaning."""
    return one_of, kind


@pytest.fixture(name="run_mypy")
def run_mypy_fixture() -> Callable[..., MypyReport]:
    """run_mypy, for a test that checks a file of its own."""
    return run_mypy
