"""Exercise 7 (7-to_kv.py): a union argument and a tuple result."""


def to_kv(k: str, v: int | float) -> tuple[str, float]:
    """Return the pair (k, v squared), the square always as a float."""
    # float(): an int v squares to an int, and the annotation promises a float.
    return (k, float(v**2))
