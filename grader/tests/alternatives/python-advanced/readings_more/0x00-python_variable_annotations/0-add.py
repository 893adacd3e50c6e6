#!/usr/bin/env python3
"""Type-annotated add"""


def add(a: float, b: float) -> float:
    """Sum of two floats"""
    return float(a + b)
