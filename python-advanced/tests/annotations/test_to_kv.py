"""7-to_kv.py: to_kv(k: str, v: int | float) -> tuple[str, float]."""

import pytest
from annotations.to_kv import to_kv

pytestmark = pytest.mark.task("annotations.to_kv")


@pytest.mark.parametrize(
    ("k", "v", "expected"),
    [("eggs", 3, 9.0), ("school", 0.02, 0.0004), ("negative", -4, 16.0), ("zero", 0, 0.0)],
)
def test_pairs_the_key_with_the_square(k: str, v: float, expected: float) -> None:
    key, square = to_kv(k, v)
    assert key == k
    assert square == pytest.approx(expected)  # "annotated as a float": an int v may give 9


def test_returns_a_tuple() -> None:
    assert type(to_kv("eggs", 3)) is tuple


def test_annotations(assert_hints) -> None:
    assert_hints(to_kv, {"k": str, "v": int | float, "return": tuple[str, float]})


def test_passes_mypy(mypy_report) -> None:
    mypy_report.assert_clean("to_kv.py")
