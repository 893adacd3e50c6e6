#!/usr/bin/env python3
"""Type-annotated to_str"""


def to_str(n: float) -> str:
    """String representation of a float"""
    return f"{n}"
