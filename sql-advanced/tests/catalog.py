"""Each engine's own catalog read back into one shape: tables, columns in order with their
types and nullability, primary keys, foreign keys, unique constraints and the secondary
indexes no constraint made (SQLite's PRAGMAs, information_schema and pg_catalog)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol


class Db(Protocol):  # conftest.Db
    engine: str

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]: ...


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # uuid, varchar(n), text, money, integer, date, timestamp or enum('a','b')
    nullable: bool = False


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: frozenset[tuple[str, str, str]] = frozenset()  # column, table, column
    unique: frozenset[tuple[str, ...]] = frozenset()
    indexes: frozenset[tuple[str, tuple[str, ...]]] = frozenset()  # name, columns


@dataclass
class Catalog:
    columns: dict[str, list[Column]] = field(default_factory=dict)
    primary_key: dict[str, list[str]] = field(default_factory=dict)
    foreign_keys: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)
    unique: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # by constraint
    indexes: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # by index name

    def tables(self) -> dict[str, Table]:
        return {
            name: Table(
                columns=tuple(columns),
                primary_key=tuple(self.primary_key.get(name, [])),
                foreign_keys=frozenset(self.foreign_keys.get(name, set())),
                unique=frozenset(tuple(c) for c in self.unique.get(name, {}).values()),
                indexes=frozenset(
                    (index, tuple(c)) for index, c in self.indexes.get(name, {}).items()
                ),
            )
            for name, columns in self.columns.items()
        }


def describe(db: Db) -> dict[str, Table]:
    reader = {"sqlite": _sqlite_catalog, "mysql": _mysql_catalog, "postgres": _postgres_catalog}
    return reader[db.engine](db).tables()


def _sqlite_catalog(db: Db) -> Catalog:
    catalog = Catalog()
    names = db.rows(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    for (table,) in names:
        info = db.rows(f"PRAGMA table_info({table})")  # cid, name, type, notnull, default, pk
        catalog.columns[table] = [Column(c[1], c[2], not c[3]) for c in info]
        catalog.primary_key[table] = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]]
        catalog.foreign_keys[table] = {
            (fk[3], fk[2], fk[4]) for fk in db.rows(f"PRAGMA foreign_key_list({table})")
        }
        for _, index, _, origin, _ in db.rows(f"PRAGMA index_list({table})"):
            columns = [c[2] for c in db.rows(f"PRAGMA index_info({index})")]
            if origin == "u":  # a UNIQUE constraint (its index is unnamed: sqlite_autoindex)
                catalog.unique.setdefault(table, {})[index] = columns
            elif origin == "c":  # CREATE INDEX
                catalog.indexes.setdefault(table, {})[index] = columns
    return catalog


CONSTRAINT_COLUMNS = """
SELECT tc.table_name, tc.constraint_name, tc.constraint_type, kcu.column_name
FROM information_schema.table_constraints AS tc
JOIN information_schema.key_column_usage AS kcu
  ON kcu.constraint_schema = tc.constraint_schema
 AND kcu.constraint_name = tc.constraint_name
 AND kcu.table_name = tc.table_name
WHERE tc.table_schema = {schema} AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE')
ORDER BY tc.table_name, tc.constraint_name, kcu.ordinal_position
"""

MYSQL_COLUMNS = """
SELECT c.table_name, c.column_name, c.column_type, c.is_nullable
FROM information_schema.columns AS c
JOIN information_schema.tables AS t
  ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = DATABASE() AND t.table_type = 'BASE TABLE'
ORDER BY c.table_name, c.ordinal_position
"""

INTEGER_WIDTH = re.compile(r"^int\(\d+\)")

MYSQL_FOREIGN_KEYS = """
SELECT kcu.table_name, kcu.column_name, rc.referenced_table_name, kcu.referenced_column_name
FROM information_schema.referential_constraints AS rc
JOIN information_schema.key_column_usage AS kcu
  ON kcu.constraint_schema = rc.constraint_schema
 AND kcu.constraint_name = rc.constraint_name
 AND kcu.table_name = rc.table_name
WHERE rc.constraint_schema = DATABASE()
"""

# Indexes that no constraint (PRIMARY KEY, UNIQUE, FOREIGN KEY) made
MYSQL_INDEXES = """
SELECT s.table_name, s.index_name, s.column_name
FROM information_schema.statistics AS s
WHERE s.table_schema = DATABASE()
  AND s.index_name NOT IN (
      SELECT tc.constraint_name FROM information_schema.table_constraints AS tc
      WHERE tc.table_schema = s.table_schema AND tc.table_name = s.table_name)
