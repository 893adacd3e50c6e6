"""2-floor.py: floor(n: float) -> int."""

import pytest
from annotations.floor import floor

pytestmark = pytest.mark.task("annotations.floor")


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (3.14, 3),
        (3.0, 3),
        (0.0, 0),
        # Negatives round down, away from zero: truncating with int() gives -2 and -0.
        (-2.5, -3),
        (-0.5, -1),
        (-4.0, -4),
    ],
)
def test_rounds_down(n: float, expected: int) -> None:
    result = floor(n)
    assert result == expected, f"not the floor of {n}"
    assert type(result) is int


def test_annotations(assert_hints) -> None:
    assert_hints(floor, {"n": float, "return": int})


def test_passes_mypy(mypy_report) -> None:
    mypy_report.assert_clean("floor.py")
