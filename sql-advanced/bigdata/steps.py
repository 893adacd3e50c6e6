"""What the three loaders share: timing their steps and checking row counts."""

from __future__ import annotations

import time
from collections.abc import Callable


class LoadError(RuntimeError):
    """The engine loaded another number of rows than were generated, or warned."""


class Steps:
    """Seconds per named step, in the order they ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def run(self, name: str, action: Callable[[], object]) -> None:
        started = time.perf_counter()
        action()
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started


def check_count(table: str, loaded: int, expected: int, warnings: int = 0) -> None:
    if loaded != expected or warnings:
        raise LoadError(
            f"{table}: loaded {loaded} rows of {expected}"
            + (f" with {warnings} warnings" if warnings else "")
        )


def tsv(lines: list[str]) -> str:
    """Lines as one block of LOAD DATA / COPY text."""
    return "\n".join(lines) + "\n" if lines else ""
