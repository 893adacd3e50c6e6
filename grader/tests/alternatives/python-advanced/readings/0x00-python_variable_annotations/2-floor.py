#!/usr/bin/env python3
"""Module for task 2: floor of a float"""


def floor(n: float) -> int:
    """Return the floor of n"""
    return int(n // 1)
