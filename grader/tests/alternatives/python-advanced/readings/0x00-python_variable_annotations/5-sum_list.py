#!/usr/bin/env python3
"""Module for task 5"""
from typing import List


def sum_list(input_list: List[float]) -> float:
    """Return the sum of a list of floats"""
    return sum(input_list)
