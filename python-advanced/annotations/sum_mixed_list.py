"""Exercise 6 (6-sum_mixed_list.py): a list of ints and floats, a float out."""


def sum_mixed_list(mxd_lst: list[int | float]) -> float:
    """Return the sum of the numbers in mxd_lst as a float, even when all are ints."""
    # mypy accepts an int where a float is promised, so only the 0.0 start makes it a float.
    return sum(mxd_lst, 0.0)
