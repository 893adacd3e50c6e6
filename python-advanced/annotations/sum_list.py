"""Exercise 5 (5-sum_list.py): annotating a list argument."""


def sum_list(input_list: list[float]) -> float:
    """Return the sum of the floats in input_list (0.0 for an empty list)."""
    # The start value 0.0 keeps the promise of a float: sum([]) alone returns the int 0.
    return sum(input_list, 0.0)
