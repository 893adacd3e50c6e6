"""9-element_length.py: element_length(lst: Iterable[Sequence]) -> list[tuple[Sequence, int]]."""

from collections.abc import Iterable, Sequence
from typing import Any

import pytest
from annotations.element_length import element_length

pytestmark = pytest.mark.task("annotations.element_length")


def test_pairs_each_element_with_its_length() -> None:
    assert element_length(["a", "bb", ""]) == [("a", 1), ("bb", 2), ("", 0)]


def test_accepts_any_sequences_in_any_iterable() -> None:
    elements = ([1, 2, 3], (4,), "xyz", range(5))
    assert element_length(element for element in elements) == [
        ([1, 2, 3], 3),
        ((4,), 1),
        ("xyz", 3),
        (range(5), 5),
    ]


def test_keeps_the_elements_themselves() -> None:
    element = [1, 2]
    [(same, _)] = element_length([element])
    assert same is element


def test_empty_input_gives_an_empty_list() -> None:
    assert element_length([]) == []


def test_annotations(assert_hints) -> None:
    assert_hints(
        element_length,
        {"lst": Iterable[Sequence[Any]], "return": list[tuple[Sequence[Any], int]]},
    )


def test_passes_mypy(mypy_report) -> None:
    mypy_report.assert_clean("element_length.py")
