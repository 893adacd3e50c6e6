"""5-sum_list.py: sum_list(input_list: list[float]) -> float."""

import pytest
from annotations.sum_list import sum_list

pytestmark = pytest.mark.task("annotations.sum_list")


@pytest.mark.parametrize(
    ("input_list", "expected"),
    [([3.14, 1.11, 2.22], 6.47), ([-1.5, 1.5], 0.0), ([2.5], 2.5)],
)
def test_sums_and_returns_a_float(input_list: list[float], expected: float) -> None:
    result = sum_list(input_list)
    assert result == pytest.approx(expected)
    assert isinstance(result, float)


def test_an_empty_list_sums_to_zero() -> None:
    # Its type is the annotations.extras task's: sum([]) alone is the int 0.
    assert sum_list([]) == 0


def test_does_not_modify_the_list() -> None:
    numbers = [1.5, 2.5]
    sum_list(numbers)
    assert numbers == [1.5, 2.5]


def test_annotations(assert_hints) -> None:
    assert_hints(sum_list, {"input_list": list[float], "return": float})


def test_passes_mypy(mypy_report) -> None:
    mypy_report.assert_clean("sum_list.py")
