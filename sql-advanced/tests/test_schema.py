"""The three schema files are one schema: each engine's catalog matches one description.

EXPECTED is the issue's table list written once, in engine-neutral types. Each engine's
own catalog (SQLite's PRAGMAs, information_schema and pg_catalog on the servers) is read
back into the same shape and compared with it: tables, columns in order with their types
and nullability, primary keys, foreign keys, unique constraints and named secondary
indexes. Then the behaviour the dialects spell differently: timestamp defaults and
properties.updated_at following updates (ON UPDATE on MariaDB, triggers elsewhere).
"""

from __future__ import annotations

from typing import Any, Protocol

import pytest
from sqlrunner.runner import normalise
from tests.catalog import Column, Table, describe

pytestmark = pytest.mark.task("extras.schema")


class Db(Protocol):  # conftest.Db
    engine: str

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]: ...
    def run(self, sql: str, params: tuple[Any, ...] = ()) -> None: ...


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
