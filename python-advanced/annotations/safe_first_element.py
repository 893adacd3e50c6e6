"""Exercise 100 (100-safe_first_element.py): duck typing and a result that may be None."""

from collections.abc import Sequence
from typing import Any


def safe_first_element(lst: Sequence[Any]) -> Any | None:
    """Return the first element of lst, or None when lst is empty."""
    # Test the length, not the element: a falsy first element (0, "") is still returned.
    if len(lst) > 0:
        return lst[0]
    return None
