"""SQLite: `executemany` in one transaction (fine for the small sizes the tests use)."""

from __future__ import annotations

import functools
from typing import Any

from bigdata.rows import COLUMNS, TABLES, DataSet
from bigdata.steps import Steps

INTEGER_COLUMNS = {"rating"}
REAL_COLUMNS = {"pricepernight", "total_price", "amount"}


def load(connection: Any, data: DataSet) -> dict[str, float]:
    steps = Steps()
    connection.execute("BEGIN")
    try:
        for table in TABLES:
            steps.run(table, functools.partial(_insert, connection, table, data))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    steps.run("analyze", lambda: connection.execute("ANALYZE"))
    return steps.seconds


def _insert(connection: Any, table: str, data: DataSet) -> None:
    columns = COLUMNS[table]
    marks = ", ".join("?" for _ in columns)
    rows = [_typed(columns, row) for row in data.rows(table)]
    connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _typed(columns: tuple[str, ...], row: tuple[str | None, ...]) -> tuple[Any, ...]:
    """STRICT tables want numbers in REAL and INTEGER columns, not text."""
    return tuple(
        value if value is None
        else float(value) if name in REAL_COLUMNS
        else int(value) if name in INTEGER_COLUMNS
        else value
        for name, value in zip(columns, row, strict=True)
    )  # fmt: skip
