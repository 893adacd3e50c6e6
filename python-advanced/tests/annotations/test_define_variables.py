"""4-define_variables.py: four annotated module-level variables."""

import importlib

import pytest

pytestmark = pytest.mark.task("annotations.define_variables")

EXPECTED = {"a": 1, "pi": 3.14, "i_understand_annotations": True, "school": "Holberton"}


def test_values() -> None:
    module = importlib.import_module("annotations.define_variables")
    for name, value in EXPECTED.items():
        assert getattr(module, name, None) == value, name
        assert type(getattr(module, name)) is type(value), name


def test_annotations(assert_hints) -> None:
    module = importlib.import_module("annotations.define_variables")
    assert_hints(module, {"a": int, "pi": float, "i_understand_annotations": bool, "school": str})


def test_passes_mypy(mypy_report) -> None:
    mypy_report.assert_clean("define_variables.py")
