#!/usr/bin/env python3
"""Module for task 10: duck typing"""
from typing import Any, Sequence, Union


def safe_first_element(lst: Sequence[Any]) -> Union[Any, None]:
    """Return the first element of lst if there is one"""
    if lst:
        return lst[0]
    else:
        return None
