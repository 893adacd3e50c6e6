#!/usr/bin/env python3
"""More involved type annotations"""
from typing import Any, Mapping, Optional, TypeVar, Union

T = TypeVar("T")


def safely_get_value(dct: Mapping[Any, T], key: Any,
                     default: Optional[T] = None) -> Union[Any, T]:
    """Value of key in dct, or default"""
    if key in dct:
        return dct[key]
    return default
