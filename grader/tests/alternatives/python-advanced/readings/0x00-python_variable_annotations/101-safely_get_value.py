#!/usr/bin/env python3
"""Module for task 11: more involved type annotations"""
from typing import Any, Mapping, TypeVar, Union

T = TypeVar('T')


def safely_get_value(dct: Mapping, key: Any,
                     default: Union[T, None] = None) -> Union[Any, T]:
    """Return the value of key in dct, or default"""
    if key in dct:
        return dct[key]
    else:
        return default
