"""100-safe_first_element.py: safe_first_element(lst: Sequence[Any]) -> Any | None."""

from collections.abc import Sequence
from typing import Any

import pytest
from annotations.safe_first_element import safe_first_element

pytestmark = pytest.mark.task("annotations.safe_first_element")


@pytest.mark.parametrize(
    ("lst", "expected"),
    [([3, 2, 1], 3), ("abc", "a"), ((None, 1), None), ([0, 1], 0), (["", "x"], "")],
)
def test_returns_the_first_element(lst: Sequence[Any], expected: Any) -> None:
    assert safe_first_element(lst) == expected


@pytest.mark.parametrize("lst", [[], (), "", range(0)])
def test_empty_sequence_gives_none(lst: Sequence[Any]) -> None:
    assert safe_first_element(lst) is None


def test_annotations(assert_hints) -> None:
    assert_hints(safe_first_element, {"lst": Sequence[Any], "return": Any | None})


def test_passes_mypy(mypy_report) -> None:
    mypy_report.assert_clean("safe_first_element.py")
