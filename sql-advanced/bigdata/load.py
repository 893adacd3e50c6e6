"""Bulk loading of a DataSet into a database that holds the schema and no rows.

Each engine has its own module (mysql.py, postgres.py, sqlite.py) with a `load` function;
they share the advice of both engines' manuals for bulk loads: move the foreign keys and
secondary indexes out of the way, load the rows in one stream, then build the indexes
once (a sorted build, far cheaper than a million single inserts into a B-tree) and put
the foreign keys back. Timestamps are UTC text, so each session is set to UTC first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bigdata import mysql, postgres, sqlite
from bigdata.rows import DataSet

LOADERS: dict[str, Callable[[Any, DataSet], dict[str, float]]] = {
    "mysql": mysql.load,
    "postgres": postgres.load,
    "sqlite": sqlite.load,
}


def load(connection: Any, engine: str, data: DataSet) -> dict[str, float]:
    """Load every table of `data`; return the seconds each step took, in order."""
    loader = LOADERS.get(engine)
    if loader is None:
        raise ValueError(f"unknown engine {engine!r} (known: {', '.join(LOADERS)})")
    started = time.perf_counter()
    seconds = loader(connection, data)
    seconds["total"] = time.perf_counter() - started
    return seconds
