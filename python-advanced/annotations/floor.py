"""Exercise 2 (2-floor.py): a float in, an int out."""

import math


def floor(n: float) -> int:
    """Return the largest integer less than or equal to n."""
    # math.floor, not int(): int() truncates towards zero, so int(-2.5) is -2, not -3.
    return math.floor(n)
