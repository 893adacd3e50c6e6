"""101-safely_get_value.py: safely_get_value(dct, key, default=None), typed with a TypeVar."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, TypeVar

import pytest
from annotations.safely_get_value import safely_get_value

pytestmark = pytest.mark.task("annotations.safely_get_value")

T = TypeVar("T")


def test_present_key_gives_its_value() -> None:
    assert safely_get_value({"a": 1, "b": 2}, "b", 0) == 2


@pytest.mark.parametrize("stored", [None, 0, "", False])
def test_a_falsy_stored_value_is_still_the_value(stored: object) -> None:
    assert safely_get_value({"a": stored}, "a", "default") is stored


def test_missing_key_gives_the_default() -> None:
    assert safely_get_value({"a": 1}, "z", 42) == 42


def test_missing_key_without_default_gives_none() -> None:
    assert safely_get_value({"a": 1}, "z") is None


def test_works_on_any_mapping() -> None:
    frozen = MappingProxyType({1: "one"})
    assert (safely_get_value(frozen, 1), safely_get_value(frozen, 2, "none")) == ("one", "none")


def test_annotations(assert_hints, hint_options) -> None:
    one_of, _kind = hint_options
    # The program's own answer annotates dct as a bare Mapping; Mapping[Any, T] says more.
    dct = one_of(Mapping[Any, T], Mapping[Any, Any])
    assert_hints(
        safely_get_value, {"dct": dct, "key": Any, "default": T | None, "return": Any | T}
    )


def test_passes_mypy(mypy_report) -> None:
    mypy_report.assert_clean("safely_get_value.py")
