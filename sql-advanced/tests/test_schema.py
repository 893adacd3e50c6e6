"""The three schema files are one schema: each engine's catalog matches one description.

EXPECTED is the issue's table list written once, in engine-neutral types. Each engine's
own catalog (SQLite's PRAGMAs, information_schema and pg_catalog on the servers) is read
back into the same shape and compared with it: tables, columns in order with their types
and nullability, primary keys, foreign keys, unique constraints and named secondary
indexes. Then the behaviour the dialects spell differently: timestamp defaults and
properties.updated_at following updates (ON UPDATE on MariaDB, triggers elsewhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

import pytest
from sqlrunner.runner import normalise

pytestmark = pytest.mark.task("schema.tables")


class Db(Protocol):  # conftest.Db
    engine: str

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]: ...
    def run(self, sql: str, params: tuple[Any, ...] = ()) -> None: ...


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


def _uuid(name: str) -> Column:
    return Column(name, "uuid")


EXPECTED = {
    "users": Table(
        columns=(
            _uuid("user_id"),
            Column("first_name", "varchar(100)"),
            Column("last_name", "varchar(100)"),
            Column("email", "varchar(255)"),
            Column("password_hash", "varchar(255)"),
            Column("phone_number", "varchar(32)", nullable=True),
            Column("role", "enum('guest','host','admin')"),
            Column("created_at", "timestamp"),
        ),
        primary_key=("user_id",),
        unique=frozenset({("email",)}),
    ),
    "properties": Table(
        columns=(
            _uuid("property_id"),
            _uuid("host_id"),
            Column("name", "varchar(200)"),
            Column("description", "text"),
            Column("location", "varchar(200)"),
            Column("pricepernight", "money"),
            Column("created_at", "timestamp"),
            Column("updated_at", "timestamp"),
        ),
        primary_key=("property_id",),
        foreign_keys=frozenset({("host_id", "users", "user_id")}),
        indexes=frozenset({("idx_properties_host", ("host_id",))}),
    ),
    "bookings": Table(
        columns=(
            _uuid("booking_id"),
            _uuid("property_id"),
            _uuid("user_id"),
            Column("start_date", "date"),
            Column("end_date", "date"),
            Column("total_price", "money"),
            Column("status", "enum('pending','confirmed','canceled')"),
            Column("created_at", "timestamp"),
        ),
        primary_key=("booking_id",),
        foreign_keys=frozenset(
            {("property_id", "properties", "property_id"), ("user_id", "users", "user_id")}
        ),
        indexes=frozenset(
            {("idx_bookings_property", ("property_id",)), ("idx_bookings_user", ("user_id",))}
        ),
    ),
    "payments": Table(
        columns=(
            _uuid("payment_id"),
            _uuid("booking_id"),
            Column("amount", "money"),
            Column("payment_date", "timestamp"),
            Column("payment_method", "enum('credit_card','paypal','stripe')"),
        ),
        primary_key=("payment_id",),
        foreign_keys=frozenset({("booking_id", "bookings", "booking_id")}),
        indexes=frozenset({("idx_payments_booking", ("booking_id",))}),
    ),
    "reviews": Table(
        columns=(
            _uuid("review_id"),
            _uuid("property_id"),
            _uuid("user_id"),
            Column("rating", "integer"),
            Column("comment", "text"),
            Column("created_at", "timestamp"),
        ),
        primary_key=("review_id",),
        foreign_keys=frozenset(
            {("property_id", "properties", "property_id"), ("user_id", "users", "user_id")}
        ),
        indexes=frozenset(
            {("idx_reviews_property", ("property_id",)), ("idx_reviews_user", ("user_id",))}
        ),
    ),
    "messages": Table(
        columns=(
            _uuid("message_id"),
            _uuid("sender_id"),
            _uuid("recipient_id"),
            Column("message_body", "text"),
            Column("sent_at", "timestamp"),
        ),
        primary_key=("message_id",),
        foreign_keys=frozenset(
            {("sender_id", "users", "user_id"), ("recipient_id", "users", "user_id")}
        ),
        indexes=frozenset(
            {
                ("idx_messages_sender", ("sender_id",)),
                ("idx_messages_recipient", ("recipient_id",)),
            }
        ),
    ),
}

# Each engine-neutral kind as the engine's catalog spells it. SQLite's STRICT tables know
# only TEXT, INTEGER and REAL: lengths, value lists and date formats are CHECKs there
# (test_constraints.py shows they hold).
DECLARED = {
    "sqlite": {"uuid": "TEXT", "text": "TEXT", "money": "REAL", "integer": "INTEGER",
               "date": "TEXT", "timestamp": "TEXT", "varchar": "TEXT", "enum": "TEXT"},
    "mysql": {"uuid": "char(36)", "text": "text", "money": "decimal(10,2)", "integer": "int",
              "date": "date", "timestamp": "timestamp"},
    "postgres": {"uuid": "uuid", "text": "text", "money": "numeric(10,2)", "integer": "integer",
                 "date": "date", "timestamp": "timestamp with time zone"},
}  # fmt: skip


def declared_type(engine: str, kind: str) -> str:
    family = kind.split("(")[0]
    if family in DECLARED[engine]:
        return DECLARED[engine][family]
    if family == "varchar" and engine == "postgres":
        return kind.replace("varchar", "character varying")
    return kind  # varchar(n) and enum('a','b') on MySQL, enum on PostgreSQL


def expected_for(engine: str) -> dict[str, Table]:
    return {
        name: Table(
            columns=tuple(
                Column(c.name, declared_type(engine, c.kind), c.nullable) for c in table.columns
            ),
            primary_key=table.primary_key,
            foreign_keys=table.foreign_keys,
            unique=table.unique,
            indexes=table.indexes,
        )
        for name, table in EXPECTED.items()
    }


# --- reading each engine's catalog back into Tables -------------------------------------


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


# --- the schema on each engine -----------------------------------------------------------


def test_schema_creates_exactly_the_six_tables(empty_db: Db) -> None:
    assert sorted(describe(empty_db)) == sorted(EXPECTED)


def test_columns_in_order_with_types_and_nullability(empty_db: Db) -> None:
    found = describe(empty_db)
    expected = expected_for(empty_db.engine)
    for name, table in expected.items():
        assert name in found, f"no table {name}"
        assert found[name].columns == table.columns, name


@pytest.mark.parametrize("part", ["primary_key", "foreign_keys", "unique", "indexes"])
def test_keys_constraints_and_indexes(empty_db: Db, part: str) -> None:
    found = describe(empty_db)
    assert {name: getattr(table, part) for name, table in found.items()} == {
        name: getattr(table, part) for name, table in EXPECTED.items()
    }


def test_every_foreign_key_column_is_indexed(empty_db: Db) -> None:
    """The program asks for indexes on property_id and booking_id (and email, unique)."""
    for name, table in describe(empty_db).items():
        leading = {columns[0] for _, columns in table.indexes} | {u[0] for u in table.unique}
        assert {column for column, _, _ in table.foreign_keys} <= leading, name
    assert ("email",) in describe(empty_db)["users"].unique


# --- defaults and properties.updated_at ----------------------------------------------------

HOST = "0b7e3c1a-5d2f-4e8a-9c6b-1f2a3b4c5d6e"
GUEST = "5f1d2c3b-4a59-4e8d-8c7b-6a5f4e3d2c1b"
PROPERTY = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
BOOKING = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"
OLD = "2001-02-03 04:05:06"
# One row per table, leaving out every column that has a default.
ROWS = [
    ("users (user_id, first_name, last_name, email, password_hash, role)",
     (HOST, "Hana", "Ito", "hana@example.com", "hash", "host")),
    ("users (user_id, first_name, last_name, email, password_hash, role)",
     (GUEST, "Gus", "Lee", "gus@example.com", "hash", "guest")),
    ("properties (property_id, host_id, name, description, location, pricepernight)",
     (PROPERTY, HOST, "Loft", "Bright", "Lisbon, Portugal", 80)),
    ("bookings (booking_id, property_id, user_id, start_date, end_date, total_price, status)",
     (BOOKING, PROPERTY, GUEST, "2024-05-01", "2024-05-03", 160, "confirmed")),
    ("payments (payment_id, booking_id, amount, payment_method)",
     ("7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a", BOOKING, 160, "paypal")),
    ("reviews (review_id, property_id, user_id, rating, comment)",
     ("2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b", PROPERTY, GUEST, 5, "Great")),
    ("messages (message_id, sender_id, recipient_id, message_body)",
     ("8f9e0d1c-2b3a-4c5d-9e6f-7a8b9c0d1e2f", GUEST, HOST, "Hello")),
]  # fmt: skip
DEFAULTED = [
    ("users", "created_at"),
    ("properties", "created_at"),
    ("properties", "updated_at"),
    ("bookings", "created_at"),
    ("payments", "payment_date"),
    ("reviews", "created_at"),
    ("messages", "sent_at"),
]


def _insert(db: Db, rows: list[tuple[str, tuple[Any, ...]]]) -> None:
    for target, values in rows:
        db.run(f"INSERT INTO {target} VALUES ({', '.join('?' * len(values))})", values)


def _now(db: Db) -> str:
    """The engine's clock, as normalise() prints timestamps (UTC on every engine)."""
    (now,) = db.rows("SELECT CURRENT_TIMESTAMP")[0]
    return str(normalise(now))


