"""Exercise 102 (102-type_checking.py): the program's zoom_array, made to pass mypy --strict.

The program's version annotated the result as a Tuple while building a list, and called
zoom_array with a list and with the float factor 3.0; mypy reports all three.
"""

from typing import Any


def zoom_array(lst: tuple[Any, ...], factor: int = 2) -> list[Any]:
    """Return a list repeating each item of lst factor times in a row."""
    zoomed_in: list[Any] = [item for item in lst for _ in range(factor)]
    return zoomed_in


array = (12, 72, 91)

zoom_2x = zoom_array(array)

zoom_3x = zoom_array(array, 3)
