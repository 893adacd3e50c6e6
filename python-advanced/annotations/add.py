"""Exercise 0 (0-add.py): the simplest annotated function."""


def add(a: float, b: float) -> float:
    """Return the sum of two floats."""
    return a + b
