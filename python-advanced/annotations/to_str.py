"""Exercise 3 (3-to_str.py): a float in, its string representation out."""


def to_str(n: float) -> str:
    """Return the string representation of n, as str() writes it."""
    return str(n)
