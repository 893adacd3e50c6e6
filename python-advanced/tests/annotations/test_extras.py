"""annotations.extras: promises the portfolio keeps beyond the program's text.

The program asks for annotations and checks its examples; it never runs `mypy --strict`
(which rejects its own bare `Tuple`, `List` and `Mapping`), and it only says a result
"should be annotated as a float". Here every result is the type its annotation
promises, also for the inputs the program's examples skip, and the unit passes
`mypy --strict`.
"""

import pytest
from annotations.sum_list import sum_list
from annotations.sum_mixed_list import sum_mixed_list
from annotations.to_kv import to_kv

pytestmark = pytest.mark.task("annotations.extras")

FILES = [
    "add.py",
    "concat.py",
    "floor.py",
    "to_str.py",
    "define_variables.py",
    "sum_list.py",
    "sum_mixed_list.py",
    "to_kv.py",
    "make_multiplier.py",
    "element_length.py",
    "safe_first_element.py",
    "safely_get_value.py",
    "zoom_array.py",
]


def test_an_empty_list_sums_to_a_float() -> None:
    result = sum_list([])
    assert (result, type(result)) == (0.0, float)  # sum([]) alone is the int 0


@pytest.mark.parametrize(("mxd_lst", "expected"), [([1, 2, 3], 6.0), ([], 0.0)])
def test_only_ints_or_nothing_still_sum_to_a_float(
    mxd_lst: list[int | float], expected: float
) -> None:
    result = sum_mixed_list(mxd_lst)
    assert (result, type(result)) == (expected, float)


def test_the_square_of_an_int_is_a_float() -> None:
    _key, square = to_kv("eggs", 3)
    assert (square, type(square)) == (9.0, float)  # 3 ** 2 alone is the int 9


@pytest.mark.parametrize("file_name", FILES)
def test_passes_mypy_strict(mypy_strict_report, file_name: str) -> None:
    mypy_strict_report.assert_clean(file_name)
