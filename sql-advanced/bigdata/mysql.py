"""MariaDB/MySQL: `LOAD DATA LOCAL INFILE` of one tab-separated file per table.

Before loading, the foreign keys and the non-unique secondary indexes are dropped (read
from information_schema, so whatever the schema declares comes back as it was); the
rows go in primary-key order, which InnoDB appends; then each table's indexes are built
in one ALTER TABLE (a sorted build) and the foreign keys are added back with
foreign_key_checks off, which InnoDB does in place without re-reading the rows: the
generator guarantees them, and tests/test_bigdata.py checks that no row is an orphan.
"""

from __future__ import annotations

import functools
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bigdata.rows import COLUMNS, TABLES, DataSet
from bigdata.steps import Steps, check_count, tsv

SESSION = ("time_zone = '+00:00'", "foreign_key_checks = 0", "unique_checks = 0")


@dataclass(frozen=True)
class ForeignKey:
    table: str
    name: str
    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]
    rules: str  # ON UPDATE ... ON DELETE ...

    def add(self) -> str:
        return (
            f"ALTER TABLE {self.table} ADD CONSTRAINT {self.name} FOREIGN KEY"
            f" ({', '.join(self.columns)}) REFERENCES {self.parent}"
            f" ({', '.join(self.parent_columns)}) {self.rules}"
        )


def load(connection: Any, data: DataSet) -> dict[str, float]:
    steps = Steps()
    cursor = connection.cursor()
    try:
        for setting in SESSION:
            cursor.execute(f"SET SESSION {setting}")
        keys, indexes = _foreign_keys(cursor), _secondary_indexes(cursor)
        steps.run("drop keys", lambda: _drop(cursor, keys, indexes))
        with tempfile.TemporaryDirectory(prefix="bigdata-") as folder:
            for table in TABLES:
                steps.run(table, functools.partial(_load_table, cursor, table, data, folder))
        steps.run("indexes", lambda: _add_indexes(cursor, indexes))
        steps.run("foreign keys", lambda: [cursor.execute(key.add()) for key in keys])
        steps.run("analyze", lambda: _analyze(cursor))
    finally:
        cursor.execute("SET SESSION foreign_key_checks = 1")
        cursor.execute("SET SESSION unique_checks = 1")
        cursor.close()
    return steps.seconds


def _load_table(cursor: Any, table: str, data: DataSet, folder: str) -> None:
    path = Path(folder) / f"{table}.tsv"
    path.write_text(tsv(data.lines[table]), encoding="utf-8")
    cursor.execute(
        f"LOAD DATA LOCAL INFILE %s INTO TABLE {table} CHARACTER SET utf8mb4"
        " FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'"
        f" ({', '.join(COLUMNS[table])})",
        (str(path),),
    )
    check_count(table, cursor.rowcount, data.count(table), cursor.connection.warning_count())
    path.unlink()


def _foreign_keys(cursor: Any) -> list[ForeignKey]:
    cursor.execute(
        "SELECT k.table_name, k.constraint_name, k.column_name, k.referenced_table_name,"
        " k.referenced_column_name, r.update_rule, r.delete_rule"
        " FROM information_schema.key_column_usage AS k"
        " JOIN information_schema.referential_constraints AS r"
        "  ON r.constraint_schema = k.constraint_schema"
        "  AND r.constraint_name = k.constraint_name AND r.table_name = k.table_name"
        " WHERE k.table_schema = DATABASE() AND k.referenced_table_name IS NOT NULL"
        " ORDER BY k.table_name, k.constraint_name, k.ordinal_position"
    )
    parts: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for row in cursor.fetchall():
        parts[(row[0], row[1])].append(row)
    return [
        ForeignKey(
            table=table,
            name=name,
            columns=tuple(row[2] for row in rows),
            parent=rows[0][3],
            parent_columns=tuple(row[4] for row in rows),
            rules=f"ON UPDATE {rows[0][5]} ON DELETE {rows[0][6]}",
        )
        for (table, name), rows in parts.items()
    ]


def _secondary_indexes(cursor: Any) -> dict[str, dict[str, list[str]]]:
    """Non-unique indexes: table -> index name -> columns in order."""
    cursor.execute(
        "SELECT table_name, index_name, column_name FROM information_schema.statistics"
        " WHERE table_schema = DATABASE() AND non_unique = 1"
        " ORDER BY table_name, index_name, seq_in_index"
    )
    indexes: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for table, index, column in cursor.fetchall():
        indexes[table][index].append(column)
    return indexes


def _drop(cursor: Any, keys: list[ForeignKey], indexes: dict[str, dict[str, list[str]]]) -> None:
    for key in keys:
        cursor.execute(f"ALTER TABLE {key.table} DROP FOREIGN KEY {key.name}")
    for table, named in indexes.items():
        cursor.execute(f"ALTER TABLE {table} {', '.join(f'DROP INDEX {n}' for n in named)}")


def _add_indexes(cursor: Any, indexes: dict[str, dict[str, list[str]]]) -> None:
    for table, named in indexes.items():
        added = (f"ADD INDEX {name} ({', '.join(columns)})" for name, columns in named.items())
        cursor.execute(f"ALTER TABLE {table} {', '.join(added)}")


def _analyze(cursor: Any) -> None:
    cursor.execute(f"ANALYZE TABLE {', '.join(TABLES)}")
    cursor.fetchall()
