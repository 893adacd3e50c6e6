"""0-add.py: add(a: float, b: float) -> float."""

import pytest
from annotations.add import add

pytestmark = pytest.mark.task("annotations.add")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(1.11, 2.22, 3.33), (-1.5, 1.5, 0.0), (0.0, 0.0, 0.0), (-2.25, -0.5, -2.75)],
)
def test_adds_two_floats(a: float, b: float, expected: float) -> None:
    result = add(a, b)
    assert result == pytest.approx(expected)
    assert isinstance(result, float)


def test_annotations(assert_hints) -> None:
    assert_hints(add, {"a": float, "b": float, "return": float})


def test_passes_mypy(mypy_report) -> None:
    mypy_report.assert_clean("add.py")
