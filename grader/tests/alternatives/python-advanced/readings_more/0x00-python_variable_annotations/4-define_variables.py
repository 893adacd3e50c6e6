#!/usr/bin/env python3
"""Annotated variables"""
a: int = 1
pi: float = 3.14
i_understand_annotations: bool = True
school: str = 'Holberton'
