"""1-concat.py: concat(str1: str, str2: str) -> str."""

import pytest
from annotations.concat import concat

pytestmark = pytest.mark.task("annotations.concat")


@pytest.mark.parametrize(
    ("str1", "str2", "expected"),
    [("egg", "shell", "eggshell"), ("", "shell", "shell"), ("egg", "", "egg"), ("", "", "")],
)
def test_concatenates_in_order(str1: str, str2: str, expected: str) -> None:
    assert concat(str1, str2) == expected


def test_annotations(assert_hints) -> None:
    assert_hints(concat, {"str1": str, "str2": str, "return": str})


def test_passes_mypy(mypy_report) -> None:
    mypy_report.assert_clean("concat.py")
