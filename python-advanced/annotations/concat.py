"""Exercise 1 (1-concat.py): annotating string arguments."""


def concat(str1: str, str2: str) -> str:
    """Return str1 followed by str2."""
    return str1 + str2
