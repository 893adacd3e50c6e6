"""Exercise 8 (8-make_multiplier.py): a function that returns a function."""

from collections.abc import Callable


def make_multiplier(multiplier: float) -> Callable[[float], float]:
    """Return a function that multiplies a float by multiplier."""

    def multiply(value: float) -> float:
        """Return value times the multiplier captured by make_multiplier."""
        return value * multiplier

    return multiply
