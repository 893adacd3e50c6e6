"""6-sum_mixed_list.py: sum_mixed_list(mxd_lst: list[int | float]) -> float."""

import pytest
from annotations.sum_mixed_list import sum_mixed_list

pytestmark = pytest.mark.task("annotations.sum_mixed_list")


@pytest.mark.parametrize(
    ("mxd_lst", "expected"),
    [([5, 4, 3.14, 666, 0.99], 679.13), ([1.5, -1.5], 0.0), ([-2, 0.5], -1.5)],
)
def test_sums_and_returns_a_float(mxd_lst: list[int | float], expected: float) -> None:
    result = sum_mixed_list(mxd_lst)
    assert result == pytest.approx(expected)
    assert isinstance(result, float)


@pytest.mark.parametrize(("mxd_lst", "expected"), [([1, 2, 3], 6), ([], 0)])
def test_only_ints_or_nothing_still_sum(mxd_lst: list[int | float], expected: float) -> None:
    # Whether the result is then a float is the annotations.extras task's.
    assert sum_mixed_list(mxd_lst) == expected


def test_annotations(assert_hints) -> None:
    assert_hints(sum_mixed_list, {"mxd_lst": list[int | float], "return": float})


def test_passes_mypy(mypy_report) -> None:
    mypy_report.assert_clean("sum_mixed_list.py")
