"""Exercise 9 (9-element_length.py): annotating an existing function's duck-typed argument."""

from collections.abc import Iterable, Sequence
from typing import Any


def element_length(lst: Iterable[Sequence[Any]]) -> list[tuple[Sequence[Any], int]]:
    """Return each element of lst paired with its length."""
    return [(element, len(element)) for element in lst]