ORDER BY s.table_name, s.index_name, s.seq_in_index
"""


def _mysql_catalog(db: Db) -> Catalog:
    catalog = Catalog()
    for table, column, column_type, nullable in db.rows(MYSQL_COLUMNS):
        kind = INTEGER_WIDTH.sub("int", column_type)  # MariaDB says int(11), MySQL 8 int
        catalog.columns.setdefault(table, []).append(Column(column, kind, nullable == "YES"))
    _constraints(catalog, db.rows(CONSTRAINT_COLUMNS.format(schema="DATABASE()")))
    for table, column, referenced, referenced_column in db.rows(MYSQL_FOREIGN_KEYS):
        catalog.foreign_keys.setdefault(table, set()).add((column, referenced, referenced_column))
    for table, index, column in db.rows(MYSQL_INDEXES):
        catalog.indexes.setdefault(table, {}).setdefault(index, []).append(column)
    return catalog


POSTGRES_COLUMNS = """
SELECT c.table_name, c.column_name, c.data_type, c.character_maximum_length,
       c.numeric_precision, c.numeric_scale,
       (SELECT string_agg(quote_literal(e.enumlabel), ',' ORDER BY e.enumsortorder)
        FROM pg_enum AS e JOIN pg_type AS t ON t.oid = e.enumtypid
        WHERE t.typname = c.udt_name),
       c.is_nullable
FROM information_schema.columns AS c
JOIN information_schema.tables AS t
  ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
ORDER BY c.table_name, c.ordinal_position
"""

# The referenced column is the one at the same position in the referenced key.
POSTGRES_FOREIGN_KEYS = """
SELECT kcu.table_name, kcu.column_name, ref.table_name, ref.column_name
FROM information_schema.referential_constraints AS rc
JOIN information_schema.key_column_usage AS kcu
  ON kcu.constraint_schema = rc.constraint_schema AND kcu.constraint_name = rc.constraint_name
JOIN information_schema.key_column_usage AS ref
  ON ref.constraint_schema = rc.unique_constraint_schema
 AND ref.constraint_name = rc.unique_constraint_name
 AND ref.ordinal_position = kcu.position_in_unique_constraint
WHERE rc.constraint_schema = current_schema()
"""

POSTGRES_INDEXES = """
SELECT i.tablename, i.indexname, a.attname
FROM pg_indexes AS i
JOIN pg_class AS c ON c.relname = i.indexname AND c.relnamespace = i.schemaname::regnamespace
JOIN pg_index AS x ON x.indexrelid = c.oid
JOIN pg_attribute AS a ON a.attrelid = x.indrelid AND a.attnum = ANY (x.indkey)
WHERE i.schemaname = current_schema()
  AND NOT EXISTS (
      SELECT 1 FROM pg_constraint AS k WHERE k.conindid = c.oid)
ORDER BY i.tablename, i.indexname, array_position(x.indkey::int2[], a.attnum)
"""


def _postgres_type(data_type: str, length: int | None, precision: int | None,
                   scale: int | None, labels: str | None) -> str:  # fmt: skip
    if labels is not None:
        return f"enum({labels})"
    if length is not None:
        return f"{data_type}({length})"
    if data_type == "numeric":
        return f"numeric({precision},{scale})"
    return data_type


def _postgres_catalog(db: Db) -> Catalog:
    catalog = Catalog()
    for table, column, *type_parts, nullable in db.rows(POSTGRES_COLUMNS):
        kind = _postgres_type(*type_parts)
        catalog.columns.setdefault(table, []).append(Column(column, kind, nullable == "YES"))
    _constraints(catalog, db.rows(CONSTRAINT_COLUMNS.format(schema="current_schema()")))
    for table, column, referenced, referenced_column in db.rows(POSTGRES_FOREIGN_KEYS):
        catalog.foreign_keys.setdefault(table, set()).add((column, referenced, referenced_column))
    for table, index, column in db.rows(POSTGRES_INDEXES):
        catalog.indexes.setdefault(table, {}).setdefault(index, []).append(column)
    return catalog


def _constraints(catalog: Catalog, rows: list[tuple[str, str, str, str]]) -> None:
    for table, constraint, kind, column in rows:
        if kind == "PRIMARY KEY":
            catalog.primary_key.setdefault(table, []).append(column)
        else:
            catalog.unique.setdefault(table, {}).setdefault(constraint, []).append(column)