def _updated_at(db: Db) -> str:
    (value,) = db.rows("SELECT updated_at FROM properties WHERE property_id = ?", (PROPERTY,))[0]
    return str(normalise(value))


@pytest.fixture
def old_property(empty_db: Db) -> Db:
    """A property last updated long ago (its host too, in empty_db)."""
    _insert(empty_db, ROWS[:1])
    empty_db.run(
        "INSERT INTO properties (property_id, host_id, name, description, location, "
        "pricepernight, updated_at) VALUES (?, ?, 'Loft', 'Bright', 'Lisbon', 80, ?)",
        (PROPERTY, HOST, OLD),
    )
    assert _updated_at(empty_db) == OLD
    return empty_db


def test_timestamp_defaults_are_filled_in(empty_db: Db) -> None:
    before = _now(empty_db)
    _insert(empty_db, ROWS)
    after = _now(empty_db)
    for table, column in DEFAULTED:
        stamps = [
            str(normalise(value)) for (value,) in empty_db.rows(f"SELECT {column} FROM {table}")
        ]
        assert stamps, table
        assert all(before <= stamp <= after for stamp in stamps), (table, column, stamps)


def test_updated_at_moves_forward_when_a_property_changes(old_property: Db) -> None:
    before = _now(old_property)
    old_property.run("UPDATE properties SET pricepernight = 95 WHERE property_id = ?", (PROPERTY,))
    assert before <= _updated_at(old_property) <= _now(old_property)


def test_updated_at_given_by_the_update_is_kept(old_property: Db) -> None:
    old_property.run(
        "UPDATE properties SET pricepernight = 95, updated_at = '2002-03-04 05:06:07' "
        "WHERE property_id = ?",
        (PROPERTY,),
    )
    assert _updated_at(old_property) == "2002-03-04 05:06:07"


def test_updated_at_stays_when_the_update_changes_nothing(old_property: Db) -> None:
    old_property.run("UPDATE properties SET pricepernight = 80 WHERE property_id = ?", (PROPERTY,))
    assert _updated_at(old_property) == OLD
