"""3-to_str.py: to_str(n: float) -> str."""

import pytest
from annotations.to_str import to_str

pytestmark = pytest.mark.task("annotations.to_str")


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (3.14, "3.14"),
        (2.0, "2.0"),
        (-0.5, "-0.5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e16, "1e+16"),
    ],
)
def test_is_the_string_representation(n: float, expected: str) -> None:
    assert to_str(n) == expected


def test_annotations(assert_hints) -> None:
    assert_hints(to_str, {"n": float, "return": str})


def test_passes_mypy(mypy_report) -> None:
    mypy_report.assert_clean("to_str.py")
