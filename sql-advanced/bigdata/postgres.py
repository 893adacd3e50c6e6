"""PostgreSQL: `COPY ... FROM STDIN`, streamed through psycopg in blocks of lines.

Following the manual's "Populating a Database": the foreign keys, primary and unique
keys and indexes are read from the catalog and dropped, the tables are truncated and
filled with COPY ... FREEZE in one transaction (frozen rows need no later vacuum), then
the keys and indexes are rebuilt with a larger maintenance_work_mem and the foreign keys
added back, which checks every row in one join instead of one lookup per row.
"""

from __future__ import annotations

import functools
from typing import Any

from bigdata.rows import COLUMNS, TABLES, DataSet
from bigdata.steps import Steps, check_count, tsv

BLOCK = 20_000  # lines per COPY write
MAINTENANCE_WORK_MEM = "256MB"  # for this session's index builds only
KEYS = (
    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype"
    " FROM pg_constraint WHERE connamespace = current_schema()::regnamespace"
    " AND contype IN ('p', 'u', 'f') ORDER BY contype = 'f', conrelid::regclass::text, conname"
)
INDEXES = (
    "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
    " JOIN pg_class AS t ON t.oid = indrelid"
    " WHERE t.relnamespace = current_schema()::regnamespace"
    " AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)"
    " ORDER BY 1"
)


def load(connection: Any, data: DataSet) -> dict[str, float]:
    steps = Steps()
    cursor = connection.cursor()
    cursor.execute("SET TimeZone = 'UTC'")
    cursor.execute(f"SET maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
    keys = cursor.execute(KEYS).fetchall()
    indexes = cursor.execute(INDEXES).fetchall()
    with connection.transaction():
        steps.run("drop keys", lambda: _drop(cursor, keys, indexes))
        cursor.execute(f"TRUNCATE {', '.join(TABLES)}")  # lets COPY write frozen rows
        for table in TABLES:
            steps.run(table, functools.partial(_copy, cursor, table, data))
        steps.run("keys", lambda: _add(cursor, [k for k in keys if k[3] != "f"]))
        steps.run("indexes", lambda: [cursor.execute(sql) for _, sql in indexes])
        steps.run("foreign keys", lambda: _add(cursor, [k for k in keys if k[3] == "f"]))
    steps.run("analyze", lambda: cursor.execute(f"VACUUM ANALYZE {', '.join(TABLES)}"))
    cursor.close()
    return steps.seconds


def _copy(cursor: Any, table: str, data: DataSet) -> None:
    lines = data.lines[table]
    columns = ", ".join(COLUMNS[table])
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN WITH (FREEZE)") as copy:
        for start in range(0, len(lines), BLOCK):
            copy.write(tsv(lines[start : start + BLOCK]))
    check_count(table, cursor.rowcount, data.count(table))


def _drop(cursor: Any, keys: list[tuple[str, ...]], indexes: list[tuple[str, str]]) -> None:
    for table, name, _, _ in sorted(keys, key=lambda key: key[3] != "f"):  # children first
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")


def _add(cursor: Any, keys: list[tuple[str, ...]]) -> None:
    for table, name, definition, _ in keys:
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
