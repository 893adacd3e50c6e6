"""102-type_checking.py: zoom_array, corrected until mypy accepts the module."""

import importlib
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.task("annotations.zoom_array")

# The program's exercise as handed out: mypy must find what is wrong with it.
PROGRAM_VERSION = textwrap.dedent(
    """\
    from typing import Tuple


    def zoom_array(lst: Tuple, factor: int = 2) -> Tuple:
        zoomed_in: Tuple = [
            item for item in lst
            for i in range(factor)
        ]
        return zoomed_in


    array = [12, 72, 91]

    zoom_2x = zoom_array(array)

    zoom_3x = zoom_array(array, 3.0)
    """
)


@pytest.fixture
def module() -> ModuleType:
    """The module, imported by each test: its module-level calls run at import time."""
    return importlib.import_module("annotations.zoom_array")


def test_repeats_each_item_factor_times(module: ModuleType) -> None:
    assert module.zoom_array((12, 72, 91), 3) == [12, 12, 12, 72, 72, 72, 91, 91, 91]


def test_default_factor_is_two(module: ModuleType) -> None:
    assert module.zoom_array(("a", "b")) == ["a", "a", "b", "b"]


@pytest.mark.parametrize(("lst", "factor"), [((), 4), ((1, 2), 0)])
def test_nothing_to_repeat_gives_an_empty_list(
    module: ModuleType, lst: tuple[Any, ...], factor: int
) -> None:
    assert module.zoom_array(lst, factor) == []


def test_module_level_calls_are_the_corrected_ones(module: ModuleType) -> None:
    # The handed-out module called zoom_array with a list and a float factor. Either the
    # array becomes a tuple (the program's answer) or the annotation takes a list.
    assert tuple(module.array) == (12, 72, 91)
    assert module.zoom_2x == [12, 12, 72, 72, 91, 91]
    assert module.zoom_3x == [12, 12, 12, 72, 72, 72, 91, 91, 91]


def test_annotations(module: ModuleType, assert_hints, hint_options) -> None:
    one_of, kind = hint_options
    # It returns a list (the handed-out `-> Tuple` was the bug); the argument may be any
    # sequence type the module's own array fits, which mypy checks below.
    argument = one_of(kind(tuple), kind(Sequence), kind(list), kind(Iterable))
    assert_hints(module.zoom_array, {"lst": argument, "factor": int, "return": kind(list)})


def test_passes_mypy(mypy_report) -> None:
    mypy_report.assert_clean("zoom_array.py")


def test_mypy_rejects_the_program_version(tmp_path: Path, mypy_cache: Path, run_mypy) -> None:
    # Proves the check can fail: the same mypy settings flag the uncorrected exercise.
    source = tmp_path / "type_checking_as_handed_out.py"
    source.write_text(PROGRAM_VERSION, encoding="utf-8")
    report = run_mypy(source, cache_dir=mypy_cache)
    errors = [line for line in report.stdout.splitlines() if ": error:" in line]
    assert report.status == 1, report.stdout + report.stderr
    assert any('Argument 1 to "zoom_array" has incompatible type "list[int]"' in e for e in errors)
    assert any('Argument 2 to "zoom_array" has incompatible type "float"' in e for e in errors)
    assert any("Incompatible types in assignment" in error for error in errors)
