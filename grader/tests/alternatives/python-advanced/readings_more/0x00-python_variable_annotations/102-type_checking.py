#!/usr/bin/env python3
"""Type checking: the argument annotated for the list the module passes"""
from typing import List, Sequence


def zoom_array(lst: Sequence[int], factor: int = 2) -> List[int]:
    """Repeat each item factor times"""
    zoomed_in: List[int] = [
        item for item in lst
        for i in range(factor)
    ]
    return zoomed_in


array = [12, 72, 91]

zoom_2x = zoom_array(array)

zoom_3x = zoom_array(array, 3)
