"""8-make_multiplier.py: make_multiplier(multiplier: float) -> Callable[[float], float]."""

from collections.abc import Callable

import pytest
from annotations.make_multiplier import make_multiplier

pytestmark = pytest.mark.task("annotations.make_multiplier")


@pytest.mark.parametrize(
    ("multiplier", "value", "expected"),
    [(2.22, 2.22, 4.9284), (0.5, 10.0, 5.0), (-1.0, 3.5, -3.5), (0.0, 7.0, 0.0)],
)
def test_multiplies(multiplier: float, value: float, expected: float) -> None:
    assert make_multiplier(multiplier)(value) == pytest.approx(expected)


def test_each_function_keeps_its_own_multiplier() -> None:
    double, triple = make_multiplier(2.0), make_multiplier(3.0)
    assert (double(5.0), triple(5.0), double(1.5)) == (10.0, 15.0, 3.0)


def test_annotations(assert_hints) -> None:
    assert_hints(make_multiplier, {"multiplier": float, "return": Callable[[float], float]})


def test_passes_mypy(mypy_report) -> None:
    mypy_report.assert_clean("make_multiplier.py")
